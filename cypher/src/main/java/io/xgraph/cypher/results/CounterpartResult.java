package io.xgraph.cypher.results;

import org.neo4j.graphdb.Node;
import org.neo4j.procedure.Description;

/** One counterpart of a pattern in another model (row of {@code xg.pattern.counterparts}). */
public final class CounterpartResult {
  @Description("The pattern asked about.")
  public final String patternKey;

  @Description("Key of the counterpart, '<model>:<id>'.")
  public final String key;

  @Description("The other model.")
  public final String model;

  @Description("Pattern id of the counterpart.")
  public final long id;

  @Description("Layer name of the counterpart.")
  public final String layer;

  @Description("Layer index of the counterpart.")
  public final long layerIndex;

  @Description(
      "Mean over shared firing images of the capped distance of the inferred positions, divided"
          + " by 224*sqrt2 (smaller is closer).")
  public final double distance;

  @Description("Shared images on which both fire.")
  public final long support;

  @Description("Rank, 0 = best counterpart.")
  public final long rank;

  @Description("The counterpart's Pattern node.")
  public final Node node;

  public CounterpartResult(
      String patternKey,
      String key,
      String model,
      long id,
      String layer,
      long layerIndex,
      double distance,
      long support,
      long rank,
      Node node) {
    this.patternKey = patternKey;
    this.key = key;
    this.model = model;
    this.id = id;
    this.layer = layer;
    this.layerIndex = layerIndex;
    this.distance = distance;
    this.support = support;
    this.rank = rank;
    this.node = node;
  }
}
