package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.testing.SmallDisk;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.Provenance;
import io.xgraph.store.WriteListener;
import io.xgraph.store.bench.SyntheticGraphs;
import io.xgraph.store.bench.SyntheticGraphs.LayerSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `store info` and `check` say about stores they cannot or should not open: a missing folder
 * (never created), a file, a read-only store (one line, not "in use by another process" after stack
 * traces), and a store left by a first write that failed on a full disk (named with what was left,
 * then repaired by the next open).
 */
class StoreOpeningTest {

  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = Main.execute(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static final String VERBOSE = "(run again with --verbose for the stack trace)\n";

  @Test
  void storeInfoOnAMissingFolderNamesItAndCreatesNothing() {
    Path missing = tmp.resolve("typo-store");
    String message =
        "No store in `"
            + missing
            + "` (no such folder): give the --store of an existing store (`xgraph demo` writes"
            + " one to xgraph-work/store), or --uri for a Neo4j server\n";
    for (String[] args :
        List.of(
            new String[] {"store", "info", "--store", missing.toString()},
            new String[] {"store", "list", "--store", missing.toString()},
            new String[] {"check", "--store", missing.toString()})) {
      Run r = run(args);
      assertEquals(Main.EXIT_USAGE, r.code(), r.err());
      String command = args[0].equals("check") ? "xgraph check" : "xgraph store " + args[1];
      assertEquals(command + ": " + message + VERBOSE, r.err());
    }
    assertFalse(Files.exists(missing), "no empty store was created");
  }

  @Test
  void aStorePathThatIsAFileIsNamedInOneLine() throws IOException {
    Path file = Files.writeString(tmp.resolve("store.txt"), "notes");
    Run r = run("store", "info", "--store", file.toString());
    assertEquals(Main.EXIT_USAGE, r.code());
    assertEquals(
        "xgraph store info: Store path `"
            + file
            + "` is a file, not a store folder: give --store the folder of a store (or a new"
            + " folder to create one)\n"
            + VERBOSE,
        r.err());
  }

  @Test
  void aReadOnlyStoreIsNamedInOneLineWithTheFix() throws Exception {
    try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), "100m")) {
      Path store = disk.path().resolve("store");
      try (GraphStore s = GraphStores.openEmbedded(store)) {
        s.write(SyntheticGraphs.tiny("m", 1), Provenance.of("test"));
      }
      disk.remountReadOnly();
      for (String[] args :
          List.of(
              new String[] {"store", "info", "--store", store.toString()},
              new String[] {"check", "--store", store.toString()})) {
        Run r = run(args);
        assertEquals(Main.EXIT_FAILURE, r.code(), r.err());
        String command = args[0].equals("check") ? "xgraph check" : "xgraph store info";
        assertEquals(
            command
                + ": Store folder `"
                + store
                + "` is read-only, and Neo4j writes to its store even to read it (locks, logs,"
                + " recovery): make it writable (chmod -R u+w "
                + store
                + "), or copy the folder to a writable place and give the copy as --store."
                + " Nothing was changed.\n"
                + VERBOSE,
            r.err());
      }
    }
  }

  @Test
  void aStoreLeftByAFailedFirstWriteIsNamedByCheckAndRepairedByStoreInfo() throws Exception {
    try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), "200m")) {
      Path store = disk.path().resolve("store");
      ExplanatoryGraph graph =
          SyntheticGraphs.generate(
              "first",
              List.of(
                  new LayerSpec(new LayerGeometry("low", 0, 128, 27, 27, 8, 7.5, 59, 224), 40),
                  new LayerSpec(new LayerGeometry("top", 1, 256, 13, 13, 16, 15.5, 123, 224), 20)),
              15,
              5,
              150,
              7);
      // The first write into a new store; another process fills the disk half-way.
      WriteListener filler =
          (stage, done, total) -> {
            if (stage.equals("parents") && done == 50_000) {
              try {
                disk.fill();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
          };
      try (GraphStore s = GraphStores.openEmbedded(store)) {
        IllegalStateException e =
            assertThrows(
                IllegalStateException.class, () -> s.write(graph, Provenance.of("t"), filler));
        assertTrue(e.getMessage().contains("failed, the disk is full"), e.getMessage());
      }
      disk.unfill();

      Run check = run("check", "--store", store.toString());
      assertEquals(Main.EXIT_FAILURE, check.code(), check.err());
      assertTrue(check.out().startsWith("store " + store + ": "), check.out());
      assertTrue(
          check.out().contains("holds xgraph-interrupted-write.txt: a write into it failed"),
          check.out());
      assertTrue(
          check
              .out()
              .contains(
                  " StagedPattern node(s): leftovers of an interrupted write (full disk or killed"
                      + " process), invisible to readers; xgraph removes them the next time it"
                      + " opens the store (e.g. `xgraph store info`), then write the model again;"
                      + " or delete the store folder and write it again"),
          check.out());

      Run info = run("store", "info", "--store", store.toString());
      assertEquals(0, info.code(), info.err());
      assertTrue(info.out().contains("Models:         0\n"), info.out());
      assertTrue(
          info.out()
              .endsWith(
                  "Repaired:       removed the unfinished new version of model `first` left by an"
                      + " interrupted write (full disk or killed process); the model's current"
                      + " version, if any, is unchanged: write it again\n"),
          info.out());
      Run after = run("check", "--store", store.toString());
      assertEquals(0, after.code(), after.out());
      assertEquals("store " + store + ": OK\n", after.out());
    }
  }
}
