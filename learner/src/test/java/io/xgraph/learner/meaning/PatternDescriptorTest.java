package io.xgraph.learner.meaning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Descriptors on hand-made cases whose cosines are known, and the exact counterpart ranks. */
class PatternDescriptorTest {

  private static final boolean[] ALL = {true, true, true, true};

  @Test
  void twoPatternsThatMoveAndRespondAlikeAreOneWhateverTheirPlaceAndScale() {
    float[] x = {10, 20, 30, 40};
    float[] y = {5, 5, 15, 15};
    float[] s = {1, 2, 3, 4};
    // another CNN: 100 px to the right, scores ten times larger
    float[] x2 = {110, 120, 130, 140};
    float[] s2 = {10, 20, 30, 40};
    float[] a = PatternDescriptor.of(x, y, s, ALL);
    float[] b = PatternDescriptor.of(x2, y, s2, ALL);
    assertEquals(12, a.length);
    assertEquals(1.0, PatternDescriptor.cosine(a, b), 1e-6);
  }

  @Test
  void theCosineIsTheMeanOfTheMovementAndResponseCorrelations() {
    float[] x = {0, 10, 0, 10};
    float[] y = {0, 0, 0, 0};
    float[] s = {1, 2, 3, 4};
    // moves the opposite way (correlation -1), responds alike (correlation 1)
    float[] xOpp = {10, 0, 10, 0};
    float[] a = PatternDescriptor.of(x, y, s, ALL);
    float[] b = PatternDescriptor.of(xOpp, y, s, ALL);
    assertEquals(0.0, PatternDescriptor.cosine(a, b), 1e-6);
    float[] am = PatternDescriptor.of(x, y, s, ALL, PatternDescriptor.Blocks.MOVEMENT);
    float[] bm = PatternDescriptor.of(xOpp, y, s, ALL, PatternDescriptor.Blocks.MOVEMENT);
    assertEquals(-1.0, PatternDescriptor.cosine(am, bm), 1e-6);
    float[] ar = PatternDescriptor.of(x, y, s, ALL, PatternDescriptor.Blocks.RESPONSE);
    float[] br = PatternDescriptor.of(xOpp, y, s, ALL, PatternDescriptor.Blocks.RESPONSE);
    assertEquals(1.0, PatternDescriptor.cosine(ar, br), 1e-6);
  }

  @Test
  void imagesWhereAPatternDoesNotFireCarryNoMovement() {
    float[] x = {0, 100, 0, 10};
    float[] y = {0, 0, 0, 0};
    float[] s = {0, 0, 0, 0};
    boolean[] fired = {true, false, true, true};
    float[] d = PatternDescriptor.of(x, y, s, fired);
    assertEquals(0f, d[1], "no movement where it does not fire");
    // mean over the three firing images is 10/3: offsets -10/3, (none), -10/3, 20/3, to unit
    double norm = Math.sqrt(2 * 100 / 9.0 + 400 / 9.0);
    assertEquals(-10 / 3.0 / norm, d[0], 1e-6);
    assertEquals(20 / 3.0 / norm, d[3], 1e-6);
    // constant scores: no response block; a pattern that never fires and never varies is zero
    assertArrayEquals(new float[4], java.util.Arrays.copyOfRange(d, 8, 12));
    float[] none = PatternDescriptor.of(x, y, s, new boolean[4]);
    assertArrayEquals(new float[12], none);
    assertEquals(0.0, PatternDescriptor.cosine(none, d));
  }

  @Test
  void probeSetsDifferByImagesOrderAndDataset() {
    ProbeSet p = new ProbeSet("cub", List.of("a", "b", "c"));
    assertEquals(p.key(), new ProbeSet("cub", List.of("a", "b", "c")).key());
    assertNotEquals(p.key(), new ProbeSet("cub", List.of("b", "a", "c")).key());
    assertNotEquals(p.key(), new ProbeSet("folder", List.of("a", "b", "c")).key());
    assertEquals(16, p.key().length());
    assertEquals(9, p.dimensions());
    assertThrows(IllegalArgumentException.class, () -> new ProbeSet("cub", List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> PatternDescriptor.cosine(new float[9], new float[12]));
  }

  @Test
  void countsTheCandidatesMoreSimilarThanTheTarget() {
    float[] x = {0, 10, 20, 30};
    float[] y = {0, 0, 0, 0};
    float[] s = {1, 2, 3, 4};
    float[] q = PatternDescriptor.of(x, y, s, ALL);
    float[] same = PatternDescriptor.of(x, y, s, ALL);
    float[] half = PatternDescriptor.of(x, y, new float[] {4, 3, 2, 1}, ALL);
    float[] opposite =
        PatternDescriptor.of(new float[] {30, 20, 10, 0}, y, new float[] {4, 3, 2, 1}, ALL);
    float[][] candidates = {opposite, half, same};
    int[][] r = CounterpartRanks.ranks(new float[][] {q, q}, candidates, new int[] {2, 1}, 4);
    int both = CounterpartRanks.Variant.BOTH.ordinal();
    assertEquals(1, r[both][0], "the identical candidate is first");
    assertEquals(2, r[both][1], "the half-alike one second");
    // by response alone, `half` and `opposite` tie below `same`: ties count against the target
    assertEquals(2, r[CounterpartRanks.Variant.RESPONSE.ordinal()][1]);
    int[][] onlyFirstTwo =
        CounterpartRanks.ranks(new float[][] {q}, candidates, new int[] {1}, 4, (a, c) -> c < 2);
    assertEquals(1, onlyFirstTwo[both][0], "among the eligible, only `same` was ahead");
    CounterpartRanks.Summary sum = CounterpartRanks.summarize(new int[] {1, 5, 50, 500});
    assertEquals(27.5, sum.median());
    assertEquals(0.25, sum.top1());
    assertEquals(0.5, sum.top10());
    assertEquals(0.75, sum.top100());
  }
}
