package io.xgraph.learner.aog;

import io.xgraph.learner.data.Point;
import java.util.List;
import java.util.Map;

/**
 * Everything the few-shot evaluation needs, keyed by image id. Optional maps may be null or empty;
 * a method whose inputs are empty is left out of the report. The maps may also hold images outside
 * both splits (e.g. the whole data set): those entries are not used.
 *
 * @param graph explanatory-graph responses; required for every train and test image
 * @param graphFlipped graph responses of the horizontally flipped images (optional, per image);
 *     used to localise on the flip and to learn a shot's template from its flip when that fits
 *     better
 * @param raw raw-filter responses (optional; if given, for every train and test image)
 * @param rawFlipped raw-filter responses of the flipped images (optional, per image)
 * @param descriptors pooled CNN descriptors (optional; if given, for every train and test image)
 * @param flippedDescriptors descriptors of the flipped images (optional, per image)
 * @param partPoints the part centre per image on the crop plane; images without the part absent
 * @param trainIds the train split (annotated shots are drawn from its images with the part; all its
 *     other images are the unannotated images of template learning)
 * @param testIds the test split (every test image with the part is localised)
 */
public record EvaluationInput(
    Map<String, PatternResponses> graph,
    Map<String, PatternResponses> graphFlipped,
    Map<String, PatternResponses> raw,
    Map<String, PatternResponses> rawFlipped,
    Map<String, float[]> descriptors,
    Map<String, float[]> flippedDescriptors,
    Map<String, Point> partPoints,
    List<String> trainIds,
    List<String> testIds) {

  public EvaluationInput {
    graph = copy(graph);
    graphFlipped = copy(graphFlipped);
    raw = copy(raw);
    rawFlipped = copy(rawFlipped);
    descriptors = copy(descriptors);
    flippedDescriptors = copy(flippedDescriptors);
    partPoints = copy(partPoints);
    trainIds = trainIds == null ? List.of() : List.copyOf(trainIds);
    testIds = testIds == null ? List.of() : List.copyOf(testIds);
  }

  private static <V> Map<String, V> copy(Map<String, V> m) {
    return m == null ? Map.of() : Map.copyOf(m);
  }
}
