package io.xgraph.learner.em;

/**
 * Where a map is positive: prefix counts and per-row column bit masks that answer "does this box of
 * the map hold a positive cell?" in constant time, so the E-step skips boxes without evidence.
 */
final class PositiveCells {

  private PositiveCells() {}

  /**
   * Prefix counts of the positive cells of one h x w map at {@code map[off..]}: {@code counts[(r +
   * 1) * (w + 1) + c + 1]} = number of cells > 0 in rows 0..r, columns 0..c.
   */
  static void positivePrefixCounts(float[] map, int off, int h, int w, int[] counts) {
    int stride = w + 1;
    java.util.Arrays.fill(counts, 0, stride, 0);
    for (int r = 0; r < h; r++) {
      int rowCount = 0;
      int base = (r + 1) * stride;
      counts[base] = 0;
      for (int c = 0; c < w; c++) {
        if (map[off + r * w + c] > 0) {
          rowCount++;
        }
        counts[base + c + 1] = counts[base - stride + c + 1] + rowCount;
      }
    }
  }

  /**
   * For maps at most 64 columns wide: per map (image i, channel c) and row, the bit mask of the
   * columns holding a value > 0, at {@code [(i * channels + c) * h + row]}.
   */
  static long[] positiveColumnMasks(float[][] maps, int channels, int h, int w) {
    if (w > Long.SIZE) {
      throw new IllegalArgumentException("a column mask holds 64 columns, the map has " + w);
    }
    long[] out = new long[maps.length * channels * h];
    int k = 0;
    for (float[] map : maps) {
      for (int c = 0; c < channels; c++) {
        int off = c * h * w;
        for (int r = 0; r < h; r++, k++) {
          long bits = 0;
          int base = off + r * w;
          for (int col = 0; col < w; col++) {
            if (map[base + col] > 0) {
              bits |= 1L << col;
            }
          }
          out[k] = bits;
        }
      }
    }
    return out;
  }

  /**
   * True when the box rows [r0, r1] x columns [c0, c1] of the map whose row masks start at {@code
   * base} (see {@link #positiveColumnMasks}) holds a positive cell.
   */
  static boolean anyPositive(long[] masks, int base, int r0, int r1, int c0, int c1) {
    long any = 0;
    for (int r = r0; r <= r1; r++) {
      any |= masks[base + r];
    }
    // columns c0..c1 (c1 <= 63): the ones from bit c0 up to and including bit c1
    long box = (-1L >>> (63 - c1)) & (-1L << c0);
    return (any & box) != 0;
  }

  /** True when the box rows [r0, r1] x columns [c0, c1] holds a positive cell (see above). */
  static boolean anyPositive(int[] counts, int w, int r0, int r1, int c0, int c1) {
    int stride = w + 1;
    int total =
        counts[(r1 + 1) * stride + c1 + 1]
            - counts[r0 * stride + c1 + 1]
            - counts[(r1 + 1) * stride + c0]
            + counts[r0 * stride + c0];
    return total > 0;
  }
}
