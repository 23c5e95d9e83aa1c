package io.xgraph.cypher.results;

import org.neo4j.procedure.Description;

/** The image patch of a pattern's top image (row of {@code xg.pattern.patch}). */
public final class PatchResult {
  @Description("Pattern key, '<model>:<id>'.")
  public final String patternKey;

  @Description("Rank among the pattern's top images, 0 = strongest.")
  public final long rank;

  @Description("Image id.")
  public final String imageId;

  @Description(
      "PNG, 112 x 112: the layer's receptive field around the inferred position, cut from the"
          + " original image through its object box.")
  public final byte[] png;

  @Description(
      "URL of the same PNG on the serving xgraph serve (for Browser and web pages), or null when"
          + " the store is not served with HTTP by xgraph serve.")
  public final String url;

  public PatchResult(String patternKey, long rank, String imageId, byte[] png, String url) {
    this.patternKey = patternKey;
    this.rank = rank;
    this.imageId = imageId;
    this.png = png;
    this.url = url;
  }
}
