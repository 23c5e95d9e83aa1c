package io.xgraph.learner.meaning;

/**
 * The descriptor of a pattern over a fixed set of probe images, comparable across graphs and CNNs
 * because it only speaks of the images and of the 224x224 crop plane they share: where the pattern
 * moves from image to image, and how strongly it responds on each.
 *
 * <p>Two blocks of equal weight, each centred over the probe images and scaled to unit length, so
 * that the cosine of two descriptors is the mean of two correlations:
 *
 * <ul>
 *   <li><b>movement</b> ({@code 2n} values): on an image where the pattern fires, its inferred
 *       position minus its mean position over the images where it fires (x block, then y block); 0
 *       where it does not fire. The cosine of two movement blocks is the covariance of the two
 *       positions over the images where both fire, over the two spreads: the co-movement that
 *       {@code xgraph compare} requires of a counterpart ({@code CoMovement}), and 0 for a pair
 *       that never fires together.
 *   <li><b>response</b> ({@code n} values): the inferred score on each image, centred: which images
 *       the pattern likes, whatever the scale of the CNN's scores.
 * </ul>
 *
 * A pattern that never fires, or never moves, has a zero block; its descriptor is then the other
 * block alone (scaled the same), and a pattern with neither is all zero (it ranks nowhere).
 */
public final class PatternDescriptor {

  /** Values per probe image: x and y movement, then response. */
  public static final int VALUES_PER_IMAGE = 3;

  private PatternDescriptor() {}

  /** Descriptor length for {@code probes} probe images. */
  public static int dimensions(int probes) {
    return VALUES_PER_IMAGE * probes;
  }

  /**
   * The descriptor of one pattern; arrays are indexed by probe image, in the probe set's order.
   *
   * @param x inferred x, crop-plane pixels
   * @param y inferred y, crop-plane pixels
   * @param score inferred score
   * @param fired whether the pattern fires on the image
   */
  public static float[] of(float[] x, float[] y, float[] score, boolean[] fired) {
    return of(x, y, score, fired, Blocks.BOTH);
  }

  /** Which blocks a descriptor keeps (the others are zero): the stored one keeps both. */
  public enum Blocks {
    BOTH,
    MOVEMENT,
    RESPONSE
  }

  /** The descriptor with only the given blocks (to measure what each block contributes). */
  public static float[] of(float[] x, float[] y, float[] score, boolean[] fired, Blocks blocks) {
    int n = x.length;
    if (y.length != n || score.length != n || fired.length != n) {
      throw new IllegalArgumentException("x, y, score and fired must have one value per probe");
    }
    float[] d = new float[dimensions(n)];
    double mx = 0;
    double my = 0;
    int f = 0;
    for (int i = 0; i < n; i++) {
      if (fired[i]) {
        mx += x[i];
        my += y[i];
        f++;
      }
    }
    if (f > 0) {
      mx /= f;
      my /= f;
      for (int i = 0; i < n; i++) {
        if (fired[i]) {
          d[i] = (float) (x[i] - mx);
          d[n + i] = (float) (y[i] - my);
        }
      }
    }
    double ms = 0;
    for (int i = 0; i < n; i++) {
      ms += score[i];
    }
    ms /= Math.max(1, n);
    for (int i = 0; i < n; i++) {
      d[2 * n + i] = (float) (score[i] - ms);
    }
    scaleToUnit(d, 0, 2 * n);
    scaleToUnit(d, 2 * n, 3 * n);
    if (blocks == Blocks.RESPONSE) {
      java.util.Arrays.fill(d, 0, 2 * n, 0f);
    } else if (blocks == Blocks.MOVEMENT) {
      java.util.Arrays.fill(d, 2 * n, 3 * n, 0f);
    }
    // each non-zero block now has length 1; the whole has length 1 (or 0)
    double total = norm(d, 0, d.length);
    if (total > 0) {
      for (int i = 0; i < d.length; i++) {
        d[i] = (float) (d[i] / total);
      }
    }
    return d;
  }

  /** Cosine of two descriptors of the same probe set (0 when either is all zero). */
  public static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "descriptors of " + a.length + " and " + b.length + " values: other probe sets");
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  private static void scaleToUnit(float[] d, int from, int to) {
    double n = norm(d, from, to);
    if (n > 1e-9) {
      for (int i = from; i < to; i++) {
        d[i] = (float) (d[i] / n);
      }
    } else {
      for (int i = from; i < to; i++) {
        d[i] = 0;
      }
    }
  }

  private static double norm(float[] d, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += (double) d[i] * d[i];
    }
    return Math.sqrt(s);
  }
}
