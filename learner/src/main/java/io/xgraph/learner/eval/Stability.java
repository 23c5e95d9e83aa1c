package io.xgraph.learner.eval;

import io.xgraph.learner.data.Point;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Stability of inference positions (paper Table 1), in the paper's form and the release's form.
 *
 * <p>For a detector (graph node or raw filter), take its top-K images by score; for each part (CUB
 * back 1, forehead 6 as "head", tail 14) let d_I be the distance between the detector's position
 * and the part, divided by the input diagonal (224 sqrt 2), over the top-K images where the part is
 * visible. Paper: sqrt(mean over parts of var d) with the population variance. Release: mean over
 * parts of the sample standard deviation. Per layer, the detectors with the highest mean top-K
 * score are kept (167 per layer in the release); values are averaged over detectors, then over
 * layers. A part with fewer than two visible images in a detector's top K is left out of that
 * detector; a detector with no such part is left out. Pure function, no I/O.
 */
public final class Stability {

  /** CUB part ids of the metric: back, forehead (as head), tail. */
  public static final int[] CUB_PARTS = {1, 6, 14};

  private Stability() {}

  /**
   * Detections of the detectors of one layer over a set of images: {@code [detector][image]}.
   *
   * @param x image-plane x, pixels
   * @param y image-plane y, pixels
   * @param score detection scores (higher is stronger)
   */
  public record LayerDetections(float[][] x, float[][] y, float[][] score) {
    public LayerDetections {
      if (x.length != y.length || x.length != score.length) {
        throw new IllegalArgumentException("x, y and score need the same number of detectors");
      }
    }
  }

  /**
   * The metric.
   *
   * @param paper mean over layers of the paper form
   * @param release mean over layers of the release form
   * @param paperPerLayer per layer (NaN when no detector qualified)
   * @param releasePerLayer per layer
   * @param detectorsUsed detectors that entered the averages, all layers
   */
  public record Result(
      double paper,
      double release,
      double[] paperPerLayer,
      double[] releasePerLayer,
      int detectorsUsed) {}

  /**
   * Computes both forms.
   *
   * @param layers detections per layer, each over the same images as {@code parts}
   * @param parts per image, visible part points by CUB part id (input plane, pixels)
   * @param diagonal normaliser of distances, e.g. 224 * sqrt(2)
   * @param topImages K, images per detector (paper: 20)
   * @param detectorsPerLayer detectors kept per layer by mean top-K score (release: 167)
   * @param partIds the parts to measure against
   */
  public static Result compute(
      List<LayerDetections> layers,
      List<Map<Integer, Point>> parts,
      double diagonal,
      int topImages,
      int detectorsPerLayer,
      int[] partIds) {
    int nl = layers.size();
    double[] paper = new double[nl];
    double[] release = new double[nl];
    int used = 0;
    double paperSum = 0;
    double releaseSum = 0;
    int layersUsed = 0;
    for (int l = 0; l < nl; l++) {
      LayerDetections d = layers.get(l);
      int detectors = d.x().length;
      int[][] tops = new int[detectors][];
      double[] strength = new double[detectors];
      for (int v = 0; v < detectors; v++) {
        if (d.score()[v].length != parts.size()) {
          throw new IllegalArgumentException(
              "Detector "
                  + v
                  + " of layer "
                  + l
                  + " has "
                  + d.score()[v].length
                  + " images, parts have "
                  + parts.size());
        }
        tops[v] = topIndices(d.score()[v], topImages);
        double s = 0;
        for (int i : tops[v]) {
          s += d.score()[v][i];
        }
        strength[v] = tops[v].length == 0 ? 0 : s / tops[v].length;
      }
      Integer[] order = new Integer[detectors];
      for (int v = 0; v < detectors; v++) {
        order[v] = v;
      }
      Arrays.sort(
          order,
          (a, b) -> {
            int c = Double.compare(strength[b], strength[a]);
            return c != 0 ? c : Integer.compare(a, b);
          });
      double ps = 0;
      double rs = 0;
      int n = 0;
      for (int j = 0; j < Math.min(detectorsPerLayer, detectors); j++) {
        int v = order[j];
        double[][] dist = distances(d.x()[v], d.y()[v], tops[v], parts, diagonal, partIds);
        double pv = paperForm(dist);
        double rv = releaseForm(dist);
        if (Double.isNaN(pv)) {
          continue;
        }
        ps += pv;
        rs += rv;
        n++;
      }
      paper[l] = n == 0 ? Double.NaN : ps / n;
      release[l] = n == 0 ? Double.NaN : rs / n;
      used += n;
      if (n > 0) {
        paperSum += paper[l];
        releaseSum += release[l];
        layersUsed++;
      }
    }
    return new Result(
        layersUsed == 0 ? Double.NaN : paperSum / layersUsed,
        layersUsed == 0 ? Double.NaN : releaseSum / layersUsed,
        paper,
        release,
        used);
  }

  /** Indices of the {@code k} highest scores, best first (ties: lower index). */
  static int[] topIndices(float[] score, int k) {
    Integer[] order = new Integer[score.length];
    for (int i = 0; i < score.length; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (a, b) -> {
          int c = Float.compare(score[b], score[a]);
          return c != 0 ? c : Integer.compare(a, b);
        });
    int n = Math.min(k, score.length);
    int[] out = new int[n];
    for (int j = 0; j < n; j++) {
      out[j] = order[j];
    }
    return out;
  }

  /** Per part, the normalised distances over the images where the part is visible. */
  static double[][] distances(
      float[] x,
      float[] y,
      int[] images,
      List<Map<Integer, Point>> parts,
      double diagonal,
      int[] partIds) {
    double[][] out = new double[partIds.length][];
    for (int p = 0; p < partIds.length; p++) {
      List<Double> ds = new ArrayList<>();
      for (int i : images) {
        Point pt = parts.get(i).get(partIds[p]);
        if (pt != null) {
          ds.add(Math.hypot(x[i] - pt.x(), y[i] - pt.y()) / diagonal);
        }
      }
      out[p] = ds.stream().mapToDouble(Double::doubleValue).toArray();
    }
    return out;
  }

  /** sqrt of the mean over parts of the population variance; NaN when no part has 2 values. */
  public static double paperForm(double[][] distances) {
    double sum = 0;
    int n = 0;
    for (double[] d : distances) {
      if (d.length >= 2) {
        sum += variance(d, false);
        n++;
      }
    }
    return n == 0 ? Double.NaN : Math.sqrt(sum / n);
  }

  /** Mean over parts of the sample standard deviation; NaN when no part has 2 values. */
  public static double releaseForm(double[][] distances) {
    double sum = 0;
    int n = 0;
    for (double[] d : distances) {
      if (d.length >= 2) {
        sum += Math.sqrt(variance(d, true));
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  static double variance(double[] d, boolean sample) {
    double m = 0;
    for (double v : d) {
      m += v;
    }
    m /= d.length;
    double s = 0;
    for (double v : d) {
      s += (v - m) * (v - m);
    }
    return s / (sample ? d.length - 1 : d.length);
  }
}
