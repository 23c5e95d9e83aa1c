package io.xgraph.learner.eval;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.data.Point;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Do inferred positions follow the parts? Per graph layer, over a set of images and the layer's
 * strongest detectors (ranked by mean top-K score, as in {@link Stability}): how far the graph's
 * nodes, the raw filters and the parts move over each detector's top-K images, how often a node
 * sits on its filter's peak, how large the parents' predicted shift Delta is and whether the node
 * follows it. Pure function over detections already computed (no inference, no I/O); {@code xgraph
 * eval --diagnose} prints it.
 */
public final class PositionDiagnostics {

  private PositionDiagnostics() {}

  /**
   * Figures of one layer (pixels unless said otherwise; "rms spread" = sqrt(mean |p - mean p|^2)
   * over a detector's top-K images, then the root mean square over detectors).
   *
   * @param name layer name
   * @param detectors graph detectors measured
   * @param sigmaPx median sigma_V of the layer's patterns
   * @param nodeSpread rms spread of the graph nodes' inferred positions
   * @param rawSpread rms spread of the raw filters' argmax positions (their own top-K images)
   * @param headSpread rms spread of the head (forehead) over the graph nodes' top-K images
   * @param onPeak fraction of (node, top image) pairs where the node sits on its filter's argmax
   *     unit (within half a stride per axis)
   * @param peakCovered fraction of (filter, image) pairs where some node of the filter sits on the
   *     filter's argmax unit (all images of the set)
   * @param bestOnPeak fraction of (filter, image) pairs where the filter's best-scoring node sits
   *     on the argmax unit
   * @param deltaRms rms over (node, top image) of |Delta|, the parents' predicted shift (NaN for
   *     the top layer)
   * @param moveRms rms over (node, top image) of |p - mu|
   * @param residualRms rms over (node, top image) of |p - mu - Delta| (NaN for the top layer)
   */
  public record Layer(
      String name,
      int detectors,
      double sigmaPx,
      double nodeSpread,
      double rawSpread,
      double headSpread,
      double onPeak,
      double peakCovered,
      double bestOnPeak,
      double deltaRms,
      double moveRms,
      double residualRms) {}

  /**
   * Computes the figures.
   *
   * @param graph the graph whose detections are given
   * @param gx graph x per layer, {@code [layer][node][image]} over the images of {@code parts}
   * @param gy graph y, same layout
   * @param gs graph scores, same layout
   * @param rx raw-filter argmax x {@code [layer][filter][image]}
   * @param ry raw-filter argmax y
   * @param rs raw-filter scores
   * @param parts per image, visible part points by CUB id
   * @param headPart CUB id of the head part (6 = forehead)
   * @param topImages K
   * @param detectorsPerLayer detectors kept per layer
   */
  public static List<Layer> compute(
      ExplanatoryGraph graph,
      float[][][] gx,
      float[][][] gy,
      float[][][] gs,
      float[][][] rx,
      float[][][] ry,
      float[][][] rs,
      List<Map<Integer, Point>> parts,
      int headPart,
      int topImages,
      int detectorsPerLayer) {
    List<Layer> out = new ArrayList<>();
    int k = graph.layers().size();
    for (int l = 0; l < k; l++) {
      GraphLayer gl = graph.layers().get(l);
      LayerGeometry geo = gl.geometry();
      List<Pattern> patterns = gl.patterns();
      int n = patterns.size();
      int images = parts.size();
      int top = Math.min(topImages, images);
      int[][] topOf = new int[n][];
      double[] meanTop = new double[n];
      for (int v = 0; v < n; v++) {
        topOf[v] = topIndices(gs[l][v], top);
        for (int i : topOf[v]) {
          meanTop[v] += gs[l][v][i] / top;
        }
      }
      int[] kept = best(meanTop, detectorsPerLayer);
      double[] sigmas = new double[n];
      for (int v = 0; v < n; v++) {
        sigmas[v] = patterns.get(v).sigma();
      }
      Arrays.sort(sigmas);
      double half = geo.stride() / 2.0 + 1e-6;
      double nodeSq = 0;
      double headSq = 0;
      int headCount = 0;
      long pairs = 0;
      long onPeak = 0;
      double deltaSq = 0;
      double moveSq = 0;
      double residualSq = 0;
      long withParents = 0;
      int upperFirst = l + 1 < k ? graph.layers().get(l + 1).patterns().get(0).id() : 0;
      for (int v : kept) {
        Pattern pt = patterns.get(v);
        int c = pt.channel();
        nodeSq += spreadSq(gx[l][v], gy[l][v], topOf[v]);
        List<Integer> withHead = new ArrayList<>();
        for (int i : topOf[v]) {
          if (parts.get(i).containsKey(headPart)) {
            withHead.add(i);
          }
          pairs++;
          if (Math.abs(gx[l][v][i] - rx[l][c][i]) <= half
              && Math.abs(gy[l][v][i] - ry[l][c][i]) <= half) {
            onPeak++;
          }
          double mx = gx[l][v][i] - pt.muX();
          double my = gy[l][v][i] - pt.muY();
          moveSq += mx * mx + my * my;
          if (!pt.parents().isEmpty()) {
            double sw = 0;
            double dx = 0;
            double dy = 0;
            for (ParentLink link : pt.parents()) {
              int u = link.parentId() - upperFirst;
              Pattern up = graph.layers().get(l + 1).patterns().get(u);
              double wgt = 1 / (link.parentSigma() * link.parentSigma());
              sw += wgt;
              dx += wgt * (gx[l + 1][u][i] - up.muX());
              dy += wgt * (gy[l + 1][u][i] - up.muY());
            }
            dx /= sw;
            dy /= sw;
            deltaSq += dx * dx + dy * dy;
            residualSq += (mx - dx) * (mx - dx) + (my - dy) * (my - dy);
            withParents++;
          }
        }
        if (withHead.size() >= 2) {
          float[] hx = new float[images];
          float[] hy = new float[images];
          int[] idx = withHead.stream().mapToInt(Integer::intValue).toArray();
          for (int i : idx) {
            hx[i] = (float) parts.get(i).get(headPart).x();
            hy[i] = (float) parts.get(i).get(headPart).y();
          }
          headSq += spreadSq(hx, hy, idx);
          headCount++;
        }
      }
      // raw filters: their own top-K images and their own strongest filters
      int filters = rx[l].length;
      double[] rawMean = new double[filters];
      int[][] rawTop = new int[filters][];
      for (int c = 0; c < filters; c++) {
        rawTop[c] = topIndices(rs[l][c], top);
        for (int i : rawTop[c]) {
          rawMean[c] += rs[l][c][i] / top;
        }
      }
      int[] rawKept = best(rawMean, detectorsPerLayer);
      double rawSq = 0;
      for (int c : rawKept) {
        rawSq += spreadSq(rx[l][c], ry[l][c], rawTop[c]);
      }
      // coverage of the filters' peaks by their nodes, over every image
      long covered = 0;
      long bestOn = 0;
      long filterImages = 0;
      int[] bestNode = new int[filters];
      float[] bestScore = new float[filters];
      for (int i = 0; i < images; i++) {
        boolean[] cov = new boolean[filters];
        Arrays.fill(bestNode, -1);
        Arrays.fill(bestScore, Float.NEGATIVE_INFINITY);
        for (int v = 0; v < n; v++) {
          int c = patterns.get(v).channel();
          if (Math.abs(gx[l][v][i] - rx[l][c][i]) <= half
              && Math.abs(gy[l][v][i] - ry[l][c][i]) <= half) {
            cov[c] = true;
          }
          if (gs[l][v][i] > bestScore[c]) {
            bestScore[c] = gs[l][v][i];
            bestNode[c] = v;
          }
        }
        for (int c = 0; c < filters; c++) {
          if (rs[l][c][i] <= 0) {
            continue;
          }
          filterImages++;
          if (cov[c]) {
            covered++;
          }
          int b = bestNode[c];
          if (b >= 0
              && Math.abs(gx[l][b][i] - rx[l][c][i]) <= half
              && Math.abs(gy[l][b][i] - ry[l][c][i]) <= half) {
            bestOn++;
          }
        }
      }
      out.add(
          new Layer(
              geo.name(),
              kept.length,
              sigmas[n / 2],
              Math.sqrt(nodeSq / Math.max(1, kept.length)),
              Math.sqrt(rawSq / Math.max(1, rawKept.length)),
              Math.sqrt(headSq / Math.max(1, headCount)),
              (double) onPeak / Math.max(1, pairs),
              (double) covered / Math.max(1, filterImages),
              (double) bestOn / Math.max(1, filterImages),
              withParents == 0 ? Double.NaN : Math.sqrt(deltaSq / withParents),
              Math.sqrt(moveSq / Math.max(1, pairs)),
              withParents == 0 ? Double.NaN : Math.sqrt(residualSq / withParents)));
    }
    return out;
  }

  /** The figures as a fixed-width table. */
  public static String table(List<Layer> layers) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "%-16s %5s %7s %7s %7s %7s %7s %7s %7s %7s %7s %7s%n",
            "layer",
            "det",
            "sigma",
            "nodeMv",
            "rawMv",
            "headMv",
            "onPeak",
            "covered",
            "bestOn",
            "|Delta|",
            "|p-mu|",
            "|p-mu-D|"));
    for (Layer r : layers) {
      sb.append(
          String.format(
              "%-16s %5d %7.1f %7.1f %7.1f %7.1f %7.3f %7.3f %7.3f %7.1f %7.1f %7.1f%n",
              r.name(),
              r.detectors(),
              r.sigmaPx(),
              r.nodeSpread(),
              r.rawSpread(),
              r.headSpread(),
              r.onPeak(),
              r.peakCovered(),
              r.bestOnPeak(),
              r.deltaRms(),
              r.moveRms(),
              r.residualRms()));
    }
    sb.append(
        "(px; sigma = median sigma_V; nodeMv/rawMv/headMv = rms spread over each detector's top"
            + " images of the node / raw argmax / head; onPeak = node on its filter's argmax unit"
            + " in its top images; covered / bestOn = some node / the best node of a filter on the"
            + " filter's argmax, all images; Delta = parents' predicted shift)\n");
    return sb.toString();
  }

  private static double spreadSq(float[] x, float[] y, int[] idx) {
    if (idx.length == 0) {
      return 0;
    }
    double mx = 0;
    double my = 0;
    for (int i : idx) {
      mx += x[i];
      my += y[i];
    }
    mx /= idx.length;
    my /= idx.length;
    double s = 0;
    for (int i : idx) {
      s += (x[i] - mx) * (x[i] - mx) + (y[i] - my) * (y[i] - my);
    }
    return s / idx.length;
  }

  /** Indices of the k highest values (ties: lower index). */
  static int[] topIndices(float[] s, int k) {
    Integer[] order = new Integer[s.length];
    for (int i = 0; i < s.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> s[a] != s[b] ? Float.compare(s[b], s[a]) : a - b);
    int[] out = new int[Math.min(k, s.length)];
    for (int j = 0; j < out.length; j++) {
      out[j] = order[j];
    }
    return out;
  }

  private static int[] best(double[] value, int k) {
    Integer[] order = new Integer[value.length];
    for (int i = 0; i < value.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> value[a] != value[b] ? Double.compare(value[b], value[a]) : a - b);
    int[] out = new int[Math.min(k, value.length)];
    for (int j = 0; j < out.length; j++) {
      out[j] = order[j];
    }
    return out;
  }
}
