package io.xgraph.learner.meaning;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The journal version's way of judging a detector (Zhang et al., TPAMI 2021, after Zhou et al.): by
 * its strongest firings only, the K images where its score is highest, and which detectors to
 * compare: the strongest graph patterns, as many as the layer has filters. Pure selections; the
 * share of a selection on a part is then measured by {@link PartTracking#measure}.
 */
public final class TopFirings {

  private TopFirings() {}

  /**
   * Marks each detector's {@code k} highest-scoring images (score > 0; ties go to the lower image
   * index so the choice is reproducible). A detector with fewer than {@code k} positive scores
   * keeps only those.
   *
   * @param score score per detector and image, {@code [detector][image]}
   * @return {@code [detector][image]}, true on the detector's top images
   */
  public static boolean[][] top(float[][] score, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("top-k was " + k + ", must be >= 1 image");
    }
    boolean[][] out = new boolean[score.length][];
    for (int v = 0; v < score.length; v++) {
      float[] s = score[v];
      out[v] = new boolean[s.length];
      Integer[] order = new Integer[s.length];
      for (int i = 0; i < s.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -s[i]).thenComparingInt(i -> i));
      for (int j = 0; j < Math.min(k, s.length) && s[order[j]] > 0; j++) {
        out[v][order[j]] = true;
      }
    }
    return out;
  }

  /**
   * The {@code n} detectors with the highest {@code strength} (the journal's "top-D nodes by the
   * sum of their inference scores"; here the mean score over the training images), strongest first;
   * ties go to the lower index.
   */
  public static int[] strongest(double[] strength, int n) {
    return IntStream.range(0, strength.length)
        .boxed()
        .sorted(Comparator.comparingDouble((Integer v) -> -strength[v]).thenComparingInt(v -> v))
        .limit(Math.max(0, n))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  /**
   * The strongest pattern of each filter: index {@code c} holds the row of filter {@code c}'s
   * pattern with the highest {@code strength}, or -1 when the filter has no pattern.
   *
   * @param channel filter of each pattern row
   * @param filters filters of the layer
   */
  public static int[] strongestPerFilter(int[] channel, double[] strength, int filters) {
    if (channel.length != strength.length) {
      throw new IllegalArgumentException(
          "channel and strength need one entry per pattern, got "
              + channel.length
              + " and "
              + strength.length);
    }
    int[] best = new int[filters];
    Arrays.fill(best, -1);
    for (int v = 0; v < channel.length; v++) {
      int c = channel[v];
      if (c < 0 || c >= filters) {
        throw new IllegalArgumentException(
            "pattern " + v + " is on filter " + c + ", but the layer has " + filters + " filters");
      }
      if (best[c] < 0 || strength[v] > strength[best[c]]) {
        best[c] = v;
      }
    }
    return best;
  }
}
