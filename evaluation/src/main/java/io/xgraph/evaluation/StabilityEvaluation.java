package io.xgraph.evaluation;

import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.data.Point;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.em.LearnerParameters;
import io.xgraph.learner.eval.PositionDiagnostics;
import io.xgraph.learner.eval.Stability;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The stability evaluation of {@code xgraph eval} (paper Table 1) as a library: positions inferred
 * on every image of a feature store, the graph against the raw filters and two controls (the graph
 * pinned at its prior mu, positions shuffled between images of a split), per split and layer, with
 * optional diagnostics; {@link Evaluation#table()} is the report the command prints.
 */
public final class StabilityEvaluation {

  private StabilityEvaluation() {}

  /** Results of one evaluation. */
  public record Evaluation(
      Stability.Result graphTrain,
      Stability.Result graphTest,
      Stability.Result rawTrain,
      Stability.Result rawTest,
      Stability.Result fixedTrain,
      Stability.Result fixedTest,
      Stability.Result shuffledTrain,
      Stability.Result shuffledTest,
      double[] inferMillis,
      double cpuMillisPerImage,
      List<String> layerNames,
      LearnerParameters inferenceParameters,
      List<PositionDiagnostics.Layer> diagnostics,
      Map<String, Stability.Result> oracleTest) {

    public String table() {
      StringBuilder sb = new StringBuilder();
      sb.append(
          "Stability of inference positions (lower is better; paper VGG-16: ours 0.0638, raw filter"
              + " 0.1398)\n");
      sb.append(
          String.format(
              "inference: %s score, %s search, %s position (range fraction %.3g, sigmas %.3g),"
                  + " sigma floor sigma_max / %.3g%n",
              inferenceParameters.inferenceScore(),
              inferenceParameters.inferenceSearch(),
              inferenceParameters.inferencePosition(),
              inferenceParameters.searchRangeFraction(),
              inferenceParameters.searchRangeSigmas(),
              inferenceParameters.sigmaFloorDivisor()));
      sb.append(String.format("%-12s %-6s %10s %10s%n", "detector", "split", "paper", "release"));
      row(sb, "graph", "train", graphTrain);
      row(sb, "raw filter", "train", rawTrain);
      row(sb, "graph", "test", graphTest);
      row(sb, "raw filter", "test", rawTest);
      row(sb, "graph at mu", "train", fixedTrain);
      row(sb, "graph at mu", "test", fixedTest);
      row(sb, "shuffled", "train", shuffledTrain);
      row(sb, "shuffled", "test", shuffledTest);
      sb.append(
          "(controls, same detectors and top images: graph at mu pins every position to the"
              + " pattern's prior mu; shuffled gives each image the pattern's position on another"
              + " image of the split. A graph whose positions follow the parts beats both.)\n");
      sb.append(verdict());
      sb.append("per layer (release form), test: graph / raw filter / graph at mu / shuffled:\n");
      for (int l = 0; l < layerNames.size(); l++) {
        sb.append(
            String.format(
                "  %-16s %.4f / %.4f / %.4f / %.4f%n",
                layerNames.get(l),
                graphTest.releasePerLayer()[l],
                rawTest.releasePerLayer()[l],
                fixedTest.releasePerLayer()[l],
                shuffledTest.releasePerLayer()[l]));
      }
      if (diagnostics != null) {
        sb.append("Do positions follow the parts? (test images)\n");
        sb.append(PositionDiagnostics.table(diagnostics));
      }
      if (oracleTest != null) {
        sb.append(
            "Oracle trackers (test, release form; same detectors and top images, each position ="
                + " mu + the part's displacement from its mean over the split, unbounded or"
                + " clamped to the node's search reach r):\n");
        for (Map.Entry<String, Stability.Result> e : oracleTest.entrySet()) {
          sb.append(
              String.format(
                  "  %-28s %.4f   per layer %s%n",
                  e.getKey(),
                  e.getValue().release(),
                  Arrays.toString(
                      Arrays.stream(e.getValue().releasePerLayer())
                          .mapToObj(v -> String.format("%.4f", v))
                          .toArray())));
        }
      }
      double[] ms = inferMillis.clone();
      Arrays.sort(ms);
      sb.append(
          String.format(
              "graph inference per image (maps in memory, all cores): median %.1f ms, mean %.1f"
                  + " ms, max %.1f ms wall over %d images; %.1f ms process CPU per image%n",
              ms[ms.length / 2],
              Arrays.stream(ms).average().orElse(0),
              ms[ms.length - 1],
              ms.length,
              cpuMillisPerImage));
      return sb.toString();
    }

    /**
     * One line: whether the graph beats the raw filters and both controls on the held-out images
     * (release form), with the ratios the targets are stated in.
     */
    public String verdict() {
      double g = graphTest.release();
      return String.format(
          "held out: graph %.4f %s raw filters %.4f (x%.2f), %s graph at mu %.4f (%+.0f%%), %s"
              + " shuffled %.4f (%+.0f%%)%n",
          g,
          g < rawTest.release() ? "beats" : "does not beat",
          rawTest.release(),
          g / rawTest.release(),
          g < fixedTest.release() ? "beats" : "does not beat",
          fixedTest.release(),
          100 * (g / fixedTest.release() - 1),
          g < shuffledTest.release() ? "beats" : "does not beat",
          shuffledTest.release(),
          100 * (g / shuffledTest.release() - 1));
    }

    private static void row(StringBuilder sb, String who, String split, Stability.Result r) {
      sb.append(
          String.format(
              "%-12s %-6s %10.4f %10.4f   (%d detectors)%n",
              who, split, r.paper(), r.release(), r.detectorsUsed()));
    }
  }

  /**
   * Stability of the graph's inferred positions (paper Table 1) on the train and test images of
   * {@code store}, against the raw filters, the graph pinned at its prior mu and positions shuffled
   * between images; {@code adjust} changes the graph's parameters for inference, {@code diagnose}
   * adds the position diagnostics and oracle trackers, {@code imagesDone} hears the number of
   * images inferred so far.
   */
  public static Evaluation evaluate(
      FeatureStore store,
      ExplanatoryGraph graph,
      int topImages,
      int perLayer,
      UnaryOperator<LearnerParameters> adjust,
      boolean diagnose,
      java.util.function.LongConsumer imagesDone) {
    List<LayerGeometry> layers = store.layers();
    LayerCheck.requireSameLayers(
        layers, graph, "store", ": evaluate a graph with the store it was learned from");
    GraphInference inference = new GraphInference(graph, adjust);
    List<ImageRecord> images = store.images();
    int n = images.size();
    int k = layers.size();
    InferredPositions p =
        InferredPositions.collect(
            store, graph, inference, java.util.stream.IntStream.range(0, n).toArray(), imagesDone);
    float[][][] gx = p.graphX();
    float[][][] gy = p.graphY();
    float[][][] gs = p.graphScore();
    float[][][] rx = p.rawX();
    float[][][] ry = p.rawY();
    float[][][] rs = p.rawScore();
    int[] train = indices(images, true);
    int[] test = indices(images, false);
    double diagonal = layers.get(0).inputSize() * Math.sqrt(2);
    // Control: the same detectors and scores (so the same top images), but every position pinned
    // to the pattern's prior mu. A graph whose nodes barely move scores like this control.
    float[][][] fx = new float[k][][];
    float[][][] fy = new float[k][][];
    for (int l = 0; l < k; l++) {
      List<io.xgraph.learner.model.Pattern> patterns = graph.layers().get(l).patterns();
      fx[l] = new float[patterns.size()][n];
      fy[l] = new float[patterns.size()][n];
      for (int v = 0; v < patterns.size(); v++) {
        Arrays.fill(fx[l][v], (float) patterns.get(v).muX());
        Arrays.fill(fy[l][v], (float) patterns.get(v).muY());
      }
    }
    float[][][] sx = new float[k][][];
    float[][][] sy = new float[k][][];
    shuffleWithinSplits(gx, gy, train, test, sx, sy);
    return new Evaluation(
        stability(gx, gy, gs, images, train, diagonal, topImages, perLayer),
        stability(gx, gy, gs, images, test, diagonal, topImages, perLayer),
        stability(rx, ry, rs, images, train, diagonal, topImages, perLayer),
        stability(rx, ry, rs, images, test, diagonal, topImages, perLayer),
        stability(fx, fy, gs, images, train, diagonal, topImages, perLayer),
        stability(fx, fy, gs, images, test, diagonal, topImages, perLayer),
        stability(sx, sy, gs, images, train, diagonal, topImages, perLayer),
        stability(sx, sy, gs, images, test, diagonal, topImages, perLayer),
        p.inferMillis(),
        p.inferCpuNanos() / 1e6 / n,
        layers.stream().map(LayerGeometry::name).toList(),
        inference.parameters(),
        diagnose
            ? PositionDiagnostics.compute(
                graph,
                pickAll(gx, test),
                pickAll(gy, test),
                pickAll(gs, test),
                pickAll(rx, test),
                pickAll(ry, test),
                pickAll(rs, test),
                Arrays.stream(test).mapToObj(i -> images.get(i).parts()).toList(),
                6,
                topImages,
                perLayer)
            : null,
        diagnose
            ? oracles(graph, inference, images, test, gs, diagonal, topImages, perLayer)
            : null);
  }

  /**
   * What a perfect tracker of one part would score under the same metric, detectors and top images:
   * each position is mu plus the part's displacement from its mean over the split (unbounded), or
   * that displacement clamped to the node's search reach (the release's window half-range r, which
   * a node cannot leave). The metric averages the head, back and tail distances, so even a perfect
   * tracker of one part keeps the others' motion relative to it: this bounds how far below the
   * at-mu control any graph can get.
   */
  static Map<String, Stability.Result> oracles(
      ExplanatoryGraph graph,
      GraphInference inference,
      List<ImageRecord> images,
      int[] split,
      float[][][] scores,
      double diagonal,
      int topImages,
      int perLayer) {
    Map<String, Stability.Result> out = new java.util.LinkedHashMap<>();
    LearnerParameters p = inference.parameters();
    int[] partIds = Stability.CUB_PARTS;
    String[] names = {"back", "head (forehead)", "tail"};
    for (int k = 0; k < partIds.length; k++) {
      int part = partIds[k];
      double mx = 0;
      double my = 0;
      int n = 0;
      for (int i : split) {
        Point q = images.get(i).parts().get(part);
        if (q != null) {
          mx += q.x();
          my += q.y();
          n++;
        }
      }
      mx /= Math.max(1, n);
      my /= Math.max(1, n);
      for (boolean bounded : new boolean[] {false, true}) {
        int layers = graph.layers().size();
        float[][][] ox = new float[layers][][];
        float[][][] oy = new float[layers][][];
        for (int l = 0; l < layers; l++) {
          List<io.xgraph.learner.model.Pattern> ps = graph.layers().get(l).patterns();
          LayerGeometry g = graph.layers().get(l).geometry();
          double side = Math.sqrt((double) g.height() * g.width());
          ox[l] = new float[ps.size()][images.size()];
          oy[l] = new float[ps.size()][images.size()];
          for (int v = 0; v < ps.size(); v++) {
            io.xgraph.learner.model.Pattern pt = ps.get(v);
            double reach =
                Math.max(
                        1,
                        Math.round(
                            Math.min(
                                p.searchRangeFraction() * side,
                                p.searchRangeSigmas() * pt.sigma() / g.stride())))
                    * g.stride();
            for (int i : split) {
              Point q = images.get(i).parts().get(part);
              double dx = q == null ? 0 : q.x() - mx;
              double dy = q == null ? 0 : q.y() - my;
              if (bounded) {
                dx = Math.max(-reach, Math.min(reach, dx));
                dy = Math.max(-reach, Math.min(reach, dy));
              }
              ox[l][v][i] = (float) (pt.muX() + dx);
              oy[l][v][i] = (float) (pt.muY() + dy);
            }
          }
        }
        out.put(
            names[k] + (bounded ? " tracker, within r" : " tracker, unbounded"),
            stability(ox, oy, scores, images, split, diagonal, topImages, perLayer));
      }
    }
    return out;
  }

  /** Seed of the shuffled-positions control (fixed, so the control is reproducible). */
  static final long SHUFFLE_SEED = 17;

  /**
   * The shuffled-positions control: each pattern's position on an image is its inferred position on
   * another image of the same split (one seeded permutation per pattern), so the positions keep
   * their spread but lose their tie to the image's parts.
   */
  public static void shuffleWithinSplits(
      float[][][] x, float[][][] y, int[] train, int[] test, float[][][] sx, float[][][] sy) {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(SHUFFLE_SEED);
    for (int l = 0; l < x.length; l++) {
      sx[l] = new float[x[l].length][];
      sy[l] = new float[x[l].length][];
      for (int v = 0; v < x[l].length; v++) {
        sx[l][v] = x[l][v].clone();
        sy[l][v] = y[l][v].clone();
        for (int[] split : new int[][] {train, test}) {
          int[] perm = split.clone();
          for (int j = perm.length - 1; j > 0; j--) {
            int r = rnd.nextInt(j + 1);
            int t = perm[j];
            perm[j] = perm[r];
            perm[r] = t;
          }
          for (int j = 0; j < split.length; j++) {
            sx[l][v][split[j]] = x[l][v][perm[j]];
            sy[l][v][split[j]] = y[l][v][perm[j]];
          }
        }
      }
    }
  }

  private static int[] indices(List<ImageRecord> images, boolean train) {
    return java.util.stream.IntStream.range(0, images.size())
        .filter(i -> images.get(i).isTrain() == train && !"all".equals(images.get(i).split()))
        .toArray();
  }

  private static Stability.Result stability(
      float[][][] x,
      float[][][] y,
      float[][][] s,
      List<ImageRecord> images,
      int[] subset,
      double diagonal,
      int topImages,
      int perLayer) {
    if (subset.length == 0) {
      throw new IllegalArgumentException(
          "The feature store has no images of one split (train/test): ingest with --split all on a"
              + " dataset with a train/test split");
    }
    List<Stability.LayerDetections> layers = new ArrayList<>();
    for (int l = 0; l < x.length; l++) {
      layers.add(
          new Stability.LayerDetections(
              pick(x[l], subset), pick(y[l], subset), pick(s[l], subset)));
    }
    List<Map<Integer, Point>> parts = new ArrayList<>();
    for (int i : subset) {
      parts.add(images.get(i).parts());
    }
    return Stability.compute(layers, parts, diagonal, topImages, perLayer, Stability.CUB_PARTS);
  }

  private static float[][][] pickAll(float[][][] a, int[] subset) {
    float[][][] out = new float[a.length][][];
    for (int l = 0; l < a.length; l++) {
      out[l] = pick(a[l], subset);
    }
    return out;
  }

  private static float[][] pick(float[][] a, int[] subset) {
    float[][] out = new float[a.length][subset.length];
    for (int v = 0; v < a.length; v++) {
      for (int j = 0; j < subset.length; j++) {
        out[v][j] = a[v][subset[j]];
      }
    }
    return out;
  }
}
