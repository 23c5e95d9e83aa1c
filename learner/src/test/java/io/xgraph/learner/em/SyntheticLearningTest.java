package io.xgraph.learner.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.Point;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import io.xgraph.learner.testing.SyntheticFeatures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Learning on planted parts: the graph must find the parts, their displacements, and skip noise.
 */
class SyntheticLearningTest {

  static final int CHANNELS = 8;
  static SyntheticFeatures source;
  static ExplanatoryGraph graph;

  /** [layer][image][node] inferred x, y, score. */
  static float[][][] xs;

  static float[][][] ys;

  static float[][][] scores;

  static LearnerParameters params() {
    return LearnerParameters.defaults().withRho(0.1, 0.2).withSeed(3);
  }

  @BeforeAll
  static void learn() {
    source = new SyntheticFeatures(40, 12, CHANNELS, 11);
    graph =
        new ExplanatoryGraphLearner(params(), 2)
            .learn(source, LearnListener.silent(), LayerCheckpoints.none());
    GraphInference inference = new GraphInference(graph);
    int images = source.images().size();
    xs = new float[2][images][];
    ys = new float[2][images][];
    scores = new float[2][images][];
    for (int i = 0; i < images; i++) {
      List<float[]> maps = new ArrayList<>();
      for (int l = 0; l < 2; l++) {
        float[] m = new float[source.layers().get(l).size()];
        source.read(l, i, m);
        maps.add(m);
      }
      InferenceResult r = inference.infer(maps);
      for (int l = 0; l < 2; l++) {
        xs[l][i] = r.xs(l);
        ys[l][i] = r.ys(l);
        scores[l][i] = r.scores(l);
      }
    }
  }

  /** Mean distance (pixels) between a node's inferred positions and part j over some images. */
  static double trackingError(int layer, int node, int j, boolean train) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < source.images().size(); i++) {
      ImageRecord r = source.images().get(i);
      if (r.isTrain() != train) {
        continue;
      }
      Point p = r.parts().get(SyntheticFeatures.PART_IDS[j]);
      sum += Math.hypot(xs[layer][i][node] - p.x(), ys[layer][i][node] - p.y());
      n++;
    }
    return sum / n;
  }

  /** For every (layer, filter, planted part), the node of that filter tracking the part best. */
  static Map<String, Integer> bestNodes() {
    Map<String, Integer> best = new HashMap<>();
    for (int l = 0; l < 2; l++) {
      GraphLayer gl = graph.layers().get(l);
      int first = gl.patterns().get(0).id();
      for (int d = 0; d < CHANNELS; d++) {
        for (int j : SyntheticFeatures.partsOf(l, d)) {
          double bestErr = Double.MAX_VALUE;
          int bestNode = -1;
          for (Pattern p : gl.patterns()) {
            if (p.channel() != d) {
              continue;
            }
            double e = trackingError(l, p.id() - first, j, true);
            if (e < bestErr) {
              bestErr = e;
              bestNode = p.id() - first;
            }
          }
          best.put(l + "/" + d + "/" + j, bestNode);
        }
      }
    }
    return best;
  }

  /**
   * Each (layer, filter, planted part) has a node that tracks the part on training and held-out
   * images within 0.75 of the layer's stride (the top layer's search range is +-1 cell of 16 px
   * while the object moves by +-12 px, so it tracks more loosely than the guided lower layer).
   */
  @Test
  void recoversPlantedPartsOnTrainAndTestImages() {
    Map<String, Integer> best = bestNodes();
    int recoveredTrain = 0;
    int recoveredTest = 0;
    int lowerTight = 0;
    int lowerCount = 0;
    for (var e : best.entrySet()) {
      String[] k = e.getKey().split("/");
      int l = Integer.parseInt(k[0]);
      int j = Integer.parseInt(k[2]);
      double tol = 0.75 * source.layers().get(l).stride();
      double trainErr = trackingError(l, e.getValue(), j, true);
      double testErr = trackingError(l, e.getValue(), j, false);
      recoveredTrain += trainErr < tol ? 1 : 0;
      recoveredTest += testErr < tol ? 1 : 0;
      if (l == 0) {
        lowerCount++;
        lowerTight += testErr < 6 ? 1 : 0;
      }
    }
    assertTrue(recoveredTrain >= best.size() * 0.85, "recovered on train " + recoveredTrain);
    assertTrue(recoveredTest >= best.size() * 0.85, "recovered on test " + recoveredTest);
    // guided by its parents, the lower layer tracks within 6 px (3/4 of a cell) everywhere
    assertEquals(lowerCount, lowerTight);
  }

  /**
   * Edges carry the planted displacements: for a lower node tracking part j whose parent tracks
   * part j', the expected displacement (dx, dy) is close to P_j - P_j'.
   */
  @Test
  void parentLinksCarryThePlantedDisplacements() {
    Map<String, Integer> best = bestNodes();
    Map<Integer, Integer> upperPart = new HashMap<>();
    for (var e : best.entrySet()) {
      String[] k = e.getKey().split("/");
      int j = Integer.parseInt(k[2]);
      if (k[0].equals("1") && trackingError(1, e.getValue(), j, true) < 12) {
        upperPart.put(graph.layers().get(1).patterns().get(e.getValue()).id(), j);
      }
    }
    int checked = 0;
    int close = 0;
    for (var e : best.entrySet()) {
      String[] k = e.getKey().split("/");
      if (!k[0].equals("0")) {
        continue;
      }
      int j = Integer.parseInt(k[2]);
      Pattern child = graph.layers().get(0).patterns().get(e.getValue());
      for (ParentLink link : child.parents()) {
        Integer jp = upperPart.get(link.parentId());
        if (jp == null) {
          continue;
        }
        double ex = SyntheticFeatures.PARTS[j][0] - SyntheticFeatures.PARTS[jp][0];
        double ey = SyntheticFeatures.PARTS[j][1] - SyntheticFeatures.PARTS[jp][1];
        checked++;
        close += Math.hypot(link.dx() - ex, link.dy() - ey) < 12 ? 1 : 0;
      }
    }
    assertTrue(checked >= 20, "links between part-tracking nodes: " + checked);
    assertTrue(close >= checked * 0.8, close + " of " + checked + " links within 12 px");
  }

  /**
   * The noise peak of a filter moves independently of the object: the part-tracking nodes stay on
   * their part and do not follow it (it goes to V_none).
   */
  @Test
  void noisePeaksAreNotFollowed() {
    Map<String, Integer> best = bestNodes();
    int onNoise = 0;
    int total = 0;
    for (var e : best.entrySet()) {
      String[] k = e.getKey().split("/");
      int l = Integer.parseInt(k[0]);
      int d = Integer.parseInt(k[1]);
      int j = Integer.parseInt(k[2]);
      var geo = source.layers().get(l);
      for (int i = 0; i < source.images().size(); i++) {
        Point part = source.images().get(i).parts().get(SyntheticFeatures.PART_IDS[j]);
        int[] nz = source.noise[l][i][d];
        double nx = geo.x(nz[1]);
        double ny = geo.y(nz[0]);
        if (Math.hypot(nx - part.x(), ny - part.y()) < 3 * geo.stride()) {
          continue; // noise next to the part: ambiguous
        }
        total++;
        float x = xs[l][i][e.getValue()];
        float y = ys[l][i][e.getValue()];
        if (Math.hypot(x - nx, y - ny) < Math.hypot(x - part.x(), y - part.y())) {
          onNoise++;
        }
      }
    }
    assertTrue(onNoise < total * 0.03, onNoise + " of " + total + " inferences follow the noise");
  }

  /**
   * The controls lose on planted parts that move: on the held-out images, the stability of the
   * graph's positions (paper Table 1, release form, the 60 strongest patterns per layer) is well
   * below the same patterns pinned at their prior mu (at least the 20 %) and below their
   * positions shuffled between images. Measured: graph 0.0142, at mu 0.0276, shuffled 0.0371.
   */
  @Test
  void graphBeatsThePinnedAndShuffledControlsOnPlantedMotion() {
    int[] test =
        java.util.stream.IntStream.range(0, source.images().size())
            .filter(i -> !source.images().get(i).isTrain())
            .toArray();
    List<Map<Integer, Point>> parts = new ArrayList<>();
    for (int i : test) {
      parts.add(source.images().get(i).parts());
    }
    List<io.xgraph.learner.eval.Stability.LayerDetections> graphDet = new ArrayList<>();
    List<io.xgraph.learner.eval.Stability.LayerDetections> atMu = new ArrayList<>();
    List<io.xgraph.learner.eval.Stability.LayerDetections> shuffled = new ArrayList<>();
    java.util.Random rnd = new java.util.Random(5);
    for (int l = 0; l < 2; l++) {
      List<Pattern> ps = graph.layers().get(l).patterns();
      int n = ps.size();
      float[][] gx = new float[n][test.length];
      float[][] gy = new float[n][test.length];
      float[][] gs = new float[n][test.length];
      float[][] mx = new float[n][test.length];
      float[][] my = new float[n][test.length];
      float[][] sx = new float[n][test.length];
      float[][] sy = new float[n][test.length];
      for (int v = 0; v < n; v++) {
        for (int j = 0; j < test.length; j++) {
          gx[v][j] = xs[l][test[j]][v];
          gy[v][j] = ys[l][test[j]][v];
          gs[v][j] = scores[l][test[j]][v];
          mx[v][j] = (float) ps.get(v).muX();
          my[v][j] = (float) ps.get(v).muY();
        }
        for (int j = 0; j < test.length; j++) {
          int k = rnd.nextInt(test.length);
          sx[v][j] = gx[v][k];
          sy[v][j] = gy[v][k];
        }
      }
      graphDet.add(new io.xgraph.learner.eval.Stability.LayerDetections(gx, gy, gs));
      atMu.add(new io.xgraph.learner.eval.Stability.LayerDetections(mx, my, gs));
      shuffled.add(new io.xgraph.learner.eval.Stability.LayerDetections(sx, sy, gs));
    }
    double diag = SyntheticFeatures.INPUT * Math.sqrt(2);
    int[] partIds = io.xgraph.learner.eval.Stability.CUB_PARTS;
    double g =
        io.xgraph.learner.eval.Stability.compute(graphDet, parts, diag, 8, 60, partIds).release();
    double mu =
        io.xgraph.learner.eval.Stability.compute(atMu, parts, diag, 8, 60, partIds).release();
    double sh =
        io.xgraph.learner.eval.Stability.compute(shuffled, parts, diag, 8, 60, partIds).release();
    System.out.printf("planted motion: graph %.4f, at mu %.4f, shuffled %.4f%n", g, mu, sh);
    assertTrue(g < 0.8 * mu, "graph " + g + " vs at mu " + mu);
    assertTrue(g < 0.6 * sh, "graph " + g + " vs shuffled " + sh);
  }
}
