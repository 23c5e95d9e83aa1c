package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad numeric options of {@code demo} and {@code learn} are refused before any work (issue 25:
 * {@code demo --iterations 0} was refused by the learner only after the whole ingest): exit code 2,
 * one line naming the option, its value and the allowed range, and nothing created in the work
 * folder (demo) or read from the feature store (learn: the store given does not even exist, so any
 * work would have failed on it first).
 */
class OptionsBeforeWorkTest {

  @TempDir Path tmp;

  /**
   * Runs the command with standard error captured, asserts the usage exit code; returns its first
   * line.
   */
  static String refusal(String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code;
    try {
      System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      code = Main.execute(args);
    } finally {
      System.setErr(old);
    }
    String err = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(Main.EXIT_USAGE, code, String.join(" ", args) + "\n" + err);
    return err.split("\n")[0];
  }

  @Test
  void demoRefusesBadOptionsBeforeTheIngest() {
    Map<List<String>, String> cases =
        Map.of(
            List.of("--iterations", "0"),
            "Value for `--iterations` was `0`, but must be >= 1 (EM iterations per layer; the"
                + " paper uses 20)",
            List.of("--threads", "0"),
            "Value for `--threads` was `0`, but must be >= 1 (threads for the CNN and the"
                + " learner)",
            List.of("--limit", "-3"),
            "Value for `--limit` was `-3`, but must be >= 0 (at most N images; 0 = all)",
            List.of("--draws", "3"),
            "Value for `--draws` was `3`, but must be >= 10 so that the spread over draws means"
                + " something");
    List<String> mismatches = new ArrayList<>();
    int i = 0;
    for (Map.Entry<List<String>, String> c : cases.entrySet()) {
      Path work = tmp.resolve("work-" + i++);
      List<String> args = new ArrayList<>(List.of("demo", "--work", work.toString()));
      args.addAll(c.getKey());
      String got = refusal(args.toArray(String[]::new));
      if (!got.equals("xgraph demo: " + c.getValue())) {
        mismatches.add(
            c.getKey() + "\n    got:  " + got + "\n    want: xgraph demo: " + c.getValue());
      }
      assertFalse(work.toFile().exists(), "demo " + c.getKey() + " started work in " + work);
    }
    assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
  }

  /** A port out of range is refused before the ingest, not after the report when --serve starts. */
  @Test
  void demoRefusesABadServePortBeforeTheIngest() {
    Path work = tmp.resolve("work-port");
    String got = refusal("demo", "--work", work.toString(), "--serve", "--bolt-port", "70000");
    assertTrue(got.startsWith("xgraph demo: Value for `--bolt-port` was `70000`"), got);
    assertFalse(work.toFile().exists());
  }

  @Test
  void learnRefusesBadOptionsBeforeOpeningTheStore() {
    Path missing = tmp.resolve("no-such-store");
    Map<List<String>, String> cases =
        Map.of(
            List.of("--iterations", "0"),
            "Value for `--iterations` was `0`, but must be >= 1 (EM iterations per layer; the"
                + " paper uses 20)",
            List.of("--threads", "0"),
            "Value for `--threads` was `0`, but must be >= 1 (worker threads)",
            List.of("--parent-candidates", "0"),
            "Value for `--parent-candidates` was `0`, but must be >= 1 (parent candidates kept)",
            List.of("--parent-top-images", "-1"),
            "Value for `--parent-top-images` was `-1`, but must be >= 0 (best images per child; 0"
                + " = all images)",
            List.of("--parent-reselect", "0"),
            "Value for `--parent-reselect` was `0`, but must be >= 1 (iterations between parent"
                + " re-selections)",
            List.of("--convergence-shift", "-0.5"),
            "Value for `--convergence-shift` was `-0.5`, but must be a finite number >= 0.0"
                + " (cells; 0 = run all iterations)",
            List.of("--nodes-rho", "0.05,2"),
            "Value for `--nodes-rho` was `[0.05, 2.0]`, but each must be within (0, 1] (nodes per"
                + " map cell, e.g. 0.05,0.1)");
    List<String> mismatches = new ArrayList<>();
    for (Map.Entry<List<String>, String> c : cases.entrySet()) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "learn",
                  "--features",
                  missing.toString(),
                  "--out",
                  tmp.resolve("g.xg").toString()));
      args.addAll(c.getKey());
      String got = refusal(args.toArray(String[]::new));
      if (!got.equals("xgraph learn: " + c.getValue())) {
        mismatches.add(
            c.getKey() + "\n    got:  " + got + "\n    want: xgraph learn: " + c.getValue());
      }
    }
    assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
  }
}
