package io.xgraph.cypher.results;

import org.neo4j.graphdb.Node;
import org.neo4j.procedure.Description;

/** A pattern near a point (row of {@code xg.pattern.near}). */
public final class NearResult {
  @Description("Pattern key, '<model>:<id>'.")
  public final String key;

  @Description("Pattern id within the model.")
  public final long id;

  @Description("Layer name.")
  public final String layer;

  @Description("Layer index, 0 = lowest.")
  public final long layerIndex;

  @Description("Rank by distance within the layer, 0 = closest.")
  public final long rank;

  @Description("Distance of the prior position from the point, pixels.")
  public final double distance;

  @Description("Filter (channel) index within the layer.")
  public final long channel;

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

  public NearResult(
      String key,
      long id,
      String layer,
      long layerIndex,
      long rank,
      double distance,
      long channel,
      double muX,
      double muY,
      double sigma,
      double meanScore,
      Node node) {
    this.key = key;
    this.id = id;
    this.layer = layer;
    this.layerIndex = layerIndex;
    this.rank = rank;
    this.distance = distance;
    this.channel = channel;
    this.muX = muX;
    this.muY = muY;
    this.sigma = sigma;
    this.meanScore = meanScore;
    this.node = node;
  }
}
