package io.xgraph.learner.em;

import java.util.Arrays;

/**
 * Ranking and correlation over per-image scores, used when a layer picks its nodes' parents and
 * their best images and when it scores an edge's co-activation.
 */
final class Ranking {

  private Ranking() {}

  /**
   * Indices of the {@code k} highest of {@code scores} that are above {@code cutoff} times the
   * maximum (and above 0), in ascending image order so the float sums are reproducible; returns how
   * many were written to {@code out}.
   */
  static int topImageIndices(float[] scores, int k, double cutoff, int[] out) {
    int n = scores.length;
    float max = 0;
    for (float s : scores) {
      max = Math.max(max, s);
    }
    float floor = (float) (max * cutoff);
    float threshold = floor;
    if (k < n) {
      // the k-th largest score via a sorted copy (n is the number of training images: small)
      float[] sorted = scores.clone();
      Arrays.sort(sorted);
      threshold = Math.max(floor, sorted[n - k]);
    }
    int used = 0;
    // ties at the threshold: lower image index first, never more than k
    for (int i = 0; i < n && used < k; i++) {
      if (scores[i] > threshold) {
        out[used++] = i;
      }
    }
    for (int i = 0; i < n && used < k; i++) {
      if (scores[i] == threshold && scores[i] > floor) {
        out[used++] = i;
      }
    }
    Arrays.sort(out, 0, used);
    return used;
  }

  /** The {@code m} best entries of {@code acc} (ties: lower index), mapped through {@code ids}. */
  static int[] topIndices(float[] acc, int m, int[] ids) {
    int[] best = new int[m];
    float[] bestVal = new float[m];
    int filled = 0;
    for (int k = 0; k < acc.length; k++) {
      float a = acc[k];
      if (filled == m && !(a > bestVal[m - 1])) {
        continue;
      }
      int pos = filled < m ? filled++ : m - 1;
      while (pos > 0 && a > bestVal[pos - 1]) {
        bestVal[pos] = bestVal[pos - 1];
        best[pos] = best[pos - 1];
        pos--;
      }
      bestVal[pos] = a;
      best[pos] = k;
    }
    int[] out = new int[filled];
    for (int k = 0; k < filled; k++) {
      out[k] = ids[best[k]];
    }
    return out;
  }

  /**
   * Co-activation of a child and a parent: Pearson correlation of their per-image scores over the
   * training images (0 when either is constant).
   */
  static double pearson(double[] child, TrainInference upper, int u) {
    int n = child.length;
    double mc = 0;
    double mp = 0;
    for (int i = 0; i < n; i++) {
      mc += child[i];
      mp += upper.score[i * upper.size + u];
    }
    mc /= n;
    mp /= n;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      double a = child[i] - mc;
      double b = upper.score[i * upper.size + u] - mp;
      sxy += a * b;
      sxx += a * a;
      syy += b * b;
    }
    if (sxx <= 0 || syy <= 0) {
      return 0;
    }
    return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  }
}
