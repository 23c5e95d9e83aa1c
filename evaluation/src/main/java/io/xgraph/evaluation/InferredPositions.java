package io.xgraph.evaluation;

import io.xgraph.learner.data.FeatureSource;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.em.InferenceResult;
import io.xgraph.learner.eval.RawFilterBaseline;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Where a graph's nodes (by inference) and the raw filters (the baseline's detections) land on
 * chosen images of a feature source, laid out {@code [layer][node or filter][image]} as the
 * stability and the comparison kernels take them. {@code xgraph eval} and {@code xgraph compare}
 * both collect them this way; it lives in cli because it reads the maps from the store.
 *
 * @param graphX node x (image-plane pixels), {@code [layer][node][image]}
 * @param graphY node y (image-plane pixels), {@code [layer][node][image]}
 * @param graphScore node score, {@code [layer][node][image]}
 * @param graphFired whether the node fired, {@code [layer][node][image]}
 * @param rawX raw-filter x (image-plane pixels), {@code [layer][filter][image]}
 * @param rawY raw-filter y (image-plane pixels), {@code [layer][filter][image]}
 * @param rawScore raw-filter score, {@code [layer][filter][image]}
 * @param inferMillis wall time of the graph inference per image (map reading excluded), in ms
 * @param inferCpuNanos process CPU time spent in graph inference over all images, in ns
 */
public record InferredPositions(
    float[][][] graphX,
    float[][][] graphY,
    float[][][] graphScore,
    boolean[][][] graphFired,
    float[][][] rawX,
    float[][][] rawY,
    float[][][] rawScore,
    double[] inferMillis,
    long inferCpuNanos) {

  /**
   * Infers {@code graph} (through {@code inference}) and detects the raw filters on the images of
   * {@code source} at the given indices; column {@code j} of every array is image {@code
   * images[j]}. {@code imagesDone} hears the number of images done so far.
   */
  public static InferredPositions collect(
      FeatureSource source,
      ExplanatoryGraph graph,
      GraphInference inference,
      int[] images,
      LongConsumer imagesDone) {
    List<LayerGeometry> layers = source.layers();
    int k = layers.size();
    int n = images.length;
    float[][][] gx = new float[k][][];
    float[][][] gy = new float[k][][];
    float[][][] gs = new float[k][][];
    boolean[][][] gf = new boolean[k][][];
    float[][][] rx = new float[k][][];
    float[][][] ry = new float[k][][];
    float[][][] rs = new float[k][][];
    double[] millis = new double[n];
    float[][] sigma = new float[k][];
    for (int l = 0; l < k; l++) {
      int nodes = graph.layers().get(l).patterns().size();
      int filters = layers.get(l).channels();
      gx[l] = new float[nodes][n];
      gy[l] = new float[nodes][n];
      gs[l] = new float[nodes][n];
      gf[l] = new boolean[nodes][n];
      rx[l] = new float[filters][n];
      ry[l] = new float[filters][n];
      rs[l] = new float[filters][n];
      sigma[l] = source.negativeSigma(l);
    }
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuNanos = 0;
    for (int j = 0; j < n; j++) {
      List<float[]> maps = new ArrayList<>();
      for (int l = 0; l < k; l++) {
        float[] m = new float[layers.get(l).size()];
        source.read(l, images[j], m);
        maps.add(m);
      }
      long c0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      InferenceResult r = inference.infer(maps);
      millis[j] = (System.nanoTime() - t0) / 1e6;
      cpuNanos += os.getProcessCpuTime() - c0;
      for (int l = 0; l < k; l++) {
        for (int v = 0; v < r.size(l); v++) {
          gx[l][v][j] = (float) r.x(l, v);
          gy[l][v][j] = (float) r.y(l, v);
          gs[l][v][j] = (float) r.score(l, v);
          gf[l][v][j] = r.fired(l, v);
        }
        RawFilterBaseline.Detections d =
            RawFilterBaseline.detect(layers.get(l), maps.get(l), sigma[l]);
        for (int c = 0; c < d.x().length; c++) {
          rx[l][c][j] = d.x()[c];
          ry[l][c][j] = d.y()[c];
          rs[l][c][j] = d.score()[c];
        }
      }
      imagesDone.accept(j + 1);
    }
    return new InferredPositions(gx, gy, gs, gf, rx, ry, rs, millis, cpuNanos);
  }
}
