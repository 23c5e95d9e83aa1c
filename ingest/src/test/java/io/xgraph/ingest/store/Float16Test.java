package io.xgraph.ingest.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Exhaustive checks of the float16 conversion against an independent definition of binary16. */
class Float16Test {

  /** binary16 value by its definition: (-1)^s * 2^(e-15) * 1.m, subnormals 2^-14 * 0.m. */
  private static double reference(int h) {
    int s = (h >> 15) & 1;
    int e = (h >> 10) & 0x1f;
    int m = h & 0x3ff;
    double sign = s == 1 ? -1 : 1;
    if (e == 0x1f) {
      return m == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
    }
    if (e == 0) {
      return sign * Math.scalb((double) m, -24);
    }
    return sign * Math.scalb(1024.0 + m, e - 25);
  }

  @Test
  void everyHalfWidensExactlyAndNarrowsBack() {
    for (int h = 0; h < 0x10000; h++) {
      float f = Float16.toFloat((short) h);
      double ref = reference(h);
      if (Double.isNaN(ref)) {
        assertTrue(Float.isNaN(f), "NaN " + Integer.toHexString(h));
        assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(f))));
        continue;
      }
      assertEquals(ref, f, 0.0, "half " + Integer.toHexString(h));
      // Signed zero survives: compare bits.
      assertEquals(h, Float16.fromFloat(f) & 0xffff, "round trip " + Integer.toHexString(h));
    }
  }

  @Test
  void roundsToNearestEvenBetweenEveryPairOfNeighbours() {
    // Positive finite halves 0x0000..0x7bff and their successor; the sign is symmetric.
    for (int h = 0; h < 0x7bff; h++) {
      double lo = reference(h);
      double hi = reference(h + 1);
      double mid = (lo + hi) / 2; // exact in double, and exact in float (one more bit)
      float midF = (float) mid;
      assertEquals(mid, midF, 0.0);
      int even = (h & 1) == 0 ? h : h + 1;
      assertEquals(even, Float16.fromFloat(midF) & 0xffff, "tie at " + Integer.toHexString(h));
      assertEquals(h, Float16.fromFloat(Math.nextDown(midF)) & 0xffff, "below tie " + h);
      assertEquals(h + 1, Float16.fromFloat(Math.nextUp(midF)) & 0xffff, "above tie " + h);
      assertEquals(
          (even | 0x8000),
          Float16.fromFloat(-midF) & 0xffff,
          "negative tie " + Integer.toHexString(h));
    }
  }

  @Test
  void overflowUnderflowAndSpecials() {
    assertEquals(0x7bff, Float16.fromFloat(65504f) & 0xffff);
    // 65520 is the tie between 65504 and 65536 (=infinity): rounds to even, i.e. infinity.
    assertEquals(0x7c00, Float16.fromFloat(65520f) & 0xffff);
    assertEquals(0x7bff, Float16.fromFloat(Math.nextDown(65520f)) & 0xffff);
    assertEquals(0x7c00, Float16.fromFloat(1e10f) & 0xffff);
    assertEquals(0xfc00, Float16.fromFloat(Float.NEGATIVE_INFINITY) & 0xffff);
    // Half of the smallest subnormal (2^-25) is a tie with 0 -> 0; just above it -> 2^-24.
    assertEquals(0, Float16.fromFloat(0x1p-25f));
    assertEquals(1, Float16.fromFloat(Math.nextUp(0x1p-25f)));
    assertEquals(0, Float16.fromFloat(1e-30f));
    assertEquals(0x8000, Float16.fromFloat(-0f) & 0xffff);
    assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(Float.NaN))));
    assertEquals(0x3c00, Float16.fromFloat(1f) & 0xffff);
    assertEquals(0xc000, Float16.fromFloat(-2f) & 0xffff);
  }
}
