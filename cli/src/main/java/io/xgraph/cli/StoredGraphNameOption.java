package io.xgraph.cli;

import io.xgraph.learner.model.ExplanatoryGraph;
import picocli.CommandLine.Option;

/** Which stored graph the figures of a graph file are written to: its model's name by default. */
final class StoredGraphNameOption {

  @Option(
      names = "--graph-name",
      paramLabel = "NAME",
      description = "Name of the graph in the store (default: the graph's model name)")
  String graphName;

  /** The stored graph's name for {@code graph}. */
  String of(ExplanatoryGraph graph) {
    return graphName != null ? graphName : graph.modelName();
  }
}
