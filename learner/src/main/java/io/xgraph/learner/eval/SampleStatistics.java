package io.xgraph.learner.eval;

/** Mean and sample standard deviation of a figure over draws, images or runs. */
public final class SampleStatistics {

  private SampleStatistics() {}

  /** The mean of the first {@code n} values (NaN when {@code n} is 0). */
  public static double mean(double[] values, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += values[i];
    }
    return sum / n;
  }

  /** The mean of {@code values}. */
  public static double mean(double[] values) {
    return mean(values, values.length);
  }

  /**
   * The sample standard deviation (n - 1 in the denominator) of the first {@code n} values around
   * their {@code mean}; NaN below 2 values, where it is undefined.
   */
  public static double std(double[] values, int n, double mean) {
    if (n < 2) {
      return Double.NaN;
    }
    double ss = 0;
    for (int i = 0; i < n; i++) {
      double d = values[i] - mean;
      ss += d * d;
    }
    return Math.sqrt(ss / (n - 1));
  }

  /** The sample standard deviation of {@code values}. */
  public static double std(double[] values) {
    return std(values, values.length, mean(values));
  }
}
