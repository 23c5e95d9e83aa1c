package io.xgraph.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.em.InferenceResult;
import io.xgraph.learner.eval.RawFilterBaseline;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The positions eval and compare share, on the reduced real run ({@link SmallRealRun}: 12 CUB birds
 * through SqueezeNet's top layer, a 1-iteration graph): column j holds image images[j], and each
 * column is what the inference and the raw-filter baseline give for that image alone.
 */
class InferredPositionsTest {

  static FeatureStore store;
  static ExplanatoryGraph graph;

  @BeforeAll
  static void ingestAndLearn() {
    store = SmallRealRun.shared().features;
    graph = SmallRealRun.shared().graph;
  }

  @Test
  void columnJIsImageJOfTheSubsetAsInferredAlone() {
    int[] subset = {7, 2, 11};
    long[] heard = new long[1];
    InferredPositions p =
        InferredPositions.collect(
            store, graph, new GraphInference(graph), subset, done -> heard[0] = done);
    assertEquals(subset.length, heard[0], "progress hears every image");
    assertEquals(subset.length, p.inferMillis().length);
    assertTrue(p.inferCpuNanos() >= 0);
    LayerGeometry layer = store.layers().get(0);
    int nodes = graph.layers().get(0).patterns().size();
    assertEquals(nodes, p.graphX()[0].length);
    assertEquals(layer.channels(), p.rawX()[0].length);
    GraphInference alone = new GraphInference(graph);
    for (int j = 0; j < subset.length; j++) {
      float[] map = new float[layer.size()];
      store.read(0, subset[j], map);
      InferenceResult r = alone.infer(List.of(map));
      for (int v = 0; v < nodes; v++) {
        assertEquals((float) r.x(0, v), p.graphX()[0][v][j], "x of node " + v);
        assertEquals((float) r.y(0, v), p.graphY()[0][v][j], "y of node " + v);
        assertEquals((float) r.score(0, v), p.graphScore()[0][v][j], "score of node " + v);
        assertEquals(r.fired(0, v), p.graphFired()[0][v][j], "firing of node " + v);
      }
      RawFilterBaseline.Detections d = RawFilterBaseline.detect(layer, map, store.negativeSigma(0));
      assertArrayEquals(d.x(), column(p.rawX()[0], j));
      assertArrayEquals(d.y(), column(p.rawY()[0], j));
      assertArrayEquals(d.score(), column(p.rawScore()[0], j));
    }
    // The images differ, so the columns must too: a collector that ignored the indices fails here.
    assertTrue(
        !java.util.Arrays.equals(column(p.rawScore()[0], 0), column(p.rawScore()[0], 1)),
        "two different birds give different raw-filter scores");
  }

  private static float[] column(float[][] a, int j) {
    float[] out = new float[a.length];
    for (int c = 0; c < a.length; c++) {
      out[c] = a[c][j];
    }
    return out;
  }
}
