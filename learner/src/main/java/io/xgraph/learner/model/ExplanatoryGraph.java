package io.xgraph.learner.model;

import java.util.List;
import java.util.Map;

/**
 * A learned explanatory graph: immutable, self-contained (inference on a new image needs nothing
 * else but that image's normalised feature maps).
 *
 * @param modelName name of the CNN
 * @param modelSha256 SHA-256 of the ONNX file the graph was learned from
 * @param layers graph layers, lowest first
 * @param parameters the learning parameters as a flat map of JSON-compatible values (numbers,
 *     strings, booleans, lists of those), so stores can keep them as provenance
 * @param trainingImageIds ids of the images the graph was learned on
 */
public record ExplanatoryGraph(
    String modelName,
    String modelSha256,
    List<GraphLayer> layers,
    Map<String, Object> parameters,
    List<String> trainingImageIds) {

  public ExplanatoryGraph {
    layers = List.copyOf(layers);
    parameters = Map.copyOf(parameters);
    trainingImageIds = List.copyOf(trainingImageIds);
  }

  /** Total number of patterns over all layers. */
  public int patternCount() {
    return layers.stream().mapToInt(l -> l.patterns().size()).sum();
  }

  /** Total number of parent links over all layers. */
  public long edgeCount() {
    return layers.stream()
        .flatMap(l -> l.patterns().stream())
        .mapToLong(p -> p.parents().size())
        .sum();
  }
}
