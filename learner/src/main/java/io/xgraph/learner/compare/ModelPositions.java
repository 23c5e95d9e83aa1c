package io.xgraph.learner.compare;

import io.xgraph.learner.eval.Stability;
import java.util.List;

/**
 * One model's side of a comparison: its graph's inference per layer and, optionally, the raw-filter
 * baseline's detections per layer, all over the same images in the same order.
 *
 * @param model model name (as stored with the graph)
 * @param layers the graph's layers, lowest first
 * @param rawFilters raw-filter detections per layer ({@code [filter][image]}); empty when not
 *     computed
 */
public record ModelPositions(
    String model, List<LayerPositions> layers, List<Stability.LayerDetections> rawFilters) {

  public ModelPositions {
    layers = List.copyOf(layers);
    rawFilters = List.copyOf(rawFilters);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("Model `" + model + "` has no layers to compare");
    }
  }

  /** Total number of patterns over all layers. */
  public int patternCount() {
    return layers.stream().mapToInt(LayerPositions::size).sum();
  }
}
