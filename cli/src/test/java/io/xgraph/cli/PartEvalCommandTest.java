package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xgraph part eval} end to end on a reduced real run: the first 40 CUB birds of the shared
 * data (both splits) through SqueezeNet (top two layers), a small graph, then the protocol.
 */
class PartEvalCommandTest {

  @TempDir static Path dir;

  static String data() {
    String env = System.getenv("XGRAPH_DATA");
    return env != null ? env : System.getProperty("xgraph.data", "../shared/data");
  }

  @BeforeAll
  static void ingestAndLearn() {
    ReducedRun.ingest(dir.resolve("features"), 40, "fire8/concat_1,fire9/concat_1");
    ReducedRun.learn(dir.resolve("features"), 2, dir.resolve("graph.xg"));
  }

  /**
   * The arguments of {@code part eval} on this run's feature store and graph, then {@code options}.
   */
  private static String[] partEval(String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "part",
                "eval",
                "--features",
                dir.resolve("features").toString(),
                "--graph",
                dir.resolve("graph.xg").toString()));
    args.addAll(List.of(options));
    return args.toArray(String[]::new);
  }

  @Test
  void printsAndWritesTheTableOfEveryPartAndMethod() throws Exception {
    Path out = dir.resolve("report");
    CliRun run =
        CliRun.of(
            partEval(
                "--parts",
                "head-forehead,tail",
                "--draws",
                "10",
                "--shot-curve",
                "1",
                "--no-ablation",
                "--out",
                out.toString()));
    String printed = run.out();
    assertEquals(0, run.code(), printed);
    String md = Files.readString(out.resolve("part-eval.md"));
    assertTrue(printed.contains(md), "the table printed is the table written");
    for (String m :
        List.of("aog-graph", "aog-raw-filters", "nearest-descriptor", "mean-position")) {
      assertTrue(md.contains(m), m + " in\n" + md);
    }
    assertTrue(md.contains("| head-forehead [6] |"), md);
    assertTrue(md.contains("| tail [14] |"), md);
    assertTrue(md.contains("p50"), md);
    List<String> csv = Files.readAllLines(out.resolve("part-eval.csv"));
    // header + 2 parts x 4 methods + 1 shot count x 4 methods
    assertEquals(1 + 8 + 4, csv.size(), String.join("\n", csv));
    for (String row : csv.subList(1, csv.size())) {
      double nd = Double.parseDouble(row.split(",")[5]);
      assertTrue(nd > 0 && nd < 1, row);
    }
  }

  /**
   * The same draws through xg.part.learn / xg.part.localize of a real embedded Neo4j store, with
   * the real CNN: every procedure point equals the learner kernel's point on the same inputs.
   */
  @Test
  void throughTheStoreTheProceduresGiveTheLearnerKernelsPoints() throws Exception {
    Path out = dir.resolve("report-store");
    CliRun run =
        CliRun.of(
            partEval(
                "--parts",
                "head-forehead",
                "--draws",
                "10",
                "--data",
                data(),
                "--through-store",
                dir.resolve("store").toString(),
                "--out",
                out.toString()));
    String printed = run.out();
    assertEquals(0, run.code(), printed);
    java.util.regex.Matcher row =
        java.util.regex.Pattern.compile(
                "\\| head-forehead \\[6\\] \\| (\\d+) \\| ([0-9.]+) ± [0-9.]+ \\| ([0-9.]+) ± [0-9.]+"
                    + " \\| ([0-9.]+) ± [0-9.]+ \\| (\\d+)/(\\d+) \\|")
            .matcher(printed);
    assertTrue(row.find(), printed);
    int tests = Integer.parseInt(row.group(1));
    assertTrue(tests > 0, printed);
    assertEquals(10L * tests, Long.parseLong(row.group(6)), "every localisation compared");
    assertEquals(row.group(6), row.group(5), "procedure point == learner point:\n" + printed);
    assertEquals(row.group(3), row.group(4), "same mean error:\n" + printed);
    // This store has no flipped crops, so no input differs: part eval's figure is the same too.
    assertEquals(row.group(2), row.group(4), "part eval vs procedures:\n" + printed);
    List<String> csv = Files.readAllLines(out.resolve("part-eval-store.csv"));
    assertEquals(1 + 10, csv.size(), String.join("\n", csv));
    for (String line : csv.subList(1, csv.size())) {
      String[] f = line.split(",");
      assertEquals(f[3], f[4], "learner on CNN inputs vs procedures, per draw: " + line);
    }
  }

  @Test
  void anUnknownPartIsAUsageError() {
    assertEquals(Main.EXIT_USAGE, Main.execute(partEval("--parts", "wing")));
  }
}
