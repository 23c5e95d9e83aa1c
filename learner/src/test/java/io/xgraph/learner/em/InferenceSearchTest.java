package io.xgraph.learner.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A planted part that moves far (up to 5 cells of the top map, well beyond the release's search
 * window of round(0.15 x 13) = 2 cells) must be followed by the inferred positions with the paper's
 * whole-map search, both by a top-layer node and, through its parent, by a lower node.
 */
class InferenceSearchTest {

  // two layers on a 208-pixel input: low 26 x 26 (stride 8), high 13 x 13 (stride 16)
  private static final LayerGeometry LOW = new LayerGeometry("low", 0, 1, 26, 26, 8, 4, 20, 208);
  private static final LayerGeometry HIGH = new LayerGeometry("high", 1, 1, 13, 13, 16, 8, 44, 208);

  /** A graph with one node per layer; the low node hangs 16 px right of its parent. */
  private static ExplanatoryGraph graph(InferenceSearch search) {
    double muX = HIGH.x(6);
    double muY = HIGH.y(6);
    double sigmaHigh = 3 * HIGH.stride(); // 3 cells: a deformation the prior allows
    Pattern top = new Pattern(1, 1, 0, 0, muX, muY, sigmaHigh, 1.0, List.of(), List.of());
    Pattern low =
        new Pattern(
            0,
            0,
            0,
            0,
            muX + 16,
            muY,
            LOW.stride(),
            1.0,
            List.of(new ParentLink(1, 16, 0, sigmaHigh, 1.0)),
            List.of());
    LearnerParameters p =
        LearnerParameters.defaults()
            .withInferenceSearch(search)
            .withFiringRatio(0)
            .withRho(0.05, 0.1);
    return new ExplanatoryGraph(
        "test",
        "0",
        List.of(
            new GraphLayer(LOW, ones(LOW), 1.0, List.of(low)),
            new GraphLayer(HIGH, ones(HIGH), 1.0, List.of(top))),
        p.toMap(),
        List.of());
  }

  private static float[] ones(LayerGeometry g) {
    float[] s = new float[g.size()];
    Arrays.fill(s, 1f);
    return s;
  }

  /** Maps of an image whose part sits at pixel (x, y): a blob in both layers, -1 elsewhere. */
  private static List<float[]> maps(double x, double y) {
    return List.of(blob(LOW, x + 16, y), blob(HIGH, x, y));
  }

  private static float[] blob(LayerGeometry g, double x, double y) {
    float[] m = new float[g.size()];
    Arrays.fill(m, -1f);
    double r0 = g.row(y);
    double c0 = g.col(x);
    for (int r = 0; r < g.height(); r++) {
      for (int c = 0; c < g.width(); c++) {
        double d2 = (r - r0) * (r - r0) + (c - c0) * (c - c0);
        if (d2 <= 4) {
          m[r * g.width() + c] = (float) (5 * Math.exp(-d2 / 2));
        }
      }
    }
    return m;
  }

  @Test
  void wholeMapSearchFollowsAPartThatMovesFarAndTheChildFollowsItsParent() {
    GraphInference map = new GraphInference(graph(InferenceSearch.MAP));
    GraphInference window = new GraphInference(graph(InferenceSearch.WINDOW));
    double mu = HIGH.x(6);
    int[] shifts = {-5, -4, 4, 5};
    double windowWorst = 0;
    for (int sx : shifts) {
      for (int sy : new int[] {-4, 0, 4}) {
        double x = mu + sx * HIGH.stride();
        double y = mu + sy * HIGH.stride();
        InferenceResult r = map.infer(maps(x, y));
        // S = F * P: the prior may pull the argmax by at most one cell towards mu
        double cell = HIGH.stride();
        assertEquals(x, r.x(1, 0), cell, "top node x, shift " + sx + "," + sy);
        assertEquals(y, r.y(1, 0), cell, "top node y, shift " + sx + "," + sy);
        // the child is searched around mu + Delta, Delta = its parent's shift
        assertEquals(x + 16, r.x(0, 0), cell, "low node x, shift " + sx + "," + sy);
        assertEquals(y, r.y(0, 0), cell, "low node y, shift " + sx + "," + sy);
        assertTrue(r.score(1, 0) > 0 && r.fired(1, 0));
        InferenceResult w = window.infer(maps(x, y));
        windowWorst = Math.max(windowWorst, Math.abs(w.x(1, 0) - x));
      }
    }
    // the release's window (2 cells) cannot reach a part 4-5 cells away: the contrast that makes
    // this test able to fail
    assertTrue(windowWorst >= 3 * HIGH.stride(), "window error " + windowWorst);
  }

  @Test
  void wholeMapSearchPrefersTheNearerOfTwoEqualPeaks() {
    // the best unit (the posterior mean would average the two peaks)
    GraphInference map =
        new GraphInference(
            graph(InferenceSearch.MAP), p -> p.withInferencePosition(InferencePosition.ARGMAX));
    double mu = HIGH.x(6);
    float[] high = blob(HIGH, mu + 2 * HIGH.stride(), mu);
    float[] far = blob(HIGH, mu - 5 * HIGH.stride(), mu);
    for (int k = 0; k < high.length; k++) {
      high[k] = Math.max(high[k], far[k]);
    }
    InferenceResult r = map.infer(List.of(blob(LOW, mu, mu), high));
    assertEquals(mu + 2 * HIGH.stride(), r.x(1, 0), 1e-6);
  }

  @Test
  void parametersRoundTripTheSearch() {
    LearnerParameters p = LearnerParameters.defaults().withInferenceSearch(InferenceSearch.WINDOW);
    assertEquals(InferenceSearch.WINDOW, LearnerParameters.fromMap(p.toMap()).inferenceSearch());
    assertEquals(
        InferenceSearch.MAP,
        LearnerParameters.fromMap(java.util.Map.of("learnerVersion", 2)).inferenceSearch(),
        "a map without the key takes the default");
  }
}
