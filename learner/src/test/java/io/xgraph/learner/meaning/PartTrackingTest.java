package io.xgraph.learner.meaning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.data.Point;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Part tracking on synthetic images with a known answer: 60 images, a beak (part 2) and a tail
 * (part 14) at random places of a 224-pixel plane; one detector sits on the beak with a fixed
 * offset, one wanders at random, one fires too rarely to be rated.
 */
class PartTrackingTest {

  static final int BEAK = 2;
  static final int TAIL = 14;
  static final int N = 60;
  static final LayerGeometry LAYER = new LayerGeometry("conv", 0, 3, 13, 13, 16, 15, 160, 224);

  final List<Map<Integer, Point>> parts = new ArrayList<>();
  final float[][] x = new float[3][N];
  final float[][] y = new float[3][N];
  final boolean[][] fired = new boolean[3][N];

  PartTrackingTest() {
    Random rnd = new Random(5);
    for (int i = 0; i < N; i++) {
      Point beak = new Point(20 + 184 * rnd.nextDouble(), 20 + 184 * rnd.nextDouble());
      Point tail = new Point(20 + 184 * rnd.nextDouble(), 20 + 184 * rnd.nextDouble());
      // every fifth image hides the tail, as CUB hides invisible parts
      parts.add(i % 5 == 0 ? Map.of(BEAK, beak) : Map.of(BEAK, beak, TAIL, tail));
      x[0][i] = (float) (beak.x() + 5);
      y[0][i] = (float) (beak.y() - 3);
      fired[0][i] = true;
      x[1][i] = (float) (224 * rnd.nextDouble());
      y[1][i] = (float) (224 * rnd.nextDouble());
      fired[1][i] = true;
      x[2][i] = (float) beak.x();
      y[2][i] = (float) beak.y();
      fired[2][i] = i < 4;
    }
  }

  @Test
  void aDetectorOnThePartTracksItAndARandomOneDoesNot() {
    TrackingRule rule = TrackingRule.DEFAULT;
    double radius = rule.radius(LAYER);
    assertEquals(20, radius, 1e-12);
    PartTracking.Track[][] t =
        PartTracking.measure(x, y, fired, parts, new int[] {BEAK, TAIL}, radius);

    PartTracking.Track onBeak = t[0][0];
    assertEquals(N, onBeak.firings());
    assertEquals(N, onBeak.hits());
    assertEquals(1.0, onBeak.share());
    assertEquals(5, onBeak.meanDx(), 1e-4);
    assertEquals(-3, onBeak.meanDy(), 1e-4);
    assertEquals(0, onBeak.spread(), 1e-3);
    assertTrue(rule.tracks(onBeak));
    // the tail is elsewhere and visible on 4 of 5 images only
    assertEquals(48, t[0][1].firings());
    assertFalse(rule.tracks(t[0][1]));

    assertTrue(t[1][0].share() < 0.2, "random detector on the beak: " + t[1][0]);
    assertTrue(t[1][1].share() < 0.2, "random detector on the tail: " + t[1][1]);
    assertTrue(t[1][0].spread() > 50, "a random offset has a wide spread: " + t[1][0]);
    assertFalse(rule.tracks(t[1][0]));

    assertEquals(4, t[2][0].firings());
    assertNull(PartTracking.best(t[2], rule), "4 firings are too few to rate a detector");
    assertEquals(BEAK, PartTracking.best(t[0], rule).part());

    LayerPurity purity = LayerPurity.of("conv", radius, t, rule);
    assertEquals(3, purity.detectors());
    assertEquals(2, purity.rated());
    assertEquals(1, purity.tracking());
    assertEquals(0.5, purity.purity());
    assertArrayEquals(new int[] {1, 0}, purity.trackingPerPart());
  }

  @Test
  void shuffledKeypointsBreakTheTieToTheImage() {
    List<Map<Integer, Point>> shuffled = PartTracking.shuffled(parts, 24);
    assertEquals(N, shuffled.size());
    for (int i = 0; i < N; i++) {
      assertNotSame(parts.get(i), shuffled.get(i), "image " + i + " kept its own keypoints");
    }
    assertEquals(new HashSet<>(parts), new HashSet<>(shuffled), "a permutation of the images");
    double radius = TrackingRule.DEFAULT.radius(LAYER);
    PartTracking.Track onShuffled =
        PartTracking.measure(x, y, fired, shuffled, new int[] {BEAK}, radius)[0][0];
    assertTrue(onShuffled.share() < 0.2, "the beak detector against shuffled keypoints");
  }

  @Test
  void labellingKeepsTheTrackingPatternWithItsChanceShare() {
    PartLabeling.Result r =
        PartLabeling.label(
            List.of(
                new PartLabeling.LayerInput(
                    LAYER, new int[] {100, 101, 102}, x, y, fired, x, y, fired)),
            parts,
            new int[] {BEAK, TAIL},
            id -> id == BEAK ? "beak" : "tail",
            TrackingRule.DEFAULT,
            24);
    assertEquals(1, r.labels().size());
    PartLabel l = r.labels().get(0);
    assertEquals(100, l.patternId());
    assertEquals("beak", l.part());
    assertEquals(1.0, l.share());
    assertTrue(l.chanceShare() < 0.2, "chance share " + l.chanceShare());
    assertEquals(0.5, r.rows().get(0).graph().purity());
    assertEquals(0, r.rows().get(0).graphShuffled().tracking());
  }

  @Test
  void rawFiltersFireAgainstTheirMeanPeakOnTheReferenceImages() {
    float[][] score = {{1, 2, 3, 0.4f, 6}, {0, 0, 0, 0, 0}};
    boolean[][] f = PartTracking.firedByMeanRatio(score, new int[] {0, 1, 2}, 0.5);
    // mean peak over images 0..2 is 2, so the threshold is 1
    assertArrayEquals(new boolean[] {true, true, true, false, true}, f[0]);
    assertArrayEquals(new boolean[] {false, false, false, false, false}, f[1]);
  }

  @Test
  void badInputIsRefusedWithTheReason() {
    int[] beak = {BEAK};
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PartTracking.measure(x, new float[2][N], fired, parts, beak, 20));
    assertTrue(e.getMessage().contains("one row per detector"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PartTracking.measure(x, y, fired, parts.subList(0, 10), beak, 20));
    assertTrue(e.getMessage().contains("there are 10 images"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PartTracking.measure(x, y, fired, parts, beak, 0));
    assertTrue(e.getMessage().contains("radius"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> PartTracking.shuffled(parts.subList(0, 1), 1));
    assertTrue(e.getMessage().contains("at least 2 images"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PartTracking.firedByMeanRatio(new float[1][3], new int[0], 0.5));
    assertTrue(e.getMessage().contains("training images"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TrackingRule(0, 0.5, 10));
    assertThrows(IllegalArgumentException.class, () -> new TrackingRule(0.1, 1.5, 10));
    assertThrows(IllegalArgumentException.class, () -> new TrackingRule(0.1, 0.5, 0));
  }
}
