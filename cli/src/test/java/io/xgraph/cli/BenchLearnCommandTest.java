package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `xgraph bench learn` on a reduced real run (12 CUB birds through two SqueezeNet layers): its
 * table of where the time went covers every phase, and the per-layer EM cost counts the right
 * nodes, images and iterations.
 */
class BenchLearnCommandTest {

  @TempDir Path dir;

  @Test
  void phaseTableAndPerNodeCostOfTheFullRun() {
    Path features = dir.resolve("features");
    ReducedRun.ingest(features, 12, "fire8/concat_1,fire9/concat_1");
    CliRun run =
        CliRun.of(
            "bench",
            "learn",
            "--features",
            features.toString(),
            "--iterations",
            "3",
            "--growth-iterations",
            "0",
            "--threads",
            "2",
            "--all-images");
    assertEquals(0, run.code(), run.out());
    String out = run.out();
    double share = 0;
    double checkpoint = 0;
    for (String phase :
        new String[] {
          "read maps", "select parents", "em iteration", "final inference", "checkpoint"
        }) {
      Matcher m =
          Pattern.compile("\\n  " + phase + " +([0-9.]+) +([0-9.]+) +([0-9.]+)%").matcher(out);
      assertTrue(m.find(), phase + " missing in\n" + out);
      share += Double.parseDouble(m.group(3));
      checkpoint = Double.parseDouble(m.group(3));
    }
    // the phases make the whole run
    assertEquals(100, share, 0.5, out);
    // no checkpoints in a benchmark: that row holds only the process's background CPU (JIT, GC)
    // of a sub-second run, a few percent at most
    assertTrue(checkpoint < 10, out);
    // fire9: 512 filters x ceil(0.1 x 13^2) = 17 nodes; fire8 is the lower half: ceil(0.05 x 169)
    assertTrue(out.contains("EM, fire9/concat_1: 8704 nodes x 12 images x 3 iterations in"), out);
    assertTrue(out.contains("EM, fire8/concat_1: 4608 nodes x 12 images x 3 iterations in"), out);
    assertTrue(out.contains("ns per node and image"), out);
  }
}
