package io.xgraph.ingest.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.KnownModel;
import io.xgraph.ingest.SharedData;
import io.xgraph.ingest.image.Dataset;
import io.xgraph.ingest.image.DatasetImage;
import io.xgraph.ingest.image.Preprocessing;
import io.xgraph.learner.meaning.OcclusionRegion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Occlusion on the real SqueezeNet 1.1 under ONNX Runtime with real CUB birds: nothing occluded
 * changes nothing, the whole crop occluded removes the bird's class, a batch gives the single runs'
 * scores, and bad input is refused with the fix.
 */
class OcclusionRunnerTest {

  private static Path model;
  private static List<float[]> birds;

  @BeforeAll
  static void birds() {
    Path data = SharedData.locate(null);
    model = SharedData.model(data, KnownModel.SQUEEZENET.alias());
    Dataset cub = Dataset.open(SharedData.cubDev(data)).select("test", 0);
    birds = new ArrayList<>();
    try (OcclusionRunner runner = OcclusionRunner.open(model, 2, 1)) {
      for (int i = 0; i < cub.images().size(); i += cub.images().size() / 3) {
        DatasetImage im = cub.images().get(i);
        birds.add(runner.objectInput(im.file(), im.box(), Preprocessing.CAFFE_BGR));
      }
    }
  }

  @Test
  void nothingOccludedKeepsTheScoreAndTheWholeCropOccludedRemovesTheClass() {
    try (OcclusionRunner runner = OcclusionRunner.open(model, 2, 4)) {
      assertFalse(runner.appliesSoftmax(), "SqueezeNet's output is already a softmax");
      for (float[] bird : birds) {
        float[] p = runner.probabilities(bird);
        int top = OcclusionRunner.argmax(p);
        double[] s =
            runner.classScores(
                bird, top, List.of(OcclusionRegion.NONE, OcclusionRegion.whole(224)));
        assertEquals(p[top], s[0], 1e-6, "nothing occluded");
        assertTrue(p[top] > 0.2, "the bird's top class is confident: " + p[top]);
        assertTrue(s[1] < 0.1 * p[top], "whole crop grey: " + s[1] + " vs " + p[top]);
      }
    }
  }

  @Test
  void aBatchScoresAsTheSingleRunsDo() {
    List<OcclusionRegion> regions = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < 11; i++) {
      regions.add(
          OcclusionRegion.around(random.nextInt(224), random.nextInt(224), 40 + 10 * i, 224));
    }
    float[] bird = birds.get(0);
    try (OcclusionRunner batched = OcclusionRunner.open(model, 2, 4);
        OcclusionRunner single = OcclusionRunner.open(model, 2, 1)) {
      // SqueezeNet is exported with a fixed batch of 1: the runner makes it symbolic.
      assertEquals(4, batched.batch());
      assertEquals(1, single.batch());
      int top = OcclusionRunner.argmax(single.probabilities(bird));
      double[] a = batched.classScores(bird, top, regions);
      double[] b = single.classScores(bird, top, regions);
      assertArrayEquals(b, a, 1e-4);
      // the regions differ, and so do their scores: the comparison is not between constants
      assertTrue(
          java.util.Arrays.stream(b).max().orElseThrow()
                  - java.util.Arrays.stream(b).min().orElseThrow()
              > 0.01);
    }
  }

  @Test
  void occludeSetsTheRegionToTheMeanColourInEveryPlane() {
    float[] input = new float[3 * 8 * 8];
    java.util.Arrays.fill(input, 5f);
    OcclusionRegion r = OcclusionRegion.around(2, 3, 3, 8);
    assertEquals(new OcclusionRegion(1, 2, 3, 3), r);
    float[] out = OcclusionRunner.occlude(input, 8, r);
    int zeros = 0;
    for (int c = 0; c < 3; c++) {
      for (int row = 0; row < 8; row++) {
        for (int col = 0; col < 8; col++) {
          float v = out[c * 64 + row * 8 + col];
          assertEquals(r.contains(col, row) ? 0f : 5f, v);
          zeros += v == 0 ? 1 : 0;
        }
      }
    }
    assertEquals(27, zeros);
    assertEquals(5f, input[0 * 64 + 2 * 8 + 1], "the input itself is left as it was");
  }

  @Test
  void badInputIsRefusedWithTheFix() {
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> OcclusionRunner.open(Path.of("no/such/model.onnx"), 1, 4));
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    assertTrue(missing.getMessage().contains(".onnx file"), missing.getMessage());
    IllegalArgumentException batch =
        assertThrows(IllegalArgumentException.class, () -> OcclusionRunner.open(model, 1, 0));
    assertTrue(batch.getMessage().contains("give at least 1"), batch.getMessage());
    try (OcclusionRunner runner = OcclusionRunner.open(model, 1, 1)) {
      IllegalArgumentException input =
          assertThrows(IllegalArgumentException.class, () -> runner.probabilities(new float[3]));
      assertTrue(input.getMessage().contains("expects 150528"), input.getMessage());
      IllegalArgumentException cls =
          assertThrows(
              IllegalArgumentException.class,
              () -> runner.classScores(birds.get(0), 1000, List.of(OcclusionRegion.NONE)));
      assertTrue(cls.getMessage().contains("classes 0..1000"), cls.getMessage());
    }
  }
}
