package io.xgraph.learner.em;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.Point;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.GraphLayer;
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

  @Test
  void recoversPlantedPartsOnTrainAndTestImages() {
    Map<String, Integer> best = bestNodes();
    int recoveredTrain = 0;
    int recoveredTest = 0;
    int muClose = 0;
    for (var e : best.entrySet()) {
      String[] k = e.getKey().split("/");
      int l = Integer.parseInt(k[0]);
      int j = Integer.parseInt(k[2]);
      double trainErr = trackingError(l, e.getValue(), j, true);
      double testErr = trackingError(l, e.getValue(), j, false);
      Pattern p = graph.layers().get(l).patterns().get(e.getValue());
      double[] mean = source.meanPartPosition(j);
      double muErr = Math.hypot(p.muX() - mean[0], p.muY() - mean[1]);
      System.out.printf(
          "layer %d filter %s part %d: node %d train %.1f px test %.1f px mu-err %.1f px%n",
          l, k[1], j, e.getValue(), trainErr, testErr, muErr);
      recoveredTrain += trainErr < 6 ? 1 : 0;
      recoveredTest += testErr < 6 ? 1 : 0;
      muClose += muErr < 8 ? 1 : 0;
    }
    System.out.printf(
        "recovered train %d test %d mu %d of %d%n",
        recoveredTrain, recoveredTest, muClose, best.size());
    assertTrue(recoveredTrain >= best.size() * 0.9, "recovered " + recoveredTrain);
    assertTrue(recoveredTest >= best.size() * 0.9, "recovered on test " + recoveredTest);
  }
}
