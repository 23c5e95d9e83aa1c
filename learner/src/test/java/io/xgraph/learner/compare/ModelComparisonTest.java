package io.xgraph.learner.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.data.Point;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelComparisonTest {

  private static final double PLANE = 224;
  private static final double DIAG = PLANE * Math.sqrt(2);

  /** Patterns given by their tracks: positions per image, all firing unless fired says no. */
  private static LayerPositions layer(String name, int firstId, float[][] x, float[][] y) {
    int n = x.length;
    int[] ids = new int[n];
    float[][] score = new float[n][];
    boolean[][] fired = new boolean[n][];
    for (int v = 0; v < n; v++) {
      ids[v] = firstId + v;
      score[v] = new float[x[v].length];
      fired[v] = new boolean[x[v].length];
      for (int i = 0; i < x[v].length; i++) {
        score[v][i] = 1 + i % 7;
        fired[v][i] = true;
      }
    }
    return new LayerPositions(name, ids, x, y, score, fired);
  }

  private static List<Map<Integer, Point>> noParts(int images) {
    List<Map<Integer, Point>> out = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      out.add(Map.of());
    }
    return out;
  }

  @Test
  void findsTheTwoPlantedCorrespondencesWithTheirExactDistances() {
    int images = 40;
    Random rnd = new Random(3);
    float[][] ax = new float[3][images];
    float[][] ay = new float[3][images];
    float[][] bx = new float[3][images];
    float[][] by = new float[3][images];
    for (int i = 0; i < images; i++) {
      float tx = 30 + rnd.nextFloat() * 160;
      float ty = 30 + rnd.nextFloat() * 160;
      float ux = 30 + rnd.nextFloat() * 160;
      float uy = 30 + rnd.nextFloat() * 160;
      // A0 and B1 sit on the same track; A1 and B0 on another track, B0 always 6 px to the right
      ax[0][i] = tx;
      ay[0][i] = ty;
      bx[1][i] = tx;
      by[1][i] = ty;
      ax[1][i] = ux;
      ay[1][i] = uy;
      bx[0][i] = ux + 6;
      by[0][i] = uy;
      // A2 and B2 wander independently over the whole plane
      ax[2][i] = rnd.nextFloat() * 224;
      ay[2][i] = rnd.nextFloat() * 224;
      bx[2][i] = rnd.nextFloat() * 224;
      by[2][i] = rnd.nextFloat() * 224;
    }
    ModelPositions a = new ModelPositions("A", List.of(layer("a1", 0, ax, ay)), List.of());
    ModelPositions b = new ModelPositions("B", List.of(layer("b1", 100, bx, by)), List.of());
    Comparison c =
        ModelComparison.compare(a, b, noParts(images), PLANE, CompareParameters.defaults());
    Map<Integer, Comparison.Match> byA = new HashMap<>();
    for (Comparison.Match m : c.matches()) {
      byA.put(m.patternA(), m);
    }
    assertEquals(101, byA.get(0).patternB());
    assertEquals(0.0, byA.get(0).distance(), 1e-6);
    assertEquals(images, byA.get(0).support());
    assertEquals(100, byA.get(1).patternB());
    assertEquals(6 / DIAG, byA.get(1).distance(), 1e-5);
    assertFalse(byA.containsKey(2), "independent wanderers must not correspond");
    Comparison.LayerPairSummary row = c.layerPairs().get(0);
    assertEquals(2, row.matches());
    assertEquals(2.0 / 3, row.fractionA(), 1e-12);
    assertEquals(3 / DIAG, row.meanDistance(), 1e-5);
    assertEquals(2, c.models().get(0).withCounterpart());
  }

  @Test
  void pairsFiringTogetherOnFewerThanMinSupportImagesAreIgnored() {
    int images = 30;
    float[][] ax = {new float[images]};
    float[][] ay = {new float[images]};
    float[][] bx = {new float[images]};
    float[][] by = {new float[images]};
    for (int i = 0; i < images; i++) {
      ax[0][i] = bx[0][i] = 50 + i;
      ay[0][i] = by[0][i] = 80;
    }
    LayerPositions la = layer("a", 0, ax, ay);
    LayerPositions lb = layer("b", 0, bx, by);
    // B fires on 9 images only
    for (int i = 9; i < images; i++) {
      lb.fired()[0][i] = false;
    }
    ModelPositions a = new ModelPositions("A", List.of(la), List.of());
    ModelPositions b = new ModelPositions("B", List.of(lb), List.of());
    CompareParameters p = CompareParameters.defaults();
    assertTrue(ModelComparison.compare(a, b, noParts(images), PLANE, p).matches().isEmpty());
    Comparison c = ModelComparison.compare(a, b, noParts(images), PLANE, p.withMinSupport(9));
    assertEquals(1, c.matches().size());
    assertEquals(9, c.matches().get(0).support());
  }

  @Test
  void farImagesCountAsTheCapSoOneOutlierCannotDominate() {
    int images = 20;
    float[][] ax = {new float[images]};
    float[][] ay = {new float[images]};
    float[][] bx = {new float[images]};
    float[][] by = {new float[images]};
    for (int i = 0; i < images; i++) {
      ax[0][i] = 100;
      ay[0][i] = 100;
      bx[0][i] = 104;
      by[0][i] = 97; // 5 px away
    }
    bx[0][7] = 220; // one image far away
    // the distance alone: these pinned patterns fail the co-movement test (see CoMovementTest)
    CompareParameters p = CompareParameters.defaults().withCoMovement(10, 1e-9);
    Comparison c =
        ModelComparison.compare(
            new ModelPositions("A", List.of(layer("a", 0, ax, ay)), List.of()),
            new ModelPositions("B", List.of(layer("b", 0, bx, by)), List.of()),
            noParts(images),
            PLANE,
            p);
    double expected = (19 * 5 / DIAG + p.cap()) / 20;
    assertEquals(1, c.matches().size());
    assertEquals(expected, c.matches().get(0).distance(), 1e-6);
  }

  /** The grid-bucketed matcher equals a brute-force evaluation of every pair. */
  @Test
  void bucketedMatcherAgreesWithBruteForce() {
    Random rnd = new Random(11);
    int images = 50;
    int na = 60;
    int nb = 45;
    LayerPositions a = randomLayer(rnd, na, images);
    LayerPositions b = randomLayer(rnd, nb, images);
    double cap = 0.1;
    int minSupport = 8;
    PatternMatcher.Result r = PatternMatcher.match(a, b, minSupport, cap, PLANE, DIAG);
    int checkedPairs = 0;
    for (int v = 0; v < na; v++) {
      double best = Double.POSITIVE_INFINITY;
      int bestW = -1;
      int bestS = 0;
      for (int w = 0; w < nb; w++) {
        int s = 0;
        double sum = 0;
        int near = 0;
        for (int i = 0; i < images; i++) {
          if (a.fired()[v][i] && b.fired()[w][i]) {
            s++;
            double d = Math.hypot(a.x()[v][i] - b.x()[w][i], a.y()[v][i] - b.y()[w][i]) / DIAG;
            sum += Math.min(d, cap);
            near += d <= cap ? 1 : 0;
          }
        }
        if (s < minSupport || near == 0) {
          continue;
        }
        double d = sum / s;
        checkedPairs++;
        if (d < best - 1e-9 || (Math.abs(d - best) <= 1e-9 && s > bestS)) {
          best = d;
          bestW = w;
          bestS = s;
        }
      }
      assertEquals(bestW, r.bestOfA()[v], "best partner of " + v);
      if (bestW >= 0) {
        assertEquals(best, r.distOfA()[v], 1e-6);
        assertEquals(bestS, r.supportOfA()[v]);
      }
    }
    assertTrue(checkedPairs > na, "the random layout must produce candidate pairs");
  }

  /** Patterns clustered near a few centres (some off the plane), firing on ~70% of images. */
  private static LayerPositions randomLayer(Random rnd, int n, int images) {
    float[][] x = new float[n][images];
    float[][] y = new float[n][images];
    float[][] s = new float[n][images];
    boolean[][] f = new boolean[n][images];
    int[] ids = new int[n];
    for (int v = 0; v < n; v++) {
      ids[v] = v;
      double cx = -10 + rnd.nextDouble() * 244;
      double cy = -10 + rnd.nextDouble() * 244;
      for (int i = 0; i < images; i++) {
        x[v][i] = (float) (cx + rnd.nextGaussian() * 20);
        y[v][i] = (float) (cy + rnd.nextGaussian() * 20);
        s[v][i] = rnd.nextFloat();
        f[v][i] = rnd.nextDouble() < 0.7;
      }
    }
    return new LayerPositions("r", ids, x, y, s, f);
  }

  @Test
  void coverageCountsStableAndUnstablePatternsAtTheirNearestPart() {
    int images = 30;
    Random rnd = new Random(5);
    List<Map<Integer, Point>> parts = new ArrayList<>();
    float[][] x = new float[3][images];
    float[][] y = new float[3][images];
    for (int i = 0; i < images; i++) {
      Point head = new Point(60 + rnd.nextDouble() * 20, 40 + rnd.nextDouble() * 20);
      Point tail = new Point(180 + rnd.nextDouble() * 20, 170 + rnd.nextDouble() * 20);
      parts.add(Map.of(6, head, 14, tail));
      // pattern 0: on the head within 3 px; pattern 1: around the tail, spread ~25 px alternating;
      // pattern 2: in an empty corner
      x[0][i] = (float) head.x() + 3;
      y[0][i] = (float) head.y();
      x[1][i] = (float) tail.x() + (i % 2 == 0 ? 25 : 0);
      y[1][i] = (float) tail.y() + (i % 2 == 0 ? 25 : 0);
      x[2][i] = 10;
      y[2][i] = 215;
    }
    ModelPositions m = new ModelPositions("M", List.of(layer("l", 0, x, y)), List.of());
    CompareParameters p = CompareParameters.defaults().withCoverage(0.10, 0.05, 5);
    int[][] c = ModelComparison.pointing(m, parts, new int[] {6, 14}, DIAG, p);
    assertEquals(1, c[0][0], "pattern 0 points at the head");
    assertEquals(1, c[1][0], "and is stable");
    assertEquals(1, c[0][1], "pattern 1 points at the tail");
    assertEquals(0, c[1][1], "but its spread of ~0.056 exceeds 0.05");
    Comparison full = ModelComparison.compare(m, m, parts, PLANE, p);
    assertEquals(2, full.coverage().size());
    assertEquals("forehead", full.coverage().get(0).partName());
    assertEquals(1, full.coverage().get(0).stableA());
    assertEquals(1, full.coverage().get(1).pointingB());
  }

  @Test
  void refusesDisjointImageSetsAndBadSettings() {
    float[][] x = {new float[5]};
    ModelPositions a = new ModelPositions("A", List.of(layer("a", 0, x, x)), List.of());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModelComparison.compare(a, a, List.of(), PLANE, CompareParameters.defaults()));
    assertTrue(e.getMessage().contains("share no images"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> ModelComparison.compare(a, a, noParts(4), PLANE, CompareParameters.defaults()));
    assertThrows(
        IllegalArgumentException.class,
        () -> CompareParameters.defaults().withDistances(0.05, 0.1));
    assertThrows(
        IllegalArgumentException.class, () -> CompareParameters.defaults().withMinSupport(0));
  }
}
