package io.xgraph.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.Point;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.eval.Stability;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link StabilityEvaluation#evaluate} on the reduced real run ({@link SmallRealRun}): each row is
 * the stability metric of its own detectors on its own split, the graph-at-mu control pins every
 * pattern to its prior mu on every image, the shuffled control hands positions to other images, and
 * the same inputs give the same report.
 */
class StabilityEvaluationTest {

  /** Top images per detector: fewer than the smaller split (five test birds). */
  private static final int TOP = 4;

  /** Detectors kept per layer, as eval's --detectors-per-layer. */
  private static final int PER_LAYER = 60;

  static SmallRealRun run;
  static StabilityEvaluation.Evaluation evaluation;
  static List<Long> heard = new ArrayList<>();

  /** Positions inferred on all images, by the public kernel the evaluation orchestrates. */
  static InferredPositions positions;

  static int[] train;
  static int[] test;

  @BeforeAll
  static void evaluateOnce() {
    run = SmallRealRun.shared();
    evaluation =
        StabilityEvaluation.evaluate(
            run.features, run.graph, TOP, PER_LAYER, UnaryOperator.identity(), false, heard::add);
    List<ImageRecord> images = run.features.images();
    int n = images.size();
    positions =
        InferredPositions.collect(
            run.features,
            run.graph,
            new GraphInference(run.graph),
            IntStream.range(0, n).toArray(),
            done -> {});
    train = IntStream.range(0, n).filter(i -> "train".equals(images.get(i).split())).toArray();
    test = IntStream.range(0, n).filter(i -> "test".equals(images.get(i).split())).toArray();
    assertTrue(train.length > TOP && test.length > TOP, "both splits of the run hold birds");
  }

  @Test
  void imagesDoneCountsEveryImageOnce() {
    List<Long> expected = oneTo(SmallRealRun.BIRDS);
    assertEquals(expected, heard);
  }

  @Test
  void graphAndRawFilterRowsAreTheMetricOfTheirDetectorsOnTheirSplit() {
    assertSameResult(
        metric(positions.graphX(), positions.graphY(), positions.graphScore(), train),
        evaluation.graphTrain());
    assertSameResult(
        metric(positions.graphX(), positions.graphY(), positions.graphScore(), test),
        evaluation.graphTest());
    assertSameResult(
        metric(positions.rawX(), positions.rawY(), positions.rawScore(), train),
        evaluation.rawTrain());
    assertSameResult(
        metric(positions.rawX(), positions.rawY(), positions.rawScore(), test),
        evaluation.rawTest());
    // The train and test rows are of different birds: an evaluation ignoring the split fails.
    assertNotEquals(evaluation.graphTrain().release(), evaluation.graphTest().release());
  }

  @Test
  void atMuControlPinsEveryPatternToItsPriorMuOnEveryImage() {
    float[][][] muX = pinned(run.graph, true);
    float[][][] muY = pinned(run.graph, false);
    assertSameResult(metric(muX, muY, positions.graphScore(), train), evaluation.fixedTrain());
    assertSameResult(metric(muX, muY, positions.graphScore(), test), evaluation.fixedTest());
    // Same scores, so the same detectors enter as for the graph; only the positions differ.
    assertEquals(evaluation.graphTest().detectorsUsed(), evaluation.fixedTest().detectorsUsed());
    assertNotEquals(
        evaluation.graphTest().release(),
        evaluation.fixedTest().release(),
        "the inferred nodes move away from mu on some birds");
  }

  @Test
  void shuffledControlHandsEachPositionToAnotherImageOfTheSplit() {
    float[][][] sx = new float[positions.graphX().length][][];
    float[][][] sy = new float[positions.graphX().length][][];
    StabilityEvaluation.shuffleWithinSplits(
        positions.graphX(), positions.graphY(), train, test, sx, sy);
    assertSameResult(metric(sx, sy, positions.graphScore(), train), evaluation.shuffledTrain());
    assertSameResult(metric(sx, sy, positions.graphScore(), test), evaluation.shuffledTest());
    assertEquals(evaluation.graphTest().detectorsUsed(), evaluation.shuffledTest().detectorsUsed());
    assertNotEquals(evaluation.graphTest().release(), evaluation.shuffledTest().release());
    assertNotEquals(evaluation.graphTrain().release(), evaluation.shuffledTrain().release());
  }

  @Test
  void theSameInputsGiveTheSameReport() {
    StabilityEvaluation.Evaluation again =
        StabilityEvaluation.evaluate(
            run.features, run.graph, TOP, PER_LAYER, UnaryOperator.identity(), false, done -> {});
    assertSameResult(evaluation.graphTest(), again.graphTest());
    assertSameResult(evaluation.rawTest(), again.rawTest());
    assertSameResult(evaluation.fixedTest(), again.fixedTest());
    assertSameResult(evaluation.shuffledTrain(), again.shuffledTrain());
    assertSameResult(evaluation.shuffledTest(), again.shuffledTest());
    // The report's last line is the inference time, the one figure allowed to differ.
    assertEquals(withoutTiming(evaluation.table()), withoutTiming(again.table()));
    assertNull(again.diagnostics());
    assertNull(again.oracleTest());
  }

  @Test
  void theTableNamesEveryLayerAndTheVerdict() {
    String table = evaluation.table();
    assertTrue(table.contains(evaluation.verdict()), table);
    assertTrue(table.contains(String.format("%.4f", evaluation.shuffledTest().release())), table);
    assertTrue(table.contains("  " + SmallRealRun.LAYER + " "), table);
    assertEquals(List.of(SmallRealRun.LAYER), evaluation.layerNames());
    assertEquals(SmallRealRun.BIRDS, evaluation.inferMillis().length);
  }

  @Test
  void diagnosisAddsTwoOracleTrackersPerPart() {
    StabilityEvaluation.Evaluation diagnosed =
        StabilityEvaluation.evaluate(
            run.features, run.graph, TOP, PER_LAYER, UnaryOperator.identity(), true, done -> {});
    Map<String, Stability.Result> oracles = diagnosed.oracleTest();
    assertEquals(6, oracles.size(), oracles.keySet().toString());
    for (String part : List.of("back", "head (forehead)", "tail")) {
      Stability.Result free = oracles.get(part + " tracker, unbounded");
      Stability.Result within = oracles.get(part + " tracker, within r");
      assertEquals(evaluation.graphTest().detectorsUsed(), free.detectorsUsed(), part);
      assertEquals(evaluation.graphTest().detectorsUsed(), within.detectorsUsed(), part);
    }
    assertEquals(1, diagnosed.diagnostics().size(), "one layer diagnosed");
    assertTrue(diagnosed.table().contains("Oracle trackers"), diagnosed.table());
  }

  /** The stability metric of detections {@code [layer][detector][image]} on the images of split. */
  private static Stability.Result metric(
      float[][][] x, float[][][] y, float[][][] score, int[] split) {
    List<Stability.LayerDetections> layers = new ArrayList<>();
    for (int l = 0; l < x.length; l++) {
      layers.add(
          new Stability.LayerDetections(
              columns(x[l], split), columns(y[l], split), columns(score[l], split)));
    }
    List<ImageRecord> images = run.features.images();
    List<Map<Integer, Point>> parts =
        IntStream.of(split).mapToObj(i -> images.get(i).parts()).toList();
    double diagonal = run.features.layers().get(0).inputSize() * Math.sqrt(2);
    return Stability.compute(layers, parts, diagonal, TOP, PER_LAYER, Stability.CUB_PARTS);
  }

  private static float[][] columns(float[][] rows, int[] split) {
    float[][] out = new float[rows.length][split.length];
    for (int j = 0; j < split.length; j++) {
      for (int v = 0; v < rows.length; v++) {
        out[v][j] = rows[v][split[j]];
      }
    }
    return out;
  }

  /** Every pattern's prior mu (x or y) on every image, {@code [layer][pattern][image]}. */
  private static float[][][] pinned(ExplanatoryGraph graph, boolean x) {
    int n = SmallRealRun.BIRDS;
    float[][][] out = new float[graph.layers().size()][][];
    for (int l = 0; l < out.length; l++) {
      List<Pattern> patterns = graph.layers().get(l).patterns();
      out[l] = new float[patterns.size()][n];
      for (int v = 0; v < patterns.size(); v++) {
        float mu = (float) (x ? patterns.get(v).muX() : patterns.get(v).muY());
        java.util.Arrays.fill(out[l][v], mu);
      }
    }
    return out;
  }

  private static void assertSameResult(Stability.Result expected, Stability.Result actual) {
    assertEquals(expected.paper(), actual.paper(), "paper form");
    assertEquals(expected.release(), actual.release(), "release form");
    assertArrayEquals(expected.paperPerLayer(), actual.paperPerLayer(), "paper form per layer");
    assertArrayEquals(
        expected.releasePerLayer(), actual.releasePerLayer(), "release form per layer");
    assertEquals(expected.detectorsUsed(), actual.detectorsUsed(), "detectors used");
  }

  private static String withoutTiming(String table) {
    return table.substring(0, table.lastIndexOf("graph inference per image"));
  }

  private static List<Long> oneTo(int n) {
    return java.util.stream.LongStream.rangeClosed(1, n).boxed().toList();
  }
}
