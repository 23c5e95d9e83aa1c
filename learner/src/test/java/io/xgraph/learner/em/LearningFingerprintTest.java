package io.xgraph.learner.em;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.Pattern;
import io.xgraph.learner.testing.SyntheticFeatures;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Guards the speed work on the learner: the learned graph of a planted case must stay bit for bit
 * what the learner produced before the kernels were rewritten (main at 7f4ef1d). The fingerprint is
 * the SHA-256 of the graph's text (every double printed exactly, the parameters sorted), so any
 * change of a position, sigma, score, parent or top image changes it. A deliberate change of what
 * learning computes must update the expected values here and say why in docs/learner.md.
 */
class LearningFingerprintTest {

  static final SyntheticFeatures SOURCE = new SyntheticFeatures(30, 4, 6, 17);

  static String fingerprint(LearnerParameters p) {
    ExplanatoryGraph g =
        new ExplanatoryGraphLearner(p, 2)
            .learn(SOURCE, LearnListener.silent(), LayerCheckpoints.none());
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      // keys added after the reference run (at their "off" value) do not change what is learned
      TreeMap<String, Object> params = new TreeMap<>(g.parameters());
      params.remove("convergenceShift", 0.0);
      // the first learner's rules are the departures; the fingerprint covers what was learned
      params.remove("departures");
      params.remove("learnerVersion");
      // inference rules (not learning: learning hands down the window and best candidate)
      // (the reference runs stored the window, the rule learning always hands down)
      params.remove("inferencePosition");
      params.put("inferenceSearch", "WINDOW");
      StringBuilder text = new StringBuilder();
      text.append(g.modelName()).append(params).append(g.trainingImageIds());
      for (GraphLayer l : g.layers()) {
        // the layer record prints its float[] by identity, so its parts are printed one by one
        text.append(l.geometry()).append(l.scoreScale()).append(Arrays.toString(l.negativeSigma()));
        for (Pattern pt : l.patterns()) {
          text.append(pt).append('\n');
        }
      }
      return HexFormat.of()
          .formatHex(md.digest(text.toString().getBytes(StandardCharsets.UTF_8)))
          .substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static final LearnerParameters BASE =
      LearnerParameters.defaults().withIterations(7).withRho(0.1, 0.2).withSeed(3);

  static final LearnerParameters RELEASE =
      BASE.withDepartures(java.util.EnumSet.noneOf(Departure.class));

  @Test
  void defaultsLearnTheSameGraphAsBefore() {
    assertEquals("b2fec1bbadbd910b", fingerprint(BASE));
  }

  /** The release's rules, no departure at all. */
  @Test
  void releaseRulesLearnTheSameGraphAsBefore() {
    assertEquals("8c86f15b8dff7935", fingerprint(RELEASE));
  }

  /** Every departure on, with the response sigma: the first learner's defaults, to the bit. */
  @Test
  void allDeparturesLearnTheFirstLearnersGraph() {
    assertEquals(
        "e8a6db222065c0f1",
        fingerprint(
            BASE.withDepartures(java.util.EnumSet.allOf(Departure.class))
                .withSigmaEstimate(SigmaEstimate.RESPONSE)));
  }

  @Test
  void releaseVariantsLearnTheSameGraphsAsBefore() {
    assertEquals(
        "5d0368f5bbe77d4f",
        fingerprint(
            RELEASE
                .withSigmaEstimate(SigmaEstimate.ARGMAX)
                .withInferenceScore(InferenceScore.SQUARED)
                .withReleaseParentSelection()));
  }
}
