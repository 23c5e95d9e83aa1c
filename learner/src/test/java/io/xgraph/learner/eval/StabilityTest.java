package io.xgraph.learner.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.data.Point;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StabilityTest {

  @Test
  void bothFormsMatchAHandComputation() {
    // one detector, three images; parts 1 and 6 visible everywhere, part 14 only on image 0
    List<Map<Integer, Point>> parts =
        List.of(
            Map.of(1, new Point(0, 0), 6, new Point(10, 0), 14, new Point(0, 10)),
            Map.of(1, new Point(0, 0), 6, new Point(10, 0)),
            Map.of(1, new Point(0, 0), 6, new Point(10, 0)));
    // positions (3, 4), (6, 8), (0, 0): distances to part 1 are 5, 10, 0; to part 6: |(-7, 4)|,
    // |(-4, 8)|, 10
    float[][] x = {{3, 6, 0}};
    float[][] y = {{4, 8, 0}};
    float[][] s = {{1, 2, 3}};
    Stability.Result r =
        Stability.compute(
            List.of(new Stability.LayerDetections(x, y, s)),
            parts,
            10.0,
            20,
            167,
            new int[] {1, 6, 14});
    double[] d1 = {0.5, 1.0, 0.0};
    double[] d6 = {Math.hypot(7, 4) / 10, Math.hypot(4, 8) / 10, 1.0};
    double m1 = (0.5 + 1.0 + 0.0) / 3;
    double m6 = (d6[0] + d6[1] + d6[2]) / 3;
    double ss1 = 0;
    double ss6 = 0;
    for (int i = 0; i < 3; i++) {
      ss1 += (d1[i] - m1) * (d1[i] - m1);
      ss6 += (d6[i] - m6) * (d6[i] - m6);
    }
    // part 14 has one visible image only and is left out
    double paper = Math.sqrt((ss1 / 3 + ss6 / 3) / 2);
    double release = (Math.sqrt(ss1 / 2) + Math.sqrt(ss6 / 2)) / 2;
    assertEquals(paper, r.paper(), 1e-12);
    assertEquals(release, r.release(), 1e-12);
    assertEquals(1, r.detectorsUsed());
  }

  @Test
  void keepsTheStrongestDetectorsAndTheirTopImages() {
    List<Map<Integer, Point>> parts =
        List.of(Map.of(1, new Point(0, 0)), Map.of(1, new Point(0, 0)), Map.of(1, new Point(0, 0)));
    // detector 0: weak, unstable; detector 1: strong, and stable on its top-2 images (0 and 1)
    float[][] x = {{0, 50, 100}, {10, 10, 90}};
    float[][] y = {{0, 0, 0}, {0, 0, 0}};
    float[][] s = {{0.1f, 0.1f, 0.1f}, {5, 4, 0}};
    Stability.Result r =
        Stability.compute(
            List.of(new Stability.LayerDetections(x, y, s)), parts, 100, 2, 1, new int[] {1});
    assertEquals(0.0, r.paper(), 1e-12);
    assertEquals(0.0, r.release(), 1e-12);
  }

  @Test
  void averagesOverDetectorsThenLayers() {
    List<Map<Integer, Point>> parts =
        List.of(Map.of(1, new Point(0, 0)), Map.of(1, new Point(0, 0)));
    // layer A: two detectors with sample std 1 and 3 (distances 0/sqrt2, ...); layer B: one with 0
    float[][] ax = {{0, 2}, {0, 6}};
    float[][] ay = {{0, 0}, {0, 0}};
    float[][] as = {{1, 1}, {1, 1}};
    float[][] bx = {{4, 4}};
    float[][] by = {{0, 0}};
    float[][] bs = {{1, 1}};
    Stability.Result r =
        Stability.compute(
            List.of(
                new Stability.LayerDetections(ax, ay, as),
                new Stability.LayerDetections(bx, by, bs)),
            parts,
            1.0,
            20,
            167,
            new int[] {1});
    double stdA1 = Math.sqrt(2.0); // values 0, 2: sample variance 2
    double stdA2 = Math.sqrt(18.0); // values 0, 6: sample variance 18
    assertEquals(((stdA1 + stdA2) / 2 + 0) / 2, r.release(), 1e-12);
    assertEquals(((1.0 + 3.0) / 2 + 0) / 2, r.paper(), 1e-12); // population std 1 and 3
  }

  @Test
  void rawFilterTakesTheArgmaxOfTheReluValue() {
    LayerGeometry g = new LayerGeometry("l", 0, 2, 2, 3, 16, 8, 30, 64);
    // channel 0: normalised f = 2 at (0, 1) but sigma 1; f = 1.5 at (1, 2) with sigma 4 -> raw 6
    float[] f = {-1, 2, -1, -1, -1, 1.5f, -1, -1, -1, -1, -1, -1};
    float[] sigma = {1, 1, 1, 1, 1, 4, 1, 1, 1, 1, 1, 1};
    RawFilterBaseline.Detections d = RawFilterBaseline.detect(g, f, sigma);
    assertEquals(8 + 2 * 16, d.x()[0], 1e-6);
    assertEquals(8 + 16, d.y()[0], 1e-6);
    assertEquals(6f, d.score()[0], 1e-6);
    // channel 1 never fires: score 0 at the first unit
    assertEquals(0f, d.score()[1]);
    assertTrue(d.x()[1] == 8 && d.y()[1] == 8);
  }
}
