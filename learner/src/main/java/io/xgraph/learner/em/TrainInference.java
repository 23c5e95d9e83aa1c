package io.xgraph.learner.em;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Inferred positions (pixels) and scaled scores of every node of one layer on every training image,
 * image-major: entry {@code [image * size + node]}.
 */
final class TrainInference {
  final int size;
  final int images;
  final float[] x;
  final float[] y;
  final float[] score;

  private TrainInference(int size, int images) {
    this.size = size;
    this.images = images;
    x = new float[size * images];
    y = new float[size * images];
    score = new float[size * images];
  }

  /** Runs inference of {@code layer} on all images; scores are divided by {@code scoreScale}. */
  static TrainInference run(
      CompiledLayer layer,
      float[][] resp,
      TrainInference upper,
      double scoreScale,
      ForkJoinPool pool) {
    int n = layer.size;
    TrainInference out = new TrainInference(n, resp.length);
    pool.submit(
            () ->
                IntStream.range(0, resp.length)
                    .parallel()
                    .forEach(
                        i -> {
                          float[] ux = new float[upper == null ? 0 : upper.size];
                          float[] uy = new float[ux.length];
                          if (upper != null) {
                            System.arraycopy(upper.x, i * upper.size, ux, 0, upper.size);
                            System.arraycopy(upper.y, i * upper.size, uy, 0, upper.size);
                          }
                          float[] px = new float[n];
                          float[] py = new float[n];
                          float[] raw = new float[n];
                          layer.infer(resp[i], ux, uy, 0, n, px, py, raw);
                          System.arraycopy(px, 0, out.x, i * n, n);
                          System.arraycopy(py, 0, out.y, i * n, n);
                          for (int v = 0; v < n; v++) {
                            out.score[i * n + v] = (float) (raw[v] / scoreScale);
                          }
                        }))
        .join();
    return out;
  }

  /** Mean score over all nodes and images. */
  double meanScore() {
    double s = 0;
    for (float v : score) {
      s += v;
    }
    return score.length == 0 ? 0 : s / score.length;
  }

  /** Divides all scores by {@code scale} in place. */
  void rescale(double scale) {
    for (int k = 0; k < score.length; k++) {
      score[k] = (float) (score[k] / scale);
    }
  }
}
