package io.xgraph.learner.meaning;

import io.xgraph.learner.eval.SampleStatistics;

/**
 * Mean, spread and standard error of a set of score drops.
 *
 * @param n number of occlusions
 * @param mean mean drop (NaN when n = 0)
 * @param sd sample standard deviation (NaN when n < 2)
 * @param se standard error of the mean, {@code sd / sqrt(n)} (NaN when n < 2)
 */
public record DropSummary(int n, double mean, double sd, double se) {

  /** The summary of {@code drops[0..n)}. */
  public static DropSummary of(double[] drops, int n) {
    if (n == 0) {
      return new DropSummary(0, Double.NaN, Double.NaN, Double.NaN);
    }
    double mean = SampleStatistics.mean(drops, n);
    if (n < 2) {
      return new DropSummary(1, mean, Double.NaN, Double.NaN);
    }
    double sd = SampleStatistics.std(drops, n, mean);
    return new DropSummary(n, mean, sd, sd / Math.sqrt(n));
  }

  /** The summary of all of {@code drops}. */
  public static DropSummary of(double[] drops) {
    return of(drops, drops.length);
  }
}
