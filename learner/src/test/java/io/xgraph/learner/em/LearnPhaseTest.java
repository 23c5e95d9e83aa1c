package io.xgraph.learner.em;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The phase events that `xgraph bench learn` turns into its table of where the time went. */
class LearnPhaseTest {

  private static List<String> record(LearnerParameters p) {
    List<String> events = new ArrayList<>();
    new ExplanatoryGraphLearner(p, 2)
        .learn(
            LearningFingerprintTest.SOURCE,
            new LearnListener() {
              @Override
              public void phaseFinished(int layer, LearnPhase phase) {
                events.add(layer + " " + phase);
              }
            },
            LayerCheckpoints.none());
    return events;
  }

  @Test
  void everyLayerReadsItsMapsIteratesAndFinishesInOrder() {
    // T = 7, parents re-selected at t = 2 and 2 + 4 = 6; the top layer (1) has no parents
    LearnerParameters p = LearningFingerprintTest.BASE.withParentReselectInterval(4);
    List<String> expected = new ArrayList<>();
    for (int layer = 1; layer >= 0; layer--) {
      expected.add(layer + " READ_MAPS");
      for (int t = 1; t <= 7; t++) {
        if (layer == 0 && (t == 2 || t == 6)) {
          expected.add(layer + " SELECT_PARENTS");
        }
        expected.add(layer + " EM_ITERATION");
      }
      expected.add(layer + " FINAL_INFERENCE");
      expected.add(layer + " CHECKPOINT");
    }
    assertEquals(expected, record(p));
  }

  @Test
  void anEarlyStopEndsTheLayersIterationEvents() {
    List<String> events = record(LearningFingerprintTest.BASE.withConvergenceShift(1e6));
    long iterations = events.stream().filter(e -> e.endsWith("EM_ITERATION")).count();
    // both layers stop after the minimum number of iterations
    assertEquals(2L * LearnerParameters.MIN_ITERATIONS_BEFORE_STOP, iterations);
  }
}
