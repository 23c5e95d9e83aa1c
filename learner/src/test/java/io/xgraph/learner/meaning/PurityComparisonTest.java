package io.xgraph.learner.meaning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.data.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The journal's purity comparison on constructed images with a known answer: 60 images with a beak
 * and a tail at random places; filter 0 mixes the beak, the tail and background (its raw argmax
 * jumps between them) and the graph splits it into a beak pattern and a tail pattern, plus a weak
 * pattern that wanders; filter 1 is on the beak both raw and as a pattern.
 */
class PurityComparisonTest {

  static final int BEAK = 2;
  static final int TAIL = 14;
  static final int[] PARTS = {BEAK, TAIL};
  static final int N = 60;
  static final int K = 10;
  // receptive field 160 px: radius 20 px at the default fraction 0.125
  static final LayerGeometry LAYER = new LayerGeometry("conv", 0, 2, 13, 13, 16, 15, 160, 224);

  final List<Map<Integer, Point>> parts = new ArrayList<>();
  final Random rnd = new Random(11);
  // patterns: 0 beak (filter 0), 1 tail (filter 0), 2 wandering (filter 0), 3 beak (filter 1)
  final int[] channel = {0, 0, 0, 1};
  final double[] strength = {3, 2, 0.1, 1};
  final float[][] gx = new float[4][N];
  final float[][] gy = new float[4][N];
  final float[][] gScore = new float[4][N];
  final float[][] rx = new float[2][N];
  final float[][] ry = new float[2][N];
  final float[][] rScore = new float[2][N];

  PurityComparisonTest() {
    for (int i = 0; i < N; i++) {
      Point beak = randomPoint();
      Point tail = randomPoint();
      // every fifth image hides the tail, as CUB hides invisible parts
      parts.add(i % 5 == 0 ? Map.of(BEAK, beak) : Map.of(BEAK, beak, TAIL, tail));
      // the beak pattern fires strongly on the beak on a third of the images, weakly elsewhere
      place(gx, gy, 0, i, i % 3 == 0 ? beak : randomPoint());
      gScore[0][i] = i % 3 == 0 ? 2 : 0.5f;
      place(gx, gy, 1, i, i % 3 == 1 ? tail : randomPoint());
      gScore[1][i] = i % 3 == 1 ? 2 : 0.5f;
      place(gx, gy, 2, i, randomPoint());
      gScore[2][i] = 1;
      place(gx, gy, 3, i, beak);
      gScore[3][i] = 1 + i / 100f;
      // raw filter 0: beak, tail or background in turn; its top 10 (images 50-59) mix all three
      place(rx, ry, 0, i, i % 3 == 0 ? beak : i % 3 == 1 ? tail : randomPoint());
      rScore[0][i] = 1 + i / 1000f;
      place(rx, ry, 1, i, beak);
      rScore[1][i] = 1 + i / 1000f;
    }
  }

  private Point randomPoint() {
    return new Point(20 + 184 * rnd.nextDouble(), 20 + 184 * rnd.nextDouble());
  }

  private static void place(float[][] x, float[][] y, int v, int i, Point p) {
    x[v][i] = (float) p.x();
    y[v][i] = (float) p.y();
  }

  private PurityComparison.Row compare(boolean[][] graphJudged, boolean[][] rawJudged) {
    PurityComparison.Input in =
        new PurityComparison.Input(
            LAYER, channel, strength, gx, gy, graphJudged, rx, ry, rawJudged);
    List<PurityComparison.Row> rows =
        PurityComparison.compare(
            List.of(in), parts, PARTS, PurityComparison.rule(0.125, 0.5, K), 24);
    assertEquals(1, rows.size());
    return rows.get(0);
  }

  @Test
  void topImagesAreTheHighestScoresWithTiesToTheLowerIndex() {
    boolean[][] top = TopFirings.top(new float[][] {{0.5f, 2, 2, 0, 1, 2}, {0, 0, 3, 0, 0, 0}}, 3);
    assertArrayEquals(new boolean[] {false, true, true, false, false, true}, top[0]);
    // a detector with one positive score keeps one image
    assertArrayEquals(new boolean[] {false, false, true, false, false, false}, top[1]);
    assertThrows(IllegalArgumentException.class, () -> TopFirings.top(new float[1][3], 0));
  }

  @Test
  void strongestPatternsOverallAndPerFilter() {
    assertArrayEquals(new int[] {0, 1}, TopFirings.strongest(strength, 2));
    assertArrayEquals(new int[] {0, 3, -1}, TopFirings.strongestPerFilter(channel, strength, 3));
    assertThrows(
        IllegalArgumentException.class,
        () -> TopFirings.strongestPerFilter(channel, strength, 1),
        "filter 1 is outside a 1-filter layer");
  }

  @Test
  void theGraphSplitsTheMixedFilterIntoPurePatterns() {
    PurityComparison.Row r = compare(TopFirings.top(gScore, K), TopFirings.top(rScore, K));
    assertEquals(20, r.radius(), 1e-12);
    // raw: filter 1 tracks the beak, the mixed filter 0 tracks nothing (3 of 10 on the beak)
    assertEquals(2, r.raw().truth().rated());
    assertEquals(1, r.raw().truth().tracking());
    // the 2 strongest patterns are filter 0's beak and tail patterns: both pure
    assertEquals(2, r.strongest().truth().tracking());
    assertEquals(1.0, r.strongest().truth().purity());
    assertArrayEquals(new int[] {1, 1}, r.strongest().truth().trackingPerPart());
    // ...purer than their own filter
    assertEquals(1, r.rawOnStrongestFilters().truth().rated());
    assertEquals(0, r.rawOnStrongestFilters().truth().tracking());
    // one pattern per filter: beak pattern vs filter 0 (graph only), filter 1 on both sides
    assertEquals(1.0, r.perFilter().truth().purity());
    assertEquals(1, r.pairedGraphOnly());
    assertEquals(0, r.pairedRawOnly());
    assertEquals(1, r.pairedBoth());
    // all patterns: the wandering one tracks nothing
    assertEquals(4, r.all().truth().rated());
    assertEquals(3, r.all().truth().tracking());
    // both filters have a tracking pattern; filter 0's follow two parts, filter 1's one
    assertEquals(2, r.filtersRated());
    assertEquals(2, r.filtersTracking());
    assertEquals(1.5, r.partsPerTrackingFilter(), 1e-12);
  }

  @Test
  void shuffledKeypointsLeaveNothingTracking() {
    PurityComparison.Row r = compare(TopFirings.top(gScore, K), TopFirings.top(rScore, K));
    assertEquals(0, r.raw().shuffled().tracking());
    assertEquals(0, r.strongest().shuffled().tracking());
    assertEquals(0, r.all().shuffled().tracking());
    assertEquals(0, r.filtersTrackingShuffled());
  }

  @Test
  void weakFiringsHideAPatternThatIsPureOnItsStrongest() {
    boolean[][] graphFired = new boolean[4][N];
    boolean[][] rawFired = new boolean[2][N];
    for (int i = 0; i < N; i++) {
      for (int v = 0; v < 4; v++) {
        graphFired[v][i] = gScore[v][i] > 0;
      }
      rawFired[0][i] = true;
      rawFired[1][i] = true;
    }
    PurityComparison.Row all =
        PurityComparison.compare(
                List.of(
                    new PurityComparison.Input(
                        LAYER, channel, strength, gx, gy, graphFired, rx, ry, rawFired)),
                parts,
                PARTS,
                new TrackingRule(0.125, 0.5, 10),
                24)
            .get(0);
    // on all 60 firings the beak and tail patterns are on their part only a third of the time
    assertEquals(2, all.strongest().truth().rated());
    assertEquals(0, all.strongest().truth().tracking());
    assertTrue(all.strongest().truth().meanBestShare() < 0.5, "" + all.strongest().truth());
    // judged on their 10 strongest images both are pure
    PurityComparison.Row top = compare(TopFirings.top(gScore, K), TopFirings.top(rScore, K));
    assertEquals(2, top.strongest().truth().tracking());
  }

  @Test
  void theTopKRuleRatesADetectorWhenThePartShowsOnHalfItsImages() {
    assertEquals(10, PurityComparison.rule(0.125, 0.5, 20).minFirings());
    assertEquals(6, PurityComparison.rule(0.125, 0.5, 11).minFirings());
  }
}
