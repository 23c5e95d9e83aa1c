package io.xgraph.learner.meaning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Choosing patterns to occlude, the occluded squares and their controls, and the tallies. */
class FaithfulnessTest {

  @Test
  void strongestTakesFiringEligiblePatternsByScore() {
    float[] score = {0.5f, 3f, 2f, 9f, 2f};
    boolean[] fired = {true, true, true, false, true};
    assertArrayEquals(new int[] {1, 2, 4}, Faithfulness.strongest(score, fired, null, 3));
    assertArrayEquals(
        new int[] {2, 0},
        Faithfulness.strongest(score, fired, new boolean[] {true, false, true, true, false}, 5));
    assertArrayEquals(new int[0], Faithfulness.strongest(score, fired, null, 0));
    assertThrows(
        IllegalArgumentException.class, () -> Faithfulness.strongest(score, fired, null, -1));
  }

  @Test
  void squaresAreCentredOnThePositionAndClippedToThePlane() {
    OcclusionRegion mid = OcclusionRegion.around(112, 112, 63, 224);
    assertEquals(new OcclusionRegion(81, 81, 63, 63), mid);
    // a pattern near the corner occludes only what is on the image
    OcclusionRegion corner = OcclusionRegion.around(7, 7, 63, 224);
    assertEquals(new OcclusionRegion(0, 0, 39, 39), corner);
    // a square larger than the plane is the whole plane
    assertEquals(OcclusionRegion.whole(224), OcclusionRegion.around(112, 112, 500, 224));
    assertThrows(IllegalArgumentException.class, () -> OcclusionRegion.around(1, 1, 0, 224));
  }

  @Test
  void theControlHasTheSameSizeAndLiesOnThePlane() {
    Random random = new Random(3);
    OcclusionRegion r = OcclusionRegion.around(7, 200, 63, 224);
    boolean moved = false;
    for (int i = 0; i < 200; i++) {
      OcclusionRegion c = r.randomLike(224, random);
      assertEquals(r.width(), c.width());
      assertEquals(r.height(), c.height());
      assertTrue(c.x0() >= 0 && c.x0() + c.width() <= 224, c.toString());
      assertTrue(c.y0() >= 0 && c.y0() + c.height() <= 224, c.toString());
      moved |= !c.equals(r);
    }
    assertTrue(moved);
    assertEquals(OcclusionRegion.whole(224), OcclusionRegion.whole(224).randomLike(224, random));
  }

  @Test
  void tallyKeepsGroupsPairsAndPatterns() {
    Faithfulness.Tally t = new Faithfulness.Tally(List.of("a", "b"), new double[] {63, 143});
    t.addPaired(0, 11, 0.5, 0.25);
    t.addPaired(0, 11, 0.3, 0.25);
    t.addPaired(0, 12, 0.45, 0.05);
    t.add(0, Faithfulness.Group.LABELLED, 0.5);
    t.addPattern(0, 7, 0.5, 0.25);
    t.addPattern(0, 7, 0.3, 0.15);
    t.addPattern(1, 40, 0.1, 0.0);
    Faithfulness.Row a = t.rows().get(0);
    assertEquals(3, a.strongest().n());
    assertEquals(0.4166666666666667, a.strongest().mean(), 1e-12);
    assertEquals(0.18333333333333335, a.control().mean(), 1e-12);
    // differences 0.25, 0.05, 0.4: mean 0.7 / 3, sample variance 0.0308333
    assertEquals(0.7 / 3, a.difference().mean(), 1e-12);
    assertEquals(Math.sqrt(0.0925 / 3), a.difference().sd(), 1e-12);
    assertEquals(Math.sqrt(0.0925 / 3) / Math.sqrt(3), a.difference().se(), 1e-12);
    // per image first: image 11 has mean 0.15, image 12 0.4
    assertEquals(2, a.differenceByImage().n());
    assertEquals(0.275, a.differenceByImage().mean(), 1e-12);
    assertEquals(0.125, a.differenceByImage().se(), 1e-12);
    assertEquals(1, a.labelled().n());
    assertEquals(0, a.unlabelled().n());
    assertTrue(Double.isNaN(a.unlabelled().mean()));
    assertEquals(0, t.rows().get(1).strongest().n());
    List<PatternOcclusion> p = t.patterns();
    assertEquals(new PatternOcclusion(7, 2, 0.4, 0.2, 63), p.get(0));
    assertEquals(new PatternOcclusion(40, 1, 0.1, 0.0, 143), p.get(1));
  }
}
