package io.xgraph.learner.compare;

import java.util.stream.IntStream;

/**
 * Best matches between the patterns of two layers (of different graphs) by inferred position.
 *
 * <p>The distance of a pair (a, b) is the mean over the shared images on which both fire of
 * min(d_i, cap), d_i the distance of their positions on image i divided by the diagonal. Only pairs
 * that fire together on at least {@code minSupport} images count. A pair that is never closer than
 * cap has distance exactly cap, so only pairs that come within cap on some image need to be looked
 * at: per image, the fired patterns of b are bucketed on a grid of cap-sized cells, and each fired
 * a visits the 3x3 cells around it. The result is exact, not an approximation.
 */
final class PatternMatcher {

  private static final int BLOCK = 128;

  /**
   * Best partner of each pattern on the other side.
   *
   * @param bestOfA for each a, index of its best b (-1 when none has the support)
   * @param distOfA distance of that pair
   * @param supportOfA support of that pair
   * @param bestOfB for each b, index of its best a
   * @param distOfB distance
   * @param supportOfB support
   */
  record Result(
      int[] bestOfA,
      double[] distOfA,
      int[] supportOfA,
      int[] bestOfB,
      double[] distOfB,
      int[] supportOfB) {

    /** Whether a and its best b are each other's best. */
    boolean mutual(int a) {
      int b = bestOfA[a];
      return b >= 0 && bestOfB[b] == a;
    }
  }

  private PatternMatcher() {}

  /**
   * Matches layer a against layer b.
   *
   * @param plane side of the input plane in pixels (224), for the bucket grid
   * @param diagonal normaliser of distances (plane * sqrt 2)
   */
  static Result match(
      LayerPositions a,
      LayerPositions b,
      int minSupport,
      double cap,
      double plane,
      double diagonal) {
    int na = a.size();
    int nb = b.size();
    int images = na > 0 ? a.imageCount() : b.imageCount();
    if (na > 0 && nb > 0 && a.imageCount() != b.imageCount()) {
      throw new IllegalArgumentException(
          "Layers `"
              + a.name()
              + "` and `"
              + b.name()
              + "` cover "
              + a.imageCount()
              + " and "
              + b.imageCount()
              + " images: both sides must be inferred on the same shared images");
    }
    long[][] firedA = bits(a.fired(), images);
    long[][] firedB = bits(b.fired(), images);
    double capPx = cap * diagonal;
    Grid[] grids = new Grid[images];
    for (int i = 0; i < images; i++) {
      grids[i] = Grid.of(b, i, capPx, plane);
    }
    int blocks = (na + BLOCK - 1) / BLOCK;
    BlockBest[] parts =
        IntStream.range(0, blocks)
            .parallel()
            .mapToObj(
                k ->
                    block(
                        a,
                        k * BLOCK,
                        Math.min(na, (k + 1) * BLOCK),
                        nb,
                        grids,
                        firedA,
                        firedB,
                        minSupport,
                        cap,
                        capPx,
                        diagonal))
            .toArray(BlockBest[]::new);
    int[] bestOfA = new int[na];
    double[] distOfA = new double[na];
    int[] supportOfA = new int[na];
    int[] bestOfB = new int[nb];
    double[] distOfB = new double[nb];
    int[] supportOfB = new int[nb];
    java.util.Arrays.fill(bestOfB, -1);
    java.util.Arrays.fill(distOfB, Double.POSITIVE_INFINITY);
    for (int k = 0; k < blocks; k++) {
      BlockBest p = parts[k];
      int from = k * BLOCK;
      for (int j = 0; j < p.bestOfA.length; j++) {
        bestOfA[from + j] = p.bestOfA[j];
        distOfA[from + j] = p.distOfA[j];
        supportOfA[from + j] = p.supportOfA[j];
      }
      for (int v = 0; v < nb; v++) {
        if (p.bestOfB[v] >= 0
            && better(
                p.distOfB[v],
                p.supportOfB[v],
                p.bestOfB[v],
                distOfB[v],
                supportOfB[v],
                bestOfB[v])) {
          bestOfB[v] = p.bestOfB[v];
          distOfB[v] = p.distOfB[v];
          supportOfB[v] = p.supportOfB[v];
        }
      }
    }
    return new Result(bestOfA, distOfA, supportOfA, bestOfB, distOfB, supportOfB);
  }

  /** Smaller distance wins, then larger support, then the lower index (deterministic). */
  private static boolean better(double d, int s, int idx, double bestD, int bestS, int bestIdx) {
    if (bestIdx < 0) {
      return true;
    }
    if (d != bestD) {
      return d < bestD;
    }
    if (s != bestS) {
      return s > bestS;
    }
    return idx < bestIdx;
  }

  private record BlockBest(
      int[] bestOfA,
      double[] distOfA,
      int[] supportOfA,
      int[] bestOfB,
      double[] distOfB,
      int[] supportOfB) {}

  private static BlockBest block(
      LayerPositions a,
      int from,
      int to,
      int nb,
      Grid[] grids,
      long[][] firedA,
      long[][] firedB,
      int minSupport,
      double cap,
      double capPx,
      double diagonal) {
    int len = to - from;
    int[] near = new int[len * nb];
    float[] sum = new float[len * nb];
    double capSq = capPx * capPx;
    for (int i = 0; i < grids.length; i++) {
      Grid g = grids[i];
      for (int j = 0; j < len; j++) {
        int v = from + j;
        if (!a.fired()[v][i]) {
          continue;
        }
        float px = a.x()[v][i];
        float py = a.y()[v][i];
        int cx = g.cell(px);
        int cy = g.cell(py);
        int row = j * nb;
        for (int gy = Math.max(0, cy - 1); gy <= Math.min(g.cells - 1, cy + 1); gy++) {
          for (int gx = Math.max(0, cx - 1); gx <= Math.min(g.cells - 1, cx + 1); gx++) {
            int c = gy * g.cells + gx;
            for (int m = g.start[c]; m < g.start[c + 1]; m++) {
              double dx = g.x[m] - px;
              double dy = g.y[m] - py;
              double dsq = dx * dx + dy * dy;
              if (dsq <= capSq) {
                int idx = row + g.member[m];
                near[idx]++;
                sum[idx] += (float) Math.sqrt(dsq);
              }
            }
          }
        }
      }
    }
    int[] bestOfA = new int[len];
    double[] distOfA = new double[len];
    int[] supportOfA = new int[len];
    int[] bestOfB = new int[nb];
    double[] distOfB = new double[nb];
    int[] supportOfB = new int[nb];
    java.util.Arrays.fill(bestOfA, -1);
    java.util.Arrays.fill(bestOfB, -1);
    for (int j = 0; j < len; j++) {
      long[] fa = firedA[from + j];
      int row = j * nb;
      double bestD = Double.POSITIVE_INFINITY;
      int bestS = 0;
      int best = -1;
      for (int w = 0; w < nb; w++) {
        int k = near[row + w];
        if (k == 0) {
          continue;
        }
        int support = and(fa, firedB[w]);
        if (support < minSupport) {
          continue;
        }
        double d = (sum[row + w] / diagonal + cap * (support - k)) / support;
        if (better(d, support, w, bestD, bestS, best)) {
          bestD = d;
          bestS = support;
          best = w;
        }
        int a0 = from + j;
        if (better(d, support, a0, distOfB[w], supportOfB[w], bestOfB[w])) {
          bestOfB[w] = a0;
          distOfB[w] = d;
          supportOfB[w] = support;
        }
      }
      bestOfA[j] = best;
      distOfA[j] = bestD;
      supportOfA[j] = bestS;
    }
    return new BlockBest(bestOfA, distOfA, supportOfA, bestOfB, distOfB, supportOfB);
  }

  private static int and(long[] p, long[] q) {
    int c = 0;
    for (int w = 0; w < p.length; w++) {
      c += Long.bitCount(p[w] & q[w]);
    }
    return c;
  }

  private static long[][] bits(boolean[][] fired, int images) {
    int words = (images + 63) / 64;
    long[][] out = new long[fired.length][words];
    for (int v = 0; v < fired.length; v++) {
      for (int i = 0; i < images; i++) {
        if (fired[v][i]) {
          out[v][i >> 6] |= 1L << (i & 63);
        }
      }
    }
    return out;
  }

  /** The fired patterns of one layer on one image, bucketed by position (counting sort). */
  private static final class Grid {
    final int cells;
    final double cellSize;
    final int[] start;
    final int[] member;
    final float[] x;
    final float[] y;

    private Grid(int cells, double cellSize, int[] start, int[] member, float[] x, float[] y) {
      this.cells = cells;
      this.cellSize = cellSize;
      this.start = start;
      this.member = member;
      this.x = x;
      this.y = y;
    }

    int cell(double p) {
      int c = (int) Math.floor(p / cellSize);
      return Math.max(0, Math.min(cells - 1, c));
    }

    static Grid of(LayerPositions b, int image, double capPx, double plane) {
      // cells at least cap wide, so every point within cap lies in the 3x3 block around a cell;
      // points off the plane are clamped into the border cells, which keeps that true
      int cells = Math.max(1, (int) Math.floor(plane / capPx));
      double size = plane / cells;
      Grid probe = new Grid(cells, size, null, null, null, null);
      int n = b.size();
      int[] count = new int[cells * cells + 1];
      int[] cellOf = new int[n];
      int fired = 0;
      for (int v = 0; v < n; v++) {
        if (b.fired()[v][image]) {
          int c = probe.cell(b.y()[v][image]) * cells + probe.cell(b.x()[v][image]);
          cellOf[v] = c;
          count[c + 1]++;
          fired++;
        } else {
          cellOf[v] = -1;
        }
      }
      for (int c = 0; c < cells * cells; c++) {
        count[c + 1] += count[c];
      }
      int[] start = count.clone();
      int[] member = new int[fired];
      float[] x = new float[fired];
      float[] y = new float[fired];
      for (int v = 0; v < n; v++) {
        int c = cellOf[v];
        if (c >= 0) {
          int m = count[c]++;
          member[m] = v;
          x[m] = b.x()[v][image];
          y[m] = b.y()[v][image];
        }
      }
      return new Grid(cells, size, start, member, x, y);
    }
  }
}
