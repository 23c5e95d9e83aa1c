package io.xgraph.cypher.results;

import org.neo4j.graphdb.Node;
import org.neo4j.procedure.Description;

/** One similar pattern (row of {@code xg.pattern.similar}). */
public final class SimilarResult {
  @Description("The pattern asked about.")
  public final String patternKey;

  @Description("Rank, 1 = most similar.")
  public final long rank;

  @Description("Key of the similar pattern, '<graph>:<id>'.")
  public final String key;

  @Description("Its graph.")
  public final String graph;

  @Description("Its layer index.")
  public final long layerIndex;

  @Description("Its filter.")
  public final long channel;

  @Description(
      "Cosine of the two descriptors: the mean of the correlations of their movement and of"
          + " their response over the probe images (1 = the same).")
  public final double similarity;

  @Description("The similar pattern's Pattern node.")
  public final Node node;

  public SimilarResult(
      String patternKey,
      long rank,
      String key,
      String graph,
      long layerIndex,
      long channel,
      double similarity,
      Node node) {
    this.patternKey = patternKey;
    this.rank = rank;
    this.key = key;
    this.graph = graph;
    this.layerIndex = layerIndex;
    this.channel = channel;
    this.similarity = similarity;
    this.node = node;
  }
}
