package io.xgraph.learner.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.data.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CoMovementTest {

  private static final double PLANE = 224;
  private static final double DIAG = PLANE * Math.sqrt(2);

  private static LayerPositions one(String name, int id, float[] x, float[] y, boolean[] fired) {
    float[] score = new float[x.length];
    java.util.Arrays.fill(score, 1);
    return new LayerPositions(
        name,
        new int[] {id},
        new float[][] {x},
        new float[][] {y},
        new float[][] {score},
        new boolean[][] {fired});
  }

  private static boolean[] all(int n) {
    boolean[] f = new boolean[n];
    java.util.Arrays.fill(f, true);
    return f;
  }

  private static List<Map<Integer, Point>> noParts(int images) {
    List<Map<Integer, Point>> out = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      out.add(Map.of());
    }
    return out;
  }

  /** Matches of one pattern of A against one of B under the given settings. */
  private static List<Comparison.Match> matches(
      float[] ax, float[] ay, float[] bx, float[] by, CompareParameters p) {
    int n = ax.length;
    ModelPositions a = new ModelPositions("A", List.of(one("a", 0, ax, ay, all(n))), List.of());
    ModelPositions b = new ModelPositions("B", List.of(one("b", 7, bx, by, all(n))), List.of());
    return ModelComparison.compare(a, b, noParts(n), PLANE, p).matches();
  }

  private static final CompareParameters NO_TEST =
      CompareParameters.defaults().withCoMovement(10, 1e-9);

  @Test
  void knownRatiosForMovingTogetherAndAgainstEachOther() {
    float[] y = {50, 50};
    // a at x 0 and 10; b at 3 and 13: D_obs = 9, D_ind = 9 + 25 + 25 = 59
    CoMovement with =
        CoMovement.of(
            one("a", 0, new float[] {0, 10}, y, all(2)),
            0,
            one("b", 0, new float[] {3, 13}, y, all(2)),
            0,
            DIAG);
    assertEquals(9.0 / 59.0, with.ratio(), 1e-12);
    assertEquals(Math.sqrt(50) / DIAG, with.movement(), 1e-12);
    assertEquals(2, with.shared());
    // b at 10 and 0 (opposite): D_obs = 100, D_ind = 0 + 25 + 25 = 50, ratio 2
    CoMovement against =
        CoMovement.of(
            one("a", 0, new float[] {0, 10}, y, all(2)),
            0,
            one("b", 0, new float[] {10, 0}, y, all(2)),
            0,
            DIAG);
    assertEquals(2.0, against.ratio(), 1e-12);
  }

  @Test
  void onlyImagesWhereBothFireCount() {
    float[] y = {50, 50, 50};
    boolean[] fa = {true, true, false};
    boolean[] fb = {true, true, true};
    // the third image (a silent) would add a far-off position pair; it must be ignored
    CoMovement m =
        CoMovement.of(
            one("a", 0, new float[] {0, 10, 200}, y, fa),
            0,
            one("b", 0, new float[] {3, 13, 0}, y, fb),
            0,
            DIAG);
    assertEquals(2, m.shared());
    assertEquals(9.0 / 59.0, m.ratio(), 1e-12);
  }

  @Test
  void twoPinnedPatternsAtTheSamePlaceAreNoCounterparts() {
    int n = 60;
    Random rnd = new Random(5);
    float[] ax = new float[n], ay = new float[n], bx = new float[n], by = new float[n];
    for (int i = 0; i < n; i++) {
      // both stay within half a pixel of (100, 120): same place, nothing moves
      ax[i] = 100 + (rnd.nextFloat() - 0.5f);
      ay[i] = 120 + (rnd.nextFloat() - 0.5f);
      bx[i] = 101 + (rnd.nextFloat() - 0.5f);
      by[i] = 120 + (rnd.nextFloat() - 0.5f);
    }
    assertEquals(1, matches(ax, ay, bx, by, NO_TEST).size(), "without the test: a coincidence");
    assertTrue(matches(ax, ay, bx, by, CompareParameters.defaults()).isEmpty());
  }

  @Test
  void patternsMovingTogetherAreCounterparts() {
    int n = 60;
    Random rnd = new Random(6);
    float[] ax = new float[n], ay = new float[n], bx = new float[n], by = new float[n];
    for (int i = 0; i < n; i++) {
      // a common part moves 30 px around; each pattern adds 2 px of its own noise
      float tx = 100 + 30 * (rnd.nextFloat() - 0.5f);
      float ty = 110 + 30 * (rnd.nextFloat() - 0.5f);
      ax[i] = tx + 2 * (rnd.nextFloat() - 0.5f);
      ay[i] = ty + 2 * (rnd.nextFloat() - 0.5f);
      bx[i] = tx + 4 + 2 * (rnd.nextFloat() - 0.5f);
      by[i] = ty + 2 * (rnd.nextFloat() - 0.5f);
    }
    List<Comparison.Match> m = matches(ax, ay, bx, by, CompareParameters.defaults());
    assertEquals(1, m.size());
    assertEquals(7, m.get(0).patternB());
    CoMovement cm =
        CoMovement.of(one("a", 0, ax, ay, all(n)), 0, one("b", 0, bx, by, all(n)), 0, DIAG);
    assertTrue(cm.ratio() < 0.2, "ratio " + cm.ratio());
  }

  @Test
  void patternsMovingIndependentlyNearTheSamePlaceAreNoCounterparts() {
    int n = 60;
    Random rnd = new Random(7);
    float[] ax = new float[n], ay = new float[n], bx = new float[n], by = new float[n];
    for (int i = 0; i < n; i++) {
      // each moves 8 px about (100, 110) on its own: close on average, unrelated per image
      ax[i] = 100 + 8 * (rnd.nextFloat() - 0.5f);
      ay[i] = 110 + 8 * (rnd.nextFloat() - 0.5f);
      bx[i] = 100 + 8 * (rnd.nextFloat() - 0.5f);
      by[i] = 110 + 8 * (rnd.nextFloat() - 0.5f);
    }
    assertEquals(1, matches(ax, ay, bx, by, NO_TEST).size(), "without the test: close enough");
    CoMovement cm =
        CoMovement.of(one("a", 0, ax, ay, all(n)), 0, one("b", 0, bx, by, all(n)), 0, DIAG);
    assertTrue(cm.ratio() > 0.7 && cm.ratio() < 1.3, "ratio " + cm.ratio());
    assertFalse(cm.passes(CompareParameters.defaults()));
    assertTrue(matches(ax, ay, bx, by, CompareParameters.defaults()).isEmpty());
  }

  @Test
  void refusesNonPositiveCoMovementSettings() {
    assertThrows(
        IllegalArgumentException.class, () -> CompareParameters.defaults().withCoMovement(0, 0.01));
    assertThrows(
        IllegalArgumentException.class, () -> CompareParameters.defaults().withCoMovement(0.5, 0));
  }
}
