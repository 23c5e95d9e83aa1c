package io.xgraph.ingest;

/**
 * Per-element population standard deviation of raw maps over negative images, accumulated in double
 * with Welford's update (no catastrophic cancellation for large means).
 *
 * <p>Elements whose sigma is tiny (a unit that never varies on the negatives, e.g. always clipped)
 * would make x / sigma explode; they are floored at {@link #FLOOR_FRACTION} of the layer's mean
 * sigma (and at least {@link #ABSOLUTE_FLOOR}), and the number floored is reported.
 */
public final class SigmaAccumulator {

  /** Sigma floor relative to the layer's mean sigma. */
  public static final double FLOOR_FRACTION = 0.01;

  /** Sigma floor when the whole layer is constant. */
  public static final double ABSOLUTE_FLOOR = 1e-6;

  private final double[] mean;
  private final double[] m2;
  private long count;
  private int floored;

  public SigmaAccumulator(int size) {
    mean = new double[size];
    m2 = new double[size];
  }

  /** Adds one image's raw map. */
  public void add(float[] x) {
    if (x.length != mean.length) {
      throw new IllegalArgumentException(
          "map has " + x.length + " values, expected " + mean.length);
    }
    count++;
    for (int i = 0; i < x.length; i++) {
      double delta = x[i] - mean[i];
      mean[i] += delta / count;
      m2[i] += delta * (x[i] - mean[i]);
    }
  }

  /** Number of maps added. */
  public long count() {
    return count;
  }

  /** Elements floored by the last {@link #sigma()} call. */
  public int floored() {
    return floored;
  }

  /** The floored population sigma per element. */
  public float[] sigma() {
    if (count == 0) {
      throw new IllegalStateException("no negative images were added");
    }
    double[] s = new double[mean.length];
    double sum = 0;
    for (int i = 0; i < s.length; i++) {
      s[i] = Math.sqrt(m2[i] / count);
      sum += s[i];
    }
    double floor = Math.max(ABSOLUTE_FLOOR, FLOOR_FRACTION * sum / s.length);
    float[] out = new float[s.length];
    floored = 0;
    for (int i = 0; i < s.length; i++) {
      if (s[i] < floor) {
        floored++;
        s[i] = floor;
      }
      out[i] = (float) s[i];
    }
    return out;
  }
}
