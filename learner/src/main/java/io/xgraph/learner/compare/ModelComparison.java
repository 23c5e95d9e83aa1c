package io.xgraph.learner.compare;

import io.xgraph.learner.data.Point;
import io.xgraph.learner.eval.Stability;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares two graphs inferred on the same images: pattern correspondences per layer pair, the
 * stability of each graph next to its raw-filter baseline, and the part coverage table.
 *
 * <p><b>Correspondence.</b> For a layer of A and a layer of B, each pattern's best partner is the
 * pattern of the other layer with the smallest truncated mean distance (see {@link
 * CompareParameters#cap()}) among those firing together with it on at least {@code minSupport}
 * shared images. A pair is a match when each is the other's best and the distance is at most {@code
 * maxDistance}, and the two also move together across images: their {@link CoMovement} ratio is at
 * most {@code maxRatio} and their movement at least {@code minMovement}. Without that test, graphs
 * whose inferred positions stay near each node's prior place would match by layout coincidence (a
 * graph learned on shuffled positions matched 58 % of the patterns of a real one).
 *
 * <p><b>Part coverage.</b> For each pattern take its {@code topImages} highest-scoring shared
 * images. For each annotated part visible on at least {@code minVisible} of them, compute the mean
 * and the sample standard deviation of the normalised distance between the pattern's position and
 * the part. The pattern <em>points at</em> the part with the smallest mean when that mean is at
 * most {@code pointRadius}; it is <em>stable</em> when, in addition, the standard deviation is at
 * most {@code stableSpread}. Each pattern points at no more than one part.
 */
public final class ModelComparison {

  private ModelComparison() {}

  /**
   * Runs the comparison.
   *
   * @param a first model's inference over the shared images
   * @param b second model's inference over the same images, same order
   * @param parts per shared image, the visible part points (input plane, pixels)
   * @param plane side of the square input plane, pixels (224)
   * @param p settings
   */
  public static Comparison compare(
      ModelPositions a,
      ModelPositions b,
      List<Map<Integer, Point>> parts,
      double plane,
      CompareParameters p) {
    return compareWithCandidates(a, b, parts, plane, p).comparison();
  }

  /**
   * A mutual best match within {@code maxDistance}, before the co-movement test.
   *
   * @param match the pair as it would be stored
   * @param coMovement its co-movement figures
   * @param accepted whether it passed the co-movement test (and is in the comparison)
   */
  public record Candidate(Comparison.Match match, CoMovement coMovement, boolean accepted) {}

  /**
   * The comparison and the candidates it was filtered from.
   *
   * @param comparison the result
   * @param candidates every mutual best match within maxDistance, accepted or not
   */
  public record Outcome(Comparison comparison, List<Candidate> candidates) {}

  /** Runs the comparison and also returns the candidates, to show how the co-movement test acts. */
  public static Outcome compareWithCandidates(
      ModelPositions a,
      ModelPositions b,
      List<Map<Integer, Point>> parts,
      double plane,
      CompareParameters p) {
    List<Candidate> candidates = new ArrayList<>();
    int images = parts.size();
    if (images == 0) {
      throw new IllegalArgumentException(
          "Models `"
              + a.model()
              + "` and `"
              + b.model()
              + "` share no images: infer both on overlapping image sets");
    }
    checkImages(a, images);
    checkImages(b, images);
    double diagonal = plane * Math.sqrt(2);
    List<Comparison.Match> matches = new ArrayList<>();
    List<Comparison.LayerPairSummary> rows = new ArrayList<>();
    boolean[][] hasA = flags(a);
    boolean[][] hasB = flags(b);
    Stability.Result stabA = stability(a, parts, diagonal, p);
    Stability.Result stabB = stability(b, parts, diagonal, p);
    double[] scoreA = meanScores(a);
    double[] scoreB = meanScores(b);
    for (int la = 0; la < a.layers().size(); la++) {
      LayerPositions pa = a.layers().get(la);
      for (int lb = 0; lb < b.layers().size(); lb++) {
        LayerPositions pb = b.layers().get(lb);
        PatternMatcher.Result r =
            PatternMatcher.match(pa, pb, p.minSupport(), p.cap(), plane, diagonal);
        int count = 0;
        double sum = 0;
        boolean[] matchedB = new boolean[pb.size()];
        for (int v = 0; v < pa.size(); v++) {
          if (r.mutual(v) && r.distOfA()[v] <= p.maxDistance()) {
            int w = r.bestOfA()[v];
            Comparison.Match m =
                new Comparison.Match(
                    la,
                    pa.patternIds()[v],
                    lb,
                    pb.patternIds()[w],
                    r.distOfA()[v],
                    r.supportOfA()[v]);
            CoMovement cm = CoMovement.of(pa, v, pb, w, diagonal);
            boolean ok = cm.passes(p);
            candidates.add(new Candidate(m, cm, ok));
            if (!ok) {
              continue;
            }
            matches.add(m);
            hasA[la][v] = true;
            hasB[lb][w] = true;
            matchedB[w] = true;
            count++;
            sum += r.distOfA()[v];
          }
        }
        rows.add(
            new Comparison.LayerPairSummary(
                pa.name(),
                pb.name(),
                pa.size(),
                pb.size(),
                count,
                pa.size() == 0 ? 0 : (double) count / pa.size(),
                pb.size() == 0 ? 0 : (double) count / pb.size(),
                count == 0 ? Double.NaN : sum / count,
                stabA.releasePerLayer()[la],
                stabB.releasePerLayer()[lb],
                scoreA[la],
                scoreB[lb]));
      }
    }
    List<Comparison.ModelSummary> models =
        List.of(
            summary(a, hasA, stabA, parts, diagonal, p, scoreA),
            summary(b, hasB, stabB, parts, diagonal, p, scoreB));
    Comparison c =
        new Comparison(
            a.model(),
            b.model(),
            images,
            p,
            matches,
            rows,
            models,
            coverage(a, b, parts, diagonal, p));
    return new Outcome(c, candidates);
  }

  private static void checkImages(ModelPositions m, int images) {
    for (LayerPositions l : m.layers()) {
      if (l.size() > 0 && l.imageCount() != images) {
        throw new IllegalArgumentException(
            "Layer `"
                + l.name()
                + "` of `"
                + m.model()
                + "` covers "
                + l.imageCount()
                + " images, the part list "
                + images
                + ": infer on exactly the shared images");
      }
    }
    for (Stability.LayerDetections d : m.rawFilters()) {
      if (d.x().length > 0 && d.x()[0].length != images) {
        throw new IllegalArgumentException(
            "Raw filters of `"
                + m.model()
                + "` cover "
                + d.x()[0].length
                + " images, the part list "
                + images);
      }
    }
  }

  private static boolean[][] flags(ModelPositions m) {
    boolean[][] out = new boolean[m.layers().size()][];
    for (int l = 0; l < out.length; l++) {
      out[l] = new boolean[m.layers().get(l).size()];
    }
    return out;
  }

  private static Stability.Result stability(
      ModelPositions m, List<Map<Integer, Point>> parts, double diagonal, CompareParameters p) {
    List<Stability.LayerDetections> layers = new ArrayList<>();
    for (LayerPositions l : m.layers()) {
      layers.add(new Stability.LayerDetections(l.x(), l.y(), l.score()));
    }
    return Stability.compute(
        layers, parts, diagonal, p.topImages(), p.detectorsPerLayer(), Stability.CUB_PARTS);
  }

  /** Per layer, the mean score over fired (pattern, image) pairs; NaN when nothing fired. */
  static double[] meanScores(ModelPositions m) {
    double[] out = new double[m.layers().size()];
    for (int l = 0; l < out.length; l++) {
      LayerPositions lp = m.layers().get(l);
      double s = 0;
      long n = 0;
      for (int v = 0; v < lp.size(); v++) {
        for (int i = 0; i < lp.imageCount(); i++) {
          if (lp.fired()[v][i]) {
            s += lp.score()[v][i];
            n++;
          }
        }
      }
      out[l] = n == 0 ? Double.NaN : s / n;
    }
    return out;
  }

  private static Comparison.ModelSummary summary(
      ModelPositions m,
      boolean[][] has,
      Stability.Result graph,
      List<Map<Integer, Point>> parts,
      double diagonal,
      CompareParameters p,
      double[] layerScores) {
    int with = 0;
    for (boolean[] layer : has) {
      for (boolean h : layer) {
        with += h ? 1 : 0;
      }
    }
    double rawPaper = Double.NaN;
    double rawRelease = Double.NaN;
    if (!m.rawFilters().isEmpty()) {
      Stability.Result raw =
          Stability.compute(
              m.rawFilters(),
              parts,
              diagonal,
              p.topImages(),
              p.detectorsPerLayer(),
              Stability.CUB_PARTS);
      rawPaper = raw.paper();
      rawRelease = raw.release();
    }
    double s = 0;
    long n = 0;
    for (LayerPositions lp : m.layers()) {
      for (int v = 0; v < lp.size(); v++) {
        for (int i = 0; i < lp.imageCount(); i++) {
          if (lp.fired()[v][i]) {
            s += lp.score()[v][i];
            n++;
          }
        }
      }
    }
    return new Comparison.ModelSummary(
        m.model(),
        m.patternCount(),
        with,
        graph.paper(),
        graph.release(),
        rawPaper,
        rawRelease,
        n == 0 ? Double.NaN : s / n);
  }

  private static List<Comparison.PartCoverage> coverage(
      ModelPositions a,
      ModelPositions b,
      List<Map<Integer, Point>> parts,
      double diagonal,
      CompareParameters p) {
    TreeSet<Integer> ids = new TreeSet<>();
    for (Map<Integer, Point> m : parts) {
      ids.addAll(m.keySet());
    }
    int[] partIds = ids.stream().mapToInt(Integer::intValue).toArray();
    int[][] countA = pointing(a, parts, partIds, diagonal, p);
    int[][] countB = pointing(b, parts, partIds, diagonal, p);
    List<Comparison.PartCoverage> out = new ArrayList<>();
    for (int k = 0; k < partIds.length; k++) {
      out.add(
          new Comparison.PartCoverage(
              partIds[k],
              CubParts.name(partIds[k]),
              countA[1][k],
              countB[1][k],
              countA[0][k],
              countB[0][k]));
    }
    return out;
  }

  /**
   * Per part: {@code [0]} patterns pointing at it, {@code [1]} stable ones among them.
   *
   * <p>Package-private for the tests.
   */
  static int[][] pointing(
      ModelPositions m,
      List<Map<Integer, Point>> parts,
      int[] partIds,
      double diagonal,
      CompareParameters p) {
    int[][] out = new int[2][partIds.length];
    for (LayerPositions lp : m.layers()) {
      for (int v = 0; v < lp.size(); v++) {
        int[] top = top(lp.score()[v], p.topImages());
        int bestPart = -1;
        double bestMean = Double.POSITIVE_INFINITY;
        double bestSd = Double.NaN;
        for (int k = 0; k < partIds.length; k++) {
          double s = 0;
          double s2 = 0;
          int n = 0;
          for (int i : top) {
            Point pt = parts.get(i).get(partIds[k]);
            if (pt != null) {
              double d = Math.hypot(lp.x()[v][i] - pt.x(), lp.y()[v][i] - pt.y()) / diagonal;
              s += d;
              s2 += d * d;
              n++;
            }
          }
          if (n < p.minVisible()) {
            continue;
          }
          double mean = s / n;
          if (mean < bestMean) {
            bestMean = mean;
            bestPart = k;
            bestSd = Math.sqrt(Math.max(0, (s2 - n * mean * mean) / (n - 1)));
          }
        }
        if (bestPart >= 0 && bestMean <= p.pointRadius()) {
          out[0][bestPart]++;
          if (bestSd <= p.stableSpread()) {
            out[1][bestPart]++;
          }
        }
      }
    }
    return out;
  }

  /** Indices of the k highest scores, best first, ties by lower index. */
  static int[] top(float[] score, int k) {
    Integer[] order = new Integer[score.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (u, w) -> {
          int c = Float.compare(score[w], score[u]);
          return c != 0 ? c : Integer.compare(u, w);
        });
    int n = Math.min(k, score.length);
    int[] out = new int[n];
    for (int j = 0; j < n; j++) {
      out[j] = order[j];
    }
    return out;
  }
}
