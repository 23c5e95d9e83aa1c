package io.xgraph.cypher.results;

import org.neo4j.graphdb.Node;
import org.neo4j.procedure.Description;

/** One pattern (row of {@code xg.pattern.lookup}). */
public final class PatternResult {
  @Description("Pattern key, '<model>:<id>' (unique).")
  public final String key;

  @Description("Pattern id within the model.")
  public final long id;

  @Description("Layer name.")
  public final String layer;

  @Description("Layer index, 0 = lowest.")
  public final long layerIndex;

  @Description("Filter (channel) index within the layer.")
  public final long channel;

  @Description("Index of the pattern among the patterns of its filter.")
  public final long slot;

  @Description("Prior position x, input-plane pixels.")
  public final double muX;

  @Description("Prior position y, input-plane pixels.")
  public final double muY;

  @Description("Deformation sigma, pixels.")
  public final double sigma;

  @Description("Mean inference score over the training images.")
  public final double meanScore;

  @Description("The Pattern node.")
  public final Node node;

  @Description(
      "Patterns that pass the filter, on all pages: more than skip + rows returned means the"
          + " limit cut the rest (page on with skip).")
  public final long total;

  public PatternResult(
      String key,
      long id,
      String layer,
      long layerIndex,
      long channel,
      long slot,
      double muX,
      double muY,
      double sigma,
      double meanScore,
      Node node,
      long total) {
    this.key = key;
    this.id = id;
    this.layer = layer;
    this.layerIndex = layerIndex;
    this.channel = channel;
    this.slot = slot;
    this.muX = muX;
    this.muY = muY;
    this.sigma = sigma;
    this.meanScore = meanScore;
    this.node = node;
    this.total = total;
  }
}
