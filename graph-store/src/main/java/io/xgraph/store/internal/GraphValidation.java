package io.xgraph.store.internal;

import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import java.util.HashSet;
import java.util.Set;

/** Checks, before anything is written, the invariants the store relies on to read a graph back. */
final class GraphValidation {

  /**
   * The refusal of a write about graph {@code graph} (labels, occlusion figures, descriptors) that
   * the store at {@code location} does not hold.
   */
  static IllegalArgumentException graphNotStored(String graph, String location) {
    return new IllegalArgumentException(
        "Graph `"
            + graph
            + "` is not in the store "
            + location
            + ": write it first (xgraph learn or xgraph demo), or name the stored graph with"
            + " --graph-name");
  }

  private GraphValidation() {}

  /** A graph name keys patterns as {@code "<graph>:<id>"}: not blank, no surrounding spaces. */
  static void checkGraphName(String name) {
    if (name == null || name.isBlank() || !name.equals(name.strip())) {
      throw new IllegalArgumentException(
          "Graph name `"
              + name
              + "` is not usable: give a non-blank name without leading or trailing spaces"
              + " (e.g. the model name, or `<model>-<category>`)");
    }
  }

  static void check(ExplanatoryGraph graph) {
    if (graph.modelName() == null || graph.modelName().isBlank()) {
      throw new IllegalArgumentException(
          "Graph has an empty `modelName`: name the model (e.g. squeezenet1.1)");
    }
    if (graph.modelSha256() == null) {
      throw new IllegalArgumentException(
          "Graph of `" + graph.modelName() + "` has no `modelSha256`: give the ONNX file's hash");
    }
    Set<Integer> ids = new HashSet<>();
    Set<String> layerNames = new HashSet<>();
    int previousIndex = Integer.MIN_VALUE;
    for (int li = 0; li < graph.layers().size(); li++) {
      GraphLayer layer = graph.layers().get(li);
      String name = layer.geometry().name();
      if (!layerNames.add(name)) {
        throw new IllegalArgumentException(
            "Graph has layer `" + name + "` twice: names must be unique");
      }
      if (layer.geometry().index() <= previousIndex) {
        throw new IllegalArgumentException(
            "Layer `"
                + name
                + "` has index "
                + layer.geometry().index()
                + " after index "
                + previousIndex
                + ": layers must be listed lowest first with increasing index");
      }
      previousIndex = layer.geometry().index();
      int previousId = Integer.MIN_VALUE;
      for (Pattern p : layer.patterns()) {
        if (p.layer() != li) {
          throw new IllegalArgumentException(
              "Pattern "
                  + p.id()
                  + " is listed in layer "
                  + li
                  + " (`"
                  + name
                  + "`) but has layer = "
                  + p.layer());
        }
        if (p.id() <= previousId || !ids.add(p.id())) {
          throw new IllegalArgumentException(
              "Pattern id "
                  + p.id()
                  + " in layer `"
                  + name
                  + "` is repeated or out of order: ids must increase within a layer and be unique");
        }
        previousId = p.id();
        for (Firing f : p.topImages()) {
          if (f.imageId() == null || f.imageId().isEmpty()) {
            throw new IllegalArgumentException(
                "Pattern " + p.id() + " has a top image with an empty `imageId`");
          }
        }
      }
    }
    for (GraphLayer layer : graph.layers()) {
      for (Pattern p : layer.patterns()) {
        for (ParentLink link : p.parents()) {
          if (!ids.contains(link.parentId())) {
            throw new IllegalArgumentException(
                "Pattern "
                    + p.id()
                    + " has a parent link to pattern "
                    + link.parentId()
                    + ", which is not in the graph");
          }
        }
      }
    }
  }
}
