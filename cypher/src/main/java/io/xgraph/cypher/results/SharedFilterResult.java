package io.xgraph.cypher.results;

import java.util.List;
import org.neo4j.procedure.Description;

/** One CNN filter with patterns in several graphs (row of {@code xg.filter.shared}). */
public final class SharedFilterResult {
  @Description("The CNN (Model.name).")
  public final String model;

  @Description("Layer name (ONNX tensor).")
  public final String layer;

  @Description("Filter (channel) of the layer.")
  public final long channel;

  @Description("Graphs (ExplanatoryGraph.name) with at least one pattern of this filter, sorted.")
  public final List<String> graphs;

  @Description("Categories of those graphs, in the same order (\"\" where not named).")
  public final List<String> categories;

  @Description("Number of graphs with a pattern of this filter.")
  public final long graphCount;

  @Description("Number of patterns of this filter over those graphs.")
  public final long patterns;

  @Description("Mean of the patterns' meanScore.")
  public final double meanScore;

  public SharedFilterResult(
      String model,
      String layer,
      long channel,
      List<String> graphs,
      List<String> categories,
      long graphCount,
      long patterns,
      double meanScore) {
    this.model = model;
    this.layer = layer;
    this.channel = channel;
    this.graphs = graphs;
    this.categories = categories;
    this.graphCount = graphCount;
    this.patterns = patterns;
    this.meanScore = meanScore;
  }
}
