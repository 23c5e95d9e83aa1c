package io.xgraph.cli;

import io.xgraph.store.Provenance;
import picocli.CommandLine.Option;

/**
 * Which graph of the store a learned graph becomes: by default the model's name (one graph per CNN,
 * as before); with {@code --category} one graph per object category of the same CNN.
 */
final class GraphNameOptions {

  @Option(
      names = "--category",
      paramLabel = "NAME",
      description =
          "Object category the images show (e.g. a CUB class such as 001); stored on the graph,"
              + " and the graph is named <model>-<category> unless --graph names it")
  String category;

  @Option(
      names = "--graph",
      paramLabel = "NAME",
      description =
          "Name of the graph in the store (default: the model name, or <model>-<category>);"
              + " writing again under the same name and category replaces that graph, a name"
              + " holding another category or model is refused")
  String graph;

  /** The graph's name in the store for a graph of {@code model}. */
  String graphName(String model) {
    if (graph != null) {
      return graph;
    }
    return category == null ? model : model + "-" + category.strip();
  }

  /** {@code provenance} naming the category, if one was given. */
  Provenance apply(Provenance provenance) {
    return category == null ? provenance : provenance.withCategory(category);
  }

  /** Refuses blank names before anything is learned. */
  void check() {
    if (graph != null && (graph.isBlank() || !graph.equals(graph.strip()))) {
      throw new IllegalArgumentException(
          "--graph `"
              + graph
              + "` is not usable: give a non-blank name without surrounding spaces");
    }
    if (category != null && category.isBlank()) {
      throw new IllegalArgumentException(
          "--category is empty: give the category's name (e.g. 001), or leave the option out");
    }
  }
}
