package io.xgraph.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.SharedData;
import io.xgraph.ingest.image.Preprocessing;
import io.xgraph.ingest.onnx.OcclusionRunner;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.ingest.store.StoredImage;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.meaning.Faithfulness;
import io.xgraph.learner.meaning.OcclusionRegion;
import io.xgraph.learner.meaning.PatternOcclusion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link OcclusionMeasurement} on four birds of the reduced real run with SqueezeNet under ONNX
 * Runtime: a pattern's drop is the loss of the top class when the square around its inferred
 * position is occluded, the control squares are fixed by the seed, and the layer loop occludes the
 * strongest firing patterns of every image.
 */
class OcclusionMeasurementTest {

  /** Share of the receptive field the occluded square spans, as part occlusion's default. */
  private static final double REGION = 0.5;

  private static final int[] IMAGES = {0, 3, 6, 9};

  static SmallRealRun run;
  static FeatureStore store;
  static OcclusionRunner runner;
  static InferredPositions positions;

  @BeforeAll
  static void openTheModel() {
    run = SmallRealRun.shared();
    store = run.features;
    Path model = SharedData.model(SharedData.locate(null), "squeezenet");
    runner = OcclusionRunner.open(model, 2, 8);
    positions =
        InferredPositions.collect(
            store, run.graph, new GraphInference(run.graph), IMAGES, done -> {});
  }

  @AfterAll
  static void closeTheModel() {
    runner.close();
  }

  private static OcclusionMeasurement measurement(long seed) {
    return new OcclusionMeasurement(
        store, run.graph, runner, OcclusionMeasurementTest::imageFile, REGION, seed);
  }

  private static Path imageFile(String file) {
    Path p = Path.of(file);
    Path resolved = p.isAbsolute() ? p : run.dataset.resolve(p);
    assertTrue(Files.isRegularFile(resolved), "stored image " + file + " at " + resolved);
    return resolved;
  }

  @Test
  void aPatternsDropIsTheTopClassLostUnderTheSquareAroundIt() {
    int v = mostFiring();
    List<Long> heard = new ArrayList<>();
    OcclusionMeasurement m = measurement(3);
    List<OcclusionMeasurement.PatternRow> rows =
        m.measurePattern(IMAGES, positions, 0, v, heard::add);
    assertEquals(List.of(1L, 2L, 3L, 4L), heard);
    List<String> firedOn = new ArrayList<>();
    for (int j = 0; j < IMAGES.length; j++) {
      if (positions.graphFired()[0][v][j]) {
        firedOn.add(store.images().get(IMAGES[j]).id());
      }
    }
    assertEquals(firedOn, rows.stream().map(OcclusionMeasurement.PatternRow::imageId).toList());
    LayerGeometry layer = store.layers().get(0);
    double side = OcclusionMeasurement.side(layer, REGION);
    assertEquals(REGION * layer.receptiveField(), side);
    Preprocessing pre = Preprocessing.byId(store.preprocessing());
    for (OcclusionMeasurement.PatternRow row : rows) {
      int image = indexOf(row.imageId());
      StoredImage stored = store.storedImages().get(image);
      float[] input = runner.objectInput(imageFile(stored.file()), stored.box(), pre);
      float[] probabilities = runner.probabilities(input);
      int top = OcclusionRunner.argmax(probabilities);
      assertEquals(top, row.topClass(), row.imageId());
      assertEquals(probabilities[top], row.topScore(), 1e-6, row.imageId());
      OcclusionRegion square = OcclusionRegion.around(row.x(), row.y(), side, runner.inputSize());
      double after = runner.classScores(input, top, List.of(square))[0];
      assertEquals(probabilities[top] - after, row.drop(), 1e-4, row.imageId());
    }
    assertEquals(rows.size(), m.cost().images(), "images where the pattern fired");
    assertEquals(2L * rows.size(), m.cost().occlusions(), "the square and its control");
  }

  @Test
  void theControlSquaresAreFixedByTheSeed() {
    int v = mostFiring();
    List<Double> three = controlDrops(measurement(3), v);
    assertEquals(three, controlDrops(measurement(3), v));
    assertNotEquals(three, controlDrops(measurement(4), v));
  }

  @Test
  void theLayerLoopOccludesTheStrongestFiringPatternsOfEveryImage() {
    int top = 3;
    OcclusionMeasurement m = measurement(3);
    List<Long> heard = new ArrayList<>();
    Faithfulness.Tally tally =
        m.measureLayers(IMAGES, positions, List.of(0), top, null, heard::add);
    assertEquals(List.of(1L, 2L, 3L, 4L), heard);
    int strongest = 0;
    for (int j = 0; j < IMAGES.length; j++) {
      int fired = 0;
      for (boolean f : column(j)) {
        fired += f ? 1 : 0;
      }
      strongest += Math.min(top, fired);
    }
    assertTrue(strongest > 0, "patterns fire on the birds");
    Faithfulness.Row row = tally.rows().get(0);
    assertEquals(strongest, row.strongest().n());
    assertEquals(strongest, row.control().n(), "one control per occluded pattern");
    assertEquals(IMAGES.length, row.differenceByImage().n());
    OcclusionMeasurement.Cost cost = m.cost();
    assertEquals(IMAGES.length, cost.images());
    assertEquals(2L * strongest, cost.occlusions(), "each pattern and its control");
    // every occlusion is listed under its pattern, with the layer's square
    List<PatternOcclusion> byPattern = tally.patterns();
    assertEquals(strongest, byPattern.stream().mapToInt(PatternOcclusion::images).sum());
    for (var p : byPattern) {
      assertEquals(OcclusionMeasurement.side(store.layers().get(0), REGION), p.side());
    }
  }

  private static List<Double> controlDrops(OcclusionMeasurement m, int v) {
    return m.measurePattern(IMAGES, positions, 0, v, done -> {}).stream()
        .map(OcclusionMeasurement.PatternRow::controlDrop)
        .toList();
  }

  /** The pattern of the layer that fires on most of the chosen birds (first on a tie). */
  private static int mostFiring() {
    boolean[][] fired = positions.graphFired()[0];
    int best = 0;
    int most = -1;
    for (int v = 0; v < fired.length; v++) {
      int count = 0;
      for (boolean f : fired[v]) {
        count += f ? 1 : 0;
      }
      if (count > most) {
        most = count;
        best = v;
      }
    }
    assertTrue(most >= 2, "a pattern fires on at least two birds");
    return best;
  }

  private static boolean[] column(int j) {
    boolean[][] fired = positions.graphFired()[0];
    boolean[] out = new boolean[fired.length];
    for (int v = 0; v < fired.length; v++) {
      out[v] = fired[v][j];
    }
    return out;
  }

  private static int indexOf(String id) {
    for (int i = 0; i < store.images().size(); i++) {
      if (store.images().get(i).id().equals(id)) {
        return i;
      }
    }
    throw new AssertionError("no image " + id);
  }
}
