package io.xgraph.learner.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The provenance map of a graph: round trip, and graphs of the first learner refused. */
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
            .withSigmaEstimate(SigmaEstimate.ARGMAX)
            .withDepartures(EnumSet.of(Departure.OWN_SIGMA_PRIOR, Departure.BEST_SCORE))
            .withInferenceScore(InferenceScore.SQUARED)
            .withConvergenceShift(0.05);
    assertEquals(p, LearnerParameters.fromMap(p.toMap()));
    assertEquals("OWN_SIGMA_PRIOR,BEST_SCORE", p.toMap().get("departures"));
    assertEquals("BEST_SCORE", LearnerParameters.defaults().toMap().get("departures"));
    assertEquals(
        "",
        LearnerParameters.defaults()
            .withDepartures(EnumSet.noneOf(Departure.class))
            .toMap()
            .get("departures"));
  }

  @Test
  void aMapOfTheFirstLearnerIsRefusedWithTheFix() {
    Map<String, Object> old = new LinkedHashMap<>(LearnerParameters.defaults().toMap());
    old.remove("learnerVersion");
    old.put("sigmaEstimate", "RESPONSE");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LearnerParameters.fromMap(old));
    assertTrue(e.getMessage().contains("version 1"), e.getMessage());
    assertTrue(e.getMessage().contains("xgraph learn"), e.getMessage());
  }

  @Test
  void anUnknownDepartureIsNamed() {
    Map<String, Object> m = new LinkedHashMap<>(LearnerParameters.defaults().toMap());
    m.put("departures", "NODE_STEP,NO_SUCH_RULE");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LearnerParameters.fromMap(m));
    assertTrue(e.getMessage().contains("NO_SUCH_RULE"), e.getMessage());
  }

  @Test
  void perLayerDensitiesReplaceTheHalvesAndSurviveTheRoundTrip() {
    LearnerParameters halves = LearnerParameters.defaults();
    assertEquals(0.05, halves.rho(0, 3));
    assertEquals(0.1, halves.rho(1, 3));
    assertEquals(0.1, halves.rho(2, 3));
    // absent from the map when unset: graphs and checkpoints learned with the halves are unchanged
    assertTrue(!halves.toMap().containsKey("layerRho"));
    LearnerParameters resnet = halves.withLayerRho(List.of(0.05, 0.1, 0.2));
    assertEquals(0.2, resnet.rho(2, 3));
    assertEquals(List.of(0.05, 0.1, 0.2), resnet.toMap().get("layerRho"));
    assertEquals(resnet, LearnerParameters.fromMap(resnet.toMap()));
    assertEquals(halves, resnet.withRho(0.05, 0.1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> resnet.rho(0, 4));
    assertEquals(
        "Node densities `layerRho` [0.05, 0.1, 0.2] name 3 layers, but the graph has 4: give one"
            + " density per layer, lowest first (e.g. --nodes-rho 0.05,0.1,0.2), or two for the"
            + " lower and upper halves",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> halves.withLayerRho(List.of(0.05, 1.5)));
  }
}
