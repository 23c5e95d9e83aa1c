package io.xgraph.cypher.testing;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.em.LearnerParameters;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import java.util.Arrays;
import java.util.List;

/**
 * A hand-written two-layer graph with known numbers.
 *
 * <pre>
 * layer "low"  (2 channels, 4x4, stride 56, rf 80):  id channel slot  muX  muY meanScore
 *                                                      0    0      0   30   30   2.0
 *                                                      1    0      1  150   40   1.0
 *                                                      2    1      0   60   60   3.0
 *                                                      3    1      1  200  200   0.5
 * layer "high" (1 channel, 2x2, stride 112, rf 160):   4    0      0   40   40   1.5
 *                                                      5    0      1  180  180   2.5
 * </pre>
 *
 * Pattern 0 fires on images a (x=20, y=210, score 5, rank 0), b (100, 100, 4), c (50, 50, 3).
 */
public final class LiteralGraph {

  public static final String MODEL = "literal";

  private LiteralGraph() {}

  public static ExplanatoryGraph graph() {
    LayerGeometry low = new LayerGeometry("low", 0, 2, 4, 4, 56, 28, 80, 224);
    LayerGeometry high = new LayerGeometry("high", 1, 1, 2, 2, 112, 56, 160, 224);
    List<Pattern> lowPatterns =
        List.of(
            pattern(
                0,
                0,
                0,
                0,
                30,
                30,
                2.0,
                List.of(new ParentLink(4, -10, -10, 20, 0.5)),
                List.of(
                    new Firing("a", 20, 210, 5),
                    new Firing("b", 100, 100, 4),
                    new Firing("c", 50, 50, 3))),
            pattern(
                1,
                0,
                0,
                1,
                150,
                40,
                1.0,
                List.of(new ParentLink(5, -30, -140, 20, 0.2)),
                List.of()),
            pattern(2, 0, 1, 0, 60, 60, 3.0, List.of(), List.of(new Firing("b", 60, 60, 2))),
            pattern(3, 0, 1, 1, 200, 200, 0.5, List.of(), List.of()));
    List<Pattern> highPatterns =
        List.of(
            pattern(4, 1, 0, 0, 40, 40, 1.5, List.of(), List.of()),
            pattern(5, 1, 0, 1, 180, 180, 2.5, List.of(), List.of()));
    float[] lowSigma = new float[low.size()];
    Arrays.fill(lowSigma, 1f);
    float[] highSigma = new float[high.size()];
    Arrays.fill(highSigma, 1f);
    return new ExplanatoryGraph(
        MODEL,
        "0".repeat(64),
        List.of(
            new GraphLayer(low, lowSigma, 1.0, lowPatterns),
            new GraphLayer(high, highSigma, 1.0, highPatterns)),
        LearnerParameters.defaults().toMap(),
        List.of("a", "b", "c"));
  }

  private static Pattern pattern(
      int id,
      int layer,
      int channel,
      int slot,
      double muX,
      double muY,
      double meanScore,
      List<ParentLink> parents,
      List<Firing> top) {
    return new Pattern(id, layer, channel, slot, muX, muY, 10, meanScore, parents, top);
  }
}
