package io.xgraph.learner.aog;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Result of {@link FewShotEvaluation}: per method the mean normalized distance over test images,
 * then its mean and standard deviation over draws; and the draws themselves.
 *
 * @param methods one summary per evaluated method, in {@link FewShotEvaluation#METHODS} order
 * @param draws the draws, shared by every method
 * @param testImages number of test images with the part (the denominator of every draw's mean)
 */
public record EvaluationReport(List<MethodSummary> methods, List<Draw> draws, int testImages) {

  public EvaluationReport {
    methods = List.copyOf(methods);
    draws = List.copyOf(draws);
  }

  /**
   * One draw of annotated images.
   *
   * @param index 0-based draw number
   * @param annotatedImageIds the shots of this draw, in drawing order
   * @param meanNormalizedDistance per method name, mean over test images
   */
  public record Draw(
      int index, List<String> annotatedImageIds, Map<String, Double> meanNormalizedDistance) {

    public Draw {
      annotatedImageIds = List.copyOf(annotatedImageIds);
      meanNormalizedDistance = Map.copyOf(meanNormalizedDistance);
    }
  }

  /**
   * One method over all draws.
   *
   * @param method method name
   * @param mean mean over draws of the per-draw mean normalized distance
   * @param std sample standard deviation over draws (n - 1)
   * @param meanLatencyMicros mean wall time of one localisation, microseconds (a figure, not a
   *     guarantee)
   * @param meanLearnMillis mean wall time of learning per draw, milliseconds
   */
  public record MethodSummary(
      String method, double mean, double std, double meanLatencyMicros, double meanLearnMillis) {}

  /** The summary of {@code method}, or null if it was not evaluated. */
  public MethodSummary method(String method) {
    return methods.stream().filter(m -> m.method().equals(method)).findFirst().orElse(null);
  }

  /** A plain-text table of the summaries. */
  public String table() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%-20s %10s %10s %14s %12s   (%d draws, %d test images)%n",
            "method",
            "mean nd",
            "std",
            "us/localise",
            "ms/learn",
            draws.size(),
            testImages));
    for (MethodSummary m : methods) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-20s %10.4f %10.4f %14.1f %12.1f%n",
              m.method(),
              m.mean(),
              m.std(),
              m.meanLatencyMicros(),
              m.meanLearnMillis()));
    }
    return b.toString();
  }
}
