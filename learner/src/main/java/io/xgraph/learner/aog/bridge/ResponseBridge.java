package io.xgraph.learner.aog.bridge;

import io.xgraph.learner.aog.PatternResponses;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.em.InferenceResult;
import io.xgraph.learner.eval.RawFilterBaseline;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.Pattern;
import java.util.Collection;
import java.util.List;

/**
 * Conversions from the learner's per-image results to {@link PatternResponses} and pooled
 * descriptors. Stateless; every method checks that its inputs fit together and names what does not.
 */
public final class ResponseBridge {

  private ResponseBridge() {}

  /**
   * The graph's inference on one image as pattern responses, indexed by {@link Pattern#id()} (dense
   * over all layers), so a part template's pattern index is the graph's pattern id.
   *
   * @throws IllegalArgumentException when the inference has another layer count or layer size than
   *     the graph, or the pattern ids are not dense
   */
  public static PatternResponses fromInference(
      String imageId, ExplanatoryGraph graph, InferenceResult inference) {
    List<GraphLayer> layers = graph.layers();
    if (inference.layerCount() != layers.size()) {
      throw new IllegalArgumentException(
          "Inference of image `"
              + imageId
              + "` has "
              + inference.layerCount()
              + " layers, the graph "
              + layers.size()
              + ": infer with the same graph");
    }
    int total = graph.patternCount();
    float[] x = new float[total];
    float[] y = new float[total];
    float[] s = new float[total];
    boolean[] fired = new boolean[total];
    boolean[] seen = new boolean[total];
    for (int l = 0; l < layers.size(); l++) {
      List<Pattern> ps = layers.get(l).patterns();
      if (inference.size(l) != ps.size()) {
        throw new IllegalArgumentException(
            "Inference of image `"
                + imageId
                + "` has "
                + inference.size(l)
                + " patterns in layer "
                + l
                + ", the graph "
                + ps.size()
                + ": infer with the same graph");
      }
      for (int v = 0; v < ps.size(); v++) {
        int id = ps.get(v).id();
        if (id < 0 || id >= total || seen[id]) {
          throw new IllegalArgumentException(
              "Pattern id "
                  + id
                  + " (layer "
                  + l
                  + ", node "
                  + v
                  + ") is out of 0.."
                  + (total - 1)
                  + " or repeated: the graph's pattern ids must be dense over all layers");
        }
        seen[id] = true;
        x[id] = (float) inference.x(l, v);
        y[id] = (float) inference.y(l, v);
        s[id] = (float) inference.score(l, v);
        // GraphInference fires only on positive scores; guard anyway so the record's rule holds.
        fired[id] = inference.fired(l, v) && s[id] > 0 && Float.isFinite(s[id]);
      }
    }
    return new PatternResponses(imageId, x, y, s, fired);
  }

  /**
   * Raw-filter responses of one image: the filters of the given layers' detections concatenated in
   * list order (filter index = offset of its layer + channel); a filter fires when its max ReLU
   * value is positive.
   */
  public static PatternResponses fromRawDetections(
      String imageId, List<RawFilterBaseline.Detections> layers) {
    if (layers == null || layers.isEmpty()) {
      throw new IllegalArgumentException(
          "Raw-filter responses of image `" + imageId + "` need the detections of >= 1 layer");
    }
    int total = 0;
    for (RawFilterBaseline.Detections d : layers) {
      total += d.score().length;
    }
    float[] x = new float[total];
    float[] y = new float[total];
    float[] s = new float[total];
    boolean[] fired = new boolean[total];
    int at = 0;
    for (RawFilterBaseline.Detections d : layers) {
      int n = d.score().length;
      if (d.x().length != n || d.y().length != n) {
        throw new IllegalArgumentException(
            "Raw-filter detections of image `"
                + imageId
                + "` have x/y/score of lengths "
                + d.x().length
                + "/"
                + d.y().length
                + "/"
                + n
                + ": one entry per filter");
      }
      System.arraycopy(d.x(), 0, x, at, n);
      System.arraycopy(d.y(), 0, y, at, n);
      System.arraycopy(d.score(), 0, s, at, n);
      for (int c = 0; c < n; c++) {
        fired[at + c] = s[at + c] > 0 && Float.isFinite(s[at + c]);
      }
      at += n;
    }
    return new PatternResponses(imageId, x, y, s, fired);
  }

  /**
   * Global average of the ReLU'd raw map per channel (raw = f * sigma_neg where the normalised
   * value f is positive, else 0, as in {@link RawFilterBaseline}). The vector of one layer is
   * divided by its L2 norm (left zero when the layer is silent), so that layers of different
   * magnitude weigh equally when several are concatenated.
   */
  public static float[] pooledLayer(LayerGeometry g, float[] normalisedMap, float[] negativeSigma) {
    RawFilterBaseline.checkSizes(g, normalisedMap, negativeSigma);
    int plane = g.height() * g.width();
    float[] out = new float[g.channels()];
    double norm = 0;
    for (int c = 0; c < g.channels(); c++) {
      double sum = 0;
      for (int k = c * plane; k < (c + 1) * plane; k++) {
        float f = normalisedMap[k];
        if (f > 0) {
          sum += (double) f * negativeSigma[k];
        }
      }
      out[c] = (float) (sum / plane);
      norm += (double) out[c] * out[c];
    }
    if (norm > 0) {
      float inv = (float) (1 / Math.sqrt(norm));
      for (int c = 0; c < out.length; c++) {
        out[c] *= inv;
      }
    }
    return out;
  }

  /**
   * How far patterns travel over images: per group (e.g. layer), the mean over its patterns of the
   * rms spread {@code sqrt(var x + var y)} of the pattern's position over the images where it fired
   * (population variance; patterns firing on fewer than {@code minFirings} images are skipped; NaN
   * for a group without such patterns). A pattern that stays at one place of the crop cannot follow
   * a part that moves.
   *
   * @param groupOf group index per pattern, {@code 0..groups-1}
   */
  public static double[] positionSpread(
      Collection<PatternResponses> images, int[] groupOf, int groups, int minFirings) {
    int p = groupOf.length;
    double[] sx = new double[p];
    double[] sxx = new double[p];
    double[] sy = new double[p];
    double[] syy = new double[p];
    int[] n = new int[p];
    for (PatternResponses r : images) {
      if (r.patternCount() != p) {
        throw new IllegalArgumentException(
            "Responses of image `"
                + r.imageId()
                + "` have "
                + r.patternCount()
                + " patterns, the groups "
                + p
                + ": give one group index per pattern");
      }
      for (int i = 0; i < p; i++) {
        if (r.fired(i)) {
          n[i]++;
          sx[i] += r.x(i);
          sxx[i] += r.x(i) * r.x(i);
          sy[i] += r.y(i);
          syy[i] += r.y(i) * r.y(i);
        }
      }
    }
    double[] sum = new double[groups];
    int[] count = new int[groups];
    for (int i = 0; i < p; i++) {
      if (n[i] < Math.max(1, minFirings)) {
        continue;
      }
      double mx = sx[i] / n[i];
      double my = sy[i] / n[i];
      double var = Math.max(0, sxx[i] / n[i] - mx * mx) + Math.max(0, syy[i] / n[i] - my * my);
      sum[groupOf[i]] += Math.sqrt(var);
      count[groupOf[i]]++;
    }
    double[] out = new double[groups];
    for (int g = 0; g < groups; g++) {
      out[g] = count[g] == 0 ? Double.NaN : sum[g] / count[g];
    }
    return out;
  }

  /** Concatenation of vectors, in order. */
  public static float[] concat(List<float[]> parts) {
    int n = 0;
    for (float[] p : parts) {
      n += p.length;
    }
    float[] out = new float[n];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
