package io.xgraph.learner.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.model.ExplanatoryGraph;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optional early stop on convergence (LearnerParameters.convergenceShift). */
class ConvergenceStopTest {

  static List<int[]> learnAndRecordStops(LearnerParameters p) {
    List<int[]> stops = new ArrayList<>();
    new ExplanatoryGraphLearner(p, 2)
        .learn(
            LearningFingerprintTest.SOURCE,
            new LearnListener() {
              @Override
              public void layerConverged(int layer, int iterations) {
                stops.add(new int[] {layer, iterations});
              }
            },
            LayerCheckpoints.none());
    return stops;
  }

  @Test
  void offByDefaultAndEveryLayerRunsAllIterations() {
    assertEquals(0.0, LearnerParameters.defaults().convergenceShift());
    assertTrue(learnAndRecordStops(LearningFingerprintTest.BASE).isEmpty());
  }

  @Test
  void aLooseToleranceStopsEveryLayerAfterTheMinimumAndMatchesTheShortRun() {
    LearnerParameters loose = LearningFingerprintTest.BASE.withIterations(12);
    List<int[]> stops = learnAndRecordStops(loose.withConvergenceShift(1e6));
    assertEquals(2, stops.size());
    for (int[] s : stops) {
      assertEquals(LearnerParameters.MIN_ITERATIONS_BEFORE_STOP, s[1]);
    }
    // stopping after k iterations learns what T = k learns (the step size depends on t only)
    ExplanatoryGraph stopped =
        new ExplanatoryGraphLearner(loose.withConvergenceShift(1e6), 2)
            .learn(LearningFingerprintTest.SOURCE, LearnListener.silent(), LayerCheckpoints.none());
    ExplanatoryGraph shortRun =
        new ExplanatoryGraphLearner(
                loose.withIterations(LearnerParameters.MIN_ITERATIONS_BEFORE_STOP), 2)
            .learn(LearningFingerprintTest.SOURCE, LearnListener.silent(), LayerCheckpoints.none());
    assertEquals(shortRun.layers(), stopped.layers());
  }

  @Test
  void negativeToleranceIsRejectedWithTheKey() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LearnerParameters.defaults().withConvergenceShift(-1));
    assertTrue(e.getMessage().contains("convergenceShift"));
  }
}
