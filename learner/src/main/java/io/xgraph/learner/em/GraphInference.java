package io.xgraph.learner.em;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.Pattern;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Inference of pattern positions on one new image with a learned graph (paper section 3.2): top
 * layer first, each node takes the candidate unit around its parent-predicted centre that maximises
 * the score of {@link InferenceScore}. Compile once per graph, then call {@link #infer} per image;
 * instances are immutable and safe to share between threads.
 *
 * <p>A pattern <em>fires</em> on the image when its scaled score is positive and at least {@code
 * firingRatio} (a learning parameter, default 0.5) times its mean score over the training images.
 */
public final class GraphInference {

  private static final int CHUNK = 1024;
  private static final int CHANNEL_BLOCK = 32;

  private final ExplanatoryGraph graph;
  private final LearnerParameters params;
  private final CompiledLayer[] layers;
  private final double[][] meanScore;

  public GraphInference(ExplanatoryGraph graph) {
    this(graph, (InferenceScore) null);
  }

  /**
   * Inference with another scoring rule than the one the graph was learned with (to compare the
   * paper's and the release's rule on the same graph); null keeps the graph's own.
   */
  public GraphInference(ExplanatoryGraph graph, InferenceScore rule) {
    this(graph, p -> rule == null ? p : p.withInferenceScore(rule));
  }

  /**
   * Inference with parameters adjusted from those the graph was learned with (e.g. another {@link
   * InferenceSearch} or search range, to compare inference rules on the same graph).
   */
  public GraphInference(
      ExplanatoryGraph graph, java.util.function.UnaryOperator<LearnerParameters> adjust) {
    this.graph = graph;
    this.params = adjust.apply(LearnerParameters.fromMap(graph.parameters()));
    List<GraphLayer> gl = graph.layers();
    layers = new CompiledLayer[gl.size()];
    meanScore = new double[gl.size()][];
    for (int l = 0; l < gl.size(); l++) {
      int upperFirst =
          l + 1 < gl.size() && !gl.get(l + 1).patterns().isEmpty()
              ? gl.get(l + 1).patterns().get(0).id()
              : 0;
      // the learning clamp of sigma (a no-op with the learned parameters; see CompiledLayer)
      double floor = floorPx(gl.get(l).geometry(), l, gl.size());
      double parentFloor =
          l + 1 < gl.size() ? floorPx(gl.get(l + 1).geometry(), l + 1, gl.size()) : 0;
      layers[l] = new CompiledLayer(gl.get(l), upperFirst, params, floor, parentFloor);
      List<Pattern> ps = gl.get(l).patterns();
      meanScore[l] = new double[ps.size()];
      for (int v = 0; v < ps.size(); v++) {
        meanScore[l][v] = ps.get(v).meanScore();
      }
    }
  }

  private double floorPx(LayerGeometry g, int layer, int layerCount) {
    return Kernels.sigmaMax(params.rho(layer, layerCount))
        / params.sigmaFloorDivisor()
        * g.stride();
  }

  /** The parameters inference runs with. */
  public LearnerParameters parameters() {
    return params;
  }

  public ExplanatoryGraph graph() {
    return graph;
  }

  /**
   * Infers every pattern on one image.
   *
   * @param maps the image's normalised maps, one per graph layer (lowest first), each {@code
   *     [c][row][col]} as {@link io.xgraph.learner.data.FeatureSource#read} gives them
   */
  public InferenceResult infer(List<float[]> maps) {
    int k = layers.length;
    if (maps.size() != k) {
      throw new IllegalArgumentException(
          "Got maps of " + maps.size() + " layers, but the graph has " + k + " layers");
    }
    float[][] x = new float[k][];
    float[][] y = new float[k][];
    float[][] score = new float[k][];
    boolean[][] fired = new boolean[k][];
    for (int l = k - 1; l >= 0; l--) {
      CompiledLayer cl = layers[l];
      LayerGeometry g = cl.geometry;
      float[] map = maps.get(l);
      if (map.length != g.size()) {
        throw new IllegalArgumentException(
            "Map of layer `"
                + g.name()
                + "` has "
                + map.length
                + " values, expected "
                + g.size()
                + " (channels x height x width)");
      }
      float[] resp = new float[g.size()];
      float[] tmp = new float[g.size()];
      double smoothing = params.smoothingFraction() * Kernels.side(g.height(), g.width());
      // channels are smoothed independently: in parallel blocks, the same values
      int channels = g.channels();
      int blocks = (channels + CHANNEL_BLOCK - 1) / CHANNEL_BLOCK;
      IntStream.range(0, blocks)
          .parallel()
          .forEach(
              b ->
                  Kernels.responseMap(
                      map,
                      b * CHANNEL_BLOCK,
                      Math.min(channels, (b + 1) * CHANNEL_BLOCK),
                      g.height(),
                      g.width(),
                      params.beta(),
                      smoothing,
                      resp,
                      tmp));
      int n = cl.size;
      x[l] = new float[n];
      y[l] = new float[n];
      score[l] = new float[n];
      fired[l] = new boolean[n];
      float[] ux = l + 1 < k ? x[l + 1] : new float[0];
      float[] uy = l + 1 < k ? y[l + 1] : new float[0];
      // nodes of a layer are independent given the upper layer: chunks run on the common pool
      int chunks = (n + CHUNK - 1) / CHUNK;
      float[] xl = x[l];
      float[] yl = y[l];
      float[] sl = score[l];
      IntStream.range(0, chunks)
          .parallel()
          .forEach(
              j -> cl.infer(resp, ux, uy, j * CHUNK, Math.min(n, (j + 1) * CHUNK), xl, yl, sl));
      double scale = graph.layers().get(l).scoreScale();
      for (int v = 0; v < n; v++) {
        score[l][v] = (float) (score[l][v] / scale);
        fired[l][v] = score[l][v] > 0 && score[l][v] >= params.firingRatio() * meanScore[l][v];
      }
    }
    return new InferenceResult(x, y, score, fired);
  }
}
