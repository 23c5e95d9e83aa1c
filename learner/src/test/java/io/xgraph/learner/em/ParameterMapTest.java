package io.xgraph.learner.em;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The provenance map of a graph: round trip, and what older graph files read back as. */
class ParameterMapTest {

  @Test
  void everyParameterSurvivesTheRoundTrip() {
    LearnerParameters p =
        LearnerParameters.defaults()
            .withSeed(9)
            .withIterations(7)
            .withRho(0.2, 0.3)
            .withParentTopImages(12)
            .withParentReselectInterval(3)
            .withSigmaEstimate(SigmaEstimate.RELEASE)
            .withInferenceScore(InferenceScore.SQUARED)
            .withConvergenceShift(0.05);
    assertEquals(p, LearnerParameters.fromMap(p.toMap()));
  }

  @Test
  void aMapWithoutTheLaterKeysReadsAsTheReleaseItWasLearnedWith() {
    Map<String, Object> old = new LinkedHashMap<>(LearnerParameters.defaults().toMap());
    old.remove("parentTopImages");
    old.remove("parentReselectInterval");
    old.remove("sigmaEstimate");
    LearnerParameters read = LearnerParameters.fromMap(old);
    assertEquals(0, read.parentTopImages());
    assertEquals(1, read.parentReselectInterval());
    assertEquals(SigmaEstimate.RELEASE, read.sigmaEstimate());
    assertEquals(
        LearnerParameters.defaults()
            .withReleaseParentSelection()
            .withSigmaEstimate(SigmaEstimate.RELEASE),
        read);
  }
}
