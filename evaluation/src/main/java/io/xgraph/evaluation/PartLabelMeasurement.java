package io.xgraph.evaluation;

import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.compare.CubParts;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.data.Point;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.meaning.PartLabeling;
import io.xgraph.learner.meaning.PartTracking;
import io.xgraph.learner.meaning.PurityComparison;
import io.xgraph.learner.meaning.TopFirings;
import io.xgraph.learner.meaning.TrackingRule;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Part labels of a graph's patterns and the purity comparison against the raw filters, measured on
 * a feature store's held-out birds ({@code xgraph part labels}; docs/meaning.md), each with its
 * shuffled-keypoint control.
 */
public final class PartLabelMeasurement {

  private PartLabelMeasurement() {}

  /** Seed of the shuffled-keypoint control (fixed, so the control is reproducible). */
  public static final long SHUFFLE_SEED = 24;

  /** The CUB keypoints, by id. */
  public static final int[] PART_IDS = IntStream.rangeClosed(1, 15).toArray();

  /**
   * Labels and their controls (all firings), the purity comparison (top-K firings), and the number
   * of held-out images they were measured on.
   */
  public record Measured(
      PartLabeling.Result result, List<PurityComparison.Row> comparison, int heldOut) {}

  /**
   * Infers the graph on every image and labels its patterns on the test images; the purity
   * comparison judges each detector on its {@code topK} strongest test images, or on all its
   * firings when {@code topK} is 0.
   *
   * @param progress hears "labels", images inferred of those used (train, then test)
   * @throws IllegalArgumentException the store's layers are not the graph's, or it has no train
   *     images or fewer than 2 test images
   */
  public static Measured measure(
      FeatureStore features,
      GraphInference inference,
      TrackingRule rule,
      int topK,
      Progress progress) {
    ExplanatoryGraph graph = inference.graph();
    List<LayerGeometry> layers = features.layers();
    LayerCheck.requireSameLayers(
        layers,
        graph,
        "feature store",
        ": label a graph with the feature store it was learned from");
    List<ImageRecord> images = features.images();
    int[] test = IntStream.range(0, images.size()).filter(i -> isTest(images.get(i))).toArray();
    int[] train =
        IntStream.range(0, images.size())
            .filter(i -> "train".equals(images.get(i).split()))
            .toArray();
    if (test.length < 2 || train.length == 0) {
      throw new IllegalArgumentException(
          "Part labels are measured on held-out images and need train and test images; the"
              + " feature store has "
              + train.length
              + " train and "
              + test.length
              + " test images: ingest with --split all on a dataset with a train/test split");
    }
    int[] used = IntStream.concat(IntStream.of(train), IntStream.of(test)).toArray();
    InferredPositions p =
        InferredPositions.collect(
            features, graph, inference, used, done -> progress.step("labels", done, used.length));
    // columns of `used`: train first, then test
    int[] trainCols = IntStream.range(0, train.length).toArray();
    int[] testCols = IntStream.range(train.length, used.length).toArray();
    double firingRatio = inference.parameters().firingRatio();
    List<PartLabeling.LayerInput> inputs = new ArrayList<>();
    List<PurityComparison.Input> compared = new ArrayList<>();
    for (int l = 0; l < layers.size(); l++) {
      List<Pattern> patterns = graph.layers().get(l).patterns();
      boolean[][] rawFired = PartTracking.firedByMeanRatio(p.rawScore()[l], trainCols, firingRatio);
      boolean[][] graphJudged =
          topK > 0
              ? TopFirings.top(pick(p.graphScore()[l], testCols), topK)
              : pick(p.graphFired()[l], testCols);
      boolean[][] rawJudged =
          topK > 0
              ? TopFirings.top(pick(p.rawScore()[l], testCols), topK)
              : pick(rawFired, testCols);
      compared.add(
          new PurityComparison.Input(
              layers.get(l),
              patterns.stream().mapToInt(Pattern::channel).toArray(),
              patterns.stream().mapToDouble(Pattern::meanScore).toArray(),
              pick(p.graphX()[l], testCols),
              pick(p.graphY()[l], testCols),
              graphJudged,
              pick(p.rawX()[l], testCols),
              pick(p.rawY()[l], testCols),
              rawJudged));
      inputs.add(
          new PartLabeling.LayerInput(
              layers.get(l),
              graph.layers().get(l).patterns().stream().mapToInt(Pattern::id).toArray(),
              pick(p.graphX()[l], testCols),
              pick(p.graphY()[l], testCols),
              pick(p.graphFired()[l], testCols),
              pick(p.rawX()[l], testCols),
              pick(p.rawY()[l], testCols),
              pick(rawFired, testCols)));
    }
    List<Map<Integer, Point>> parts =
        IntStream.of(test).mapToObj(i -> images.get(i).parts()).toList();
    PartLabeling.Result r =
        PartLabeling.label(inputs, parts, PART_IDS, CubParts::name, rule, SHUFFLE_SEED);
    TrackingRule judged =
        topK > 0 ? PurityComparison.rule(rule.radiusFraction(), rule.minShare(), topK) : rule;
    List<PurityComparison.Row> c =
        PurityComparison.compare(compared, parts, PART_IDS, judged, SHUFFLE_SEED);
    return new Measured(r, c, test.length);
  }

  private static boolean isTest(ImageRecord r) {
    return "test".equals(r.split());
  }

  private static float[][] pick(float[][] a, int[] cols) {
    float[][] out = new float[a.length][cols.length];
    for (int v = 0; v < a.length; v++) {
      for (int j = 0; j < cols.length; j++) {
        out[v][j] = a[v][cols[j]];
      }
    }
    return out;
  }

  private static boolean[][] pick(boolean[][] a, int[] cols) {
    boolean[][] out = new boolean[a.length][cols.length];
    for (int v = 0; v < a.length; v++) {
      for (int j = 0; j < cols.length; j++) {
        out[v][j] = a[v][cols[j]];
      }
    }
    return out;
  }
}
