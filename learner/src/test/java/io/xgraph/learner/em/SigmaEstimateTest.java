package io.xgraph.learner.em;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.Pattern;
import io.xgraph.learner.testing.SyntheticFeatures;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The deformation sigma_V of top-layer nodes on planted parts, a known answer. The object moves
 * uniformly within +-12 px per axis (std 6.93 px per axis, 9.80 px as the 2-D root mean square the
 * release's sigma is). The release's soft estimate must give it back; the first learner's rules
 * (own sigma in the prior, argmax spread) collapse it to the floor sigma_max / 10. Measured: soft
 * 11.3 px, first learner 3.6 px at the floor.
 */
class SigmaEstimateTest {

  static final double PLANTED_RMS_PX = Math.sqrt(2) * 12 / Math.sqrt(3);

  static double medianPartSigma(LearnerParameters p) {
    SyntheticFeatures source = new SyntheticFeatures(40, 0, 8, 11);
    ExplanatoryGraph graph =
        new ExplanatoryGraphLearner(p, 2)
            .learn(source, LearnListener.silent(), LayerCheckpoints.none());
    GraphLayer top = graph.layers().get(graph.layers().size() - 1);
    List<Double> sigmas = new ArrayList<>();
    for (Pattern v : top.patterns()) {
      for (double[] part : SyntheticFeatures.PARTS) {
        // a node whose prior sits on a planted part (within one top-layer cell)
        if (Math.hypot(v.muX() - part[0], v.muY() - part[1]) <= top.geometry().stride()) {
          sigmas.add(v.sigma());
          break;
        }
      }
    }
    assertTrue(sigmas.size() >= 4, "too few top-layer nodes on the planted parts: " + sigmas);
    Collections.sort(sigmas);
    return sigmas.get(sigmas.size() / 2);
  }

  @Test
  void releaseEstimateLearnsThePlantedDeformationWhereTheFirstLearnerCollapses() {
    LearnerParameters base = LearnerParameters.defaults().withRho(0.1, 0.2).withSeed(3);
    double floorPx = Kernels.sigmaMax(0.2) / 10 * 16;
    double soft = medianPartSigma(base);
    double first =
        medianPartSigma(
            base.withSigmaEstimate(SigmaEstimate.ARGMAX)
                .withDepartures(EnumSet.of(Departure.OWN_SIGMA_PRIOR)));
    System.out.printf(
        "planted deformation %.1f px: default rules %.1f px, first learner's %.1f px%n",
        PLANTED_RMS_PX, soft, first);
    assertTrue(
        soft >= 0.75 * PLANTED_RMS_PX && soft <= 1.35 * PLANTED_RMS_PX,
        "soft estimate " + soft + " px should be near the planted " + PLANTED_RMS_PX + " px");
    assertTrue(
        first <= 1.05 * floorPx,
        "own-sigma prior + argmax spread expected at the floor " + floorPx + " px, was " + first);
  }
}
