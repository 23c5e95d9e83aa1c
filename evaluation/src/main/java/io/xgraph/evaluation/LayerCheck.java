package io.xgraph.evaluation;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.util.List;

/** The check every evaluation makes first: a graph is evaluated on the layers it was learned on. */
public final class LayerCheck {

  private LayerCheck() {}

  /**
   * Refuses a graph whose layers are not the feature store's: {@code storeWord} names the store in
   * the per-layer message, {@code fix} ends both messages.
   */
  public static void requireSameLayers(
      List<LayerGeometry> layers, ExplanatoryGraph graph, String storeWord, String fix) {
    if (layers.size() != graph.layers().size()) {
      throw new IllegalArgumentException(
          "Graph has " + graph.layers().size() + " layers, feature store " + layers.size() + fix);
    }
    for (int l = 0; l < layers.size(); l++) {
      if (!layers.get(l).equals(graph.layers().get(l).geometry())) {
        throw new IllegalArgumentException(
            "Layer "
                + l
                + " of the graph is "
                + graph.layers().get(l).geometry().name()
                + ", of the "
                + storeWord
                + " "
                + layers.get(l).name()
                + fix);
      }
    }
  }
}
