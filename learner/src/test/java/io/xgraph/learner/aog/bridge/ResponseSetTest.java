package io.xgraph.learner.aog.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.aog.AogParameters;
import io.xgraph.learner.aog.EvaluationInput;
import io.xgraph.learner.aog.EvaluationReport;
import io.xgraph.learner.aog.FewShotEvaluation;
import io.xgraph.learner.aog.PatternResponses;
import io.xgraph.learner.em.ExplanatoryGraphLearner;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.em.InferenceResult;
import io.xgraph.learner.em.LayerCheckpoints;
import io.xgraph.learner.em.LearnListener;
import io.xgraph.learner.em.LearnerParameters;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Pattern;
import io.xgraph.learner.testing.SyntheticFeatures;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * From a feature source and a graph learned on it to an evaluation: responses keyed by pattern id,
 * and the AOG on the graph beating the mean annotation on planted parts.
 */
class ResponseSetTest {

  static SyntheticFeatures source;
  static ExplanatoryGraph graph;
  static ResponseSet set;

  @BeforeAll
  static void learn() {
    source = new SyntheticFeatures(40, 12, 8, 11);
    graph =
        new ExplanatoryGraphLearner(LearnerParameters.defaults().withRho(0.1, 0.2).withSeed(3), 2)
            .learn(source, LearnListener.silent(), LayerCheckpoints.none());
    set = ResponseSet.collect(source, graph, List.of(0, 1), List.of(1), null);
  }

  @Test
  void graphResponsesAreIndexedByPatternId() {
    GraphInference inference = new GraphInference(graph);
    int image = 5;
    List<float[]> maps = new ArrayList<>();
    for (int l = 0; l < 2; l++) {
      float[] m = new float[source.layers().get(l).size()];
      source.read(l, image, m);
      maps.add(m);
    }
    InferenceResult r = inference.infer(maps);
    PatternResponses pr = set.graph().get(source.images().get(image).id());
    assertEquals(graph.patternCount(), pr.patternCount());
    int fired = 0;
    for (int l = 0; l < 2; l++) {
      List<Pattern> ps = graph.layers().get(l).patterns();
      for (int v = 0; v < ps.size(); v++) {
        int id = ps.get(v).id();
        assertEquals(r.fired(l, v), pr.fired(id), "pattern " + id);
        assertEquals(r.x(l, v), pr.x(id), 1e-4);
        assertEquals(r.y(l, v), pr.y(id), 1e-4);
        assertEquals(r.score(l, v), pr.score(id), 1e-4);
        fired += pr.fired(id) ? 1 : 0;
      }
    }
    assertTrue(fired > 0, "some patterns fire on a planted image");
    // raw filters: 8 per layer, both layers; descriptor: the 8 channels of layer 1, unit norm
    assertEquals(16, set.raw().get("img5").patternCount());
    float[] d = set.descriptors().get("img5");
    assertEquals(8, d.length);
    double n = 0;
    for (float v : d) {
      n += v * v;
    }
    assertEquals(1, n, 1e-5);
  }

  @Test
  void aogOnTheGraphBeatsTheMeanAnnotationOnPlantedParts() {
    EvaluationInput in = set.input(PartDefinition.HEAD_FOREHEAD);
    assertEquals(40, in.trainIds().size());
    assertEquals(12, in.testIds().size());
    EvaluationReport r =
        new FewShotEvaluation(AogParameters.defaults()).evaluate(in, "head-forehead", 3, 10, 7);
    double graphNd = r.method(FewShotEvaluation.AOG_GRAPH).mean();
    double meanNd = r.method(FewShotEvaluation.MEAN).mean();
    assertTrue(graphNd < meanNd, r.table());
    assertEquals(4, r.methods().size(), "raw filters and descriptors are evaluated too");
  }

  @Test
  void trainHoldoutUsesTrainImagesOnly() {
    EvaluationInput in = set.trainHoldoutInput(PartDefinition.TAIL, 0.5, 3);
    Set<String> train = new HashSet<>(set.split("train"));
    assertEquals(20, in.testIds().size());
    assertEquals(20, in.trainIds().size());
    assertTrue(train.containsAll(in.testIds()) && train.containsAll(in.trainIds()));
    assertThrows(
        IllegalArgumentException.class, () -> set.trainHoldoutInput(PartDefinition.TAIL, 1.0, 3));
  }

  @Test
  void aGraphOfAnotherSourceIsRefused() {
    SyntheticFeatures other = new SyntheticFeatures(4, 2, 6, 1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ResponseSet.collect(other, graph, List.of(0), List.of(1), null));
    assertTrue(e.getMessage().contains("learned from this feature store"), e.getMessage());
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> ResponseSet.collect(source, graph, List.of(2), List.of(1), null));
    assertTrue(bad.getMessage().contains("0..1"), bad.getMessage());
  }
}
