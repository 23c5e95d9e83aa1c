package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learner's main claim end to end on real data, at a reduced size: ingest the first 40 CUB
 * birds through SqueezeNet's fire7 and fire9, learn the graph on their training split (5
 * iterations), and `xgraph eval` finds its inferred positions more stable than the raw filters' on
 * the held-out birds, clearly so in fire7, the layer whose nodes have parents. (At this size the
 * run gives 0.1451 vs 0.1534 overall and 0.1438 vs 0.1597 in fire7, release form.)
 */
class HeldOutStabilityTest {

  @TempDir Path dir;

  @Test
  void graphBeatsTheRawFiltersOnHeldOutBirds() {
    Path features = dir.resolve("features");
    Path graph = dir.resolve("graph.xg");
    ReducedRun.ingest(features, 40, "fire7/concat_1,fire9/concat_1");
    ReducedRun.learn(features, 5, graph);
    CliRun eval = CliRun.of("eval", "--features", features.toString(), "--graph", graph.toString());
    assertEquals(0, eval.code(), eval.out());
    String out = eval.out();
    // release form (the second column): lower is more stable
    double graphTest = column(out, "graph +test", 2);
    double rawTest = column(out, "raw filter +test", 2);
    assertTrue(graphTest < rawTest, "held out: graph " + graphTest + " vs raw " + rawTest);
    assertTrue(
        column(out, "graph +train", 2) < column(out, "raw filter +train", 2), "training split");
    Matcher fire7 =
        Pattern.compile("fire7/concat_1 +([0-9.]+) / ([0-9.]+) / ([0-9.]+)").matcher(out);
    assertTrue(fire7.find(), out);
    double graph7 = Double.parseDouble(fire7.group(1));
    double raw7 = Double.parseDouble(fire7.group(2));
    assertTrue(graph7 < 0.95 * raw7, "fire7 held out: graph " + graph7 + " vs raw " + raw7);
  }

  /** Column {@code k} (1 = paper form, 2 = release form) of the eval row starting with label. */
  private static double column(String out, String label, int k) {
    Matcher m =
        Pattern.compile("(?m)^" + label + " +([0-9.]+) +([0-9.]+) +\\(\\d+ detectors\\)")
            .matcher(out);
    assertTrue(m.find(), label + " missing in\n" + out);
    return Double.parseDouble(m.group(k));
  }
}
