package io.xgraph.learner.meaning;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Exact ranks of known counterparts by descriptor similarity: for a query pattern of graph A and
 * its counterpart b in graph B, the rank of b among all of B's patterns (1 = most similar), for the
 * stored descriptor and for each of its blocks alone. It checks the descriptor against {@code
 * xgraph compare}: a pattern's counterpart should rank near the top.
 *
 * <p>Descriptors come as their two blocks, each of unit length or zero ({@code [movement 2n,
 * response n]}, see {@link PatternDescriptor}); one pass over B gives the block dot products, from
 * which the three cosines follow.
 */
public final class CounterpartRanks {

  /** The variants ranked: the stored descriptor and each block alone. */
  public enum Variant {
    BOTH,
    MOVEMENT,
    RESPONSE
  }

  private CounterpartRanks() {}

  /**
   * Ranks, {@code [variant][query]}: for query {@code q}, the rank of candidate {@code target[q]}
   * among all candidates when similarity to {@code queries[q]} orders them (ties count against the
   * target: rank = 1 + candidates strictly more similar).
   *
   * @param queries block descriptors of the query patterns (A)
   * @param candidates block descriptors of all patterns of B
   * @param target index into {@code candidates} of each query's counterpart (or of a control)
   * @param probes probe images n (the movement block has 2n values)
   */
  public static int[][] ranks(float[][] queries, float[][] candidates, int[] target, int probes) {
    return ranks(queries, candidates, target, probes, (q, c) -> true);
  }

  /** Which candidates a query's target is ranked among: (query, candidate) -> eligible. */
  @FunctionalInterface
  public interface Eligible {
    boolean test(int query, int candidate);
  }

  /** As {@link #ranks(float[][], float[][], int[], int)}, among the eligible candidates only. */
  public static int[][] ranks(
      float[][] queries, float[][] candidates, int[] target, int probes, Eligible eligible) {
    int v = Variant.values().length;
    int[][] out = new int[v][queries.length];
    double[][] candNorms = blockNorms(candidates, probes);
    IntStream.range(0, queries.length)
        .parallel()
        .forEach(
            q -> {
              double[] qn = blockNorm(queries[q], probes);
              double[][] sim = new double[v][candidates.length];
              for (int c = 0; c < candidates.length; c++) {
                double dm = dot(queries[q], candidates[c], 0, 2 * probes);
                double dr = dot(queries[q], candidates[c], 2 * probes, 3 * probes);
                double na = Math.sqrt(qn[0] + qn[1]);
                double nb = Math.sqrt(candNorms[c][0] + candNorms[c][1]);
                sim[0][c] = na == 0 || nb == 0 ? 0 : (dm + dr) / (na * nb);
                sim[1][c] = dm;
                sim[2][c] = dr;
              }
              for (int k = 0; k < v; k++) {
                double t = sim[k][target[q]];
                int above = 0;
                for (int c = 0; c < candidates.length; c++) {
                  if (sim[k][c] > t && eligible.test(q, c)) {
                    above++;
                  }
                }
                out[k][q] = above + 1;
              }
            });
    return out;
  }

  /** Summary of ranks: median and the shares at most 1, 10 and 100. */
  public record Summary(int count, double median, double top1, double top10, double top100) {}

  /** The summary of {@code ranks}. */
  public static Summary summarize(int[] ranks) {
    if (ranks.length == 0) {
      return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    int[] s = ranks.clone();
    Arrays.sort(s);
    int n = s.length;
    double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    return new Summary(n, median, share(s, 1), share(s, 10), share(s, 100));
  }

  private static double share(int[] ranks, int atMost) {
    return Arrays.stream(ranks).filter(r -> r <= atMost).count() / (double) ranks.length;
  }

  private static double[][] blockNorms(float[][] d, int probes) {
    double[][] out = new double[d.length][];
    for (int i = 0; i < d.length; i++) {
      out[i] = blockNorm(d[i], probes);
    }
    return out;
  }

  /** Squared lengths of the movement and response blocks. */
  private static double[] blockNorm(float[] d, int probes) {
    return new double[] {dot(d, d, 0, 2 * probes), dot(d, d, 2 * probes, 3 * probes)};
  }

  private static double dot(float[] a, float[] b, int from, int to) {
    // four float partial sums: fast, and exact enough for unit vectors of a few thousand values
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = from;
    for (; i + 3 < to; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    for (; i < to; i++) {
      s0 += a[i] * b[i];
    }
    return (double) s0 + s1 + s2 + s3;
  }
}
