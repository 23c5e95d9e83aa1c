package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.em.ExplanatoryGraphLearner;
import io.xgraph.learner.em.LearnListener;
import io.xgraph.learner.io.FileCheckpoints;
import io.xgraph.learner.io.GraphCodec;
import io.xgraph.learner.testing.SmallDisk;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The learner's and the pictures' write points on a real full disk ({@link SmallDisk}, a tmpfs;
 * skipped where it cannot be mounted): a checkpoint, the graph file and a PNG are written
 * completely or not at all; the command stops with one line naming the file, the disk and the space
 * needed; what was there before stays readable; with the room back the same command resumes (learn
 * reuses the checkpoint written before the disk filled).
 */
class DiskFullWritesTest {

  @TempDir static Path dir;

  static Path features;
  static Path graphFile;

  @BeforeAll
  static void ingestAndLearn() {
    features = dir.resolve("features");
    graphFile = dir.resolve("graph.xg");
    ReducedRun.ingest(features, 20, "fire8/concat_1,fire9/concat_1");
    ReducedRun.learn(features, 2, graphFile);
  }

  /** Exit code, standard output and standard error of one in-process run. */
  private record Run(int code, String out, String err) {}

  private static Run run(List<String> args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = Main.execute(args.toArray(String[]::new));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static List<String> learnArgs(Path out, Path checkpoints) {
    return List.of(
        "learn",
        "--features",
        features.toString(),
        "--out",
        out.toString(),
        "--checkpoints",
        checkpoints.toString(),
        "--iterations",
        "2",
        "--threads",
        "2");
  }

  private static String fullDisk(SmallDisk disk, Path file, Path folder) {
    return "Not enough disk space for `"
        + file
        + "`: the disk holding `"
        + folder
        + "` ("
        + disk.path()
        + " (tmpfs)) has 0 bytes free, ";
  }

  @Test
  void checkpointAndGraphFileOnAFullDiskStopTheRunAndTheSameCommandResumes() throws Exception {
    try (SmallDisk disk = SmallDisk.mount(dir.resolve("learn-disk"), "32m")) {
      Path graph = disk.path().resolve("graph.xg");
      Path cp = disk.path().resolve("cp");
      // The learner as `xgraph learn` runs it; another process fills the disk once the first
      // (top) layer is learned and checkpointed.
      LearnCommand command =
          CommandLine.populateCommand(
              new LearnCommand(), learnArgs(graph, cp).subList(1, 11).toArray(String[]::new));
      LearnListener filler =
          new LearnListener() {
            int started;

            @Override
            public void layerStarted(
                int layer, String name, int nodes, int iterations, boolean resumed) {
              if (++started == 2) {
                try {
                  disk.fill();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            }
          };
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  new ExplanatoryGraphLearner(command.params.build(), 2)
                      .learn(FeatureStore.open(features), filler, new FileCheckpoints(cp)));
      Path layer0 = cp.resolve("layer-0.xgl");
      assertTrue(e.getMessage().startsWith(fullDisk(disk, layer0, cp)), e.getMessage());
      assertTrue(e.getMessage().contains(" needed; free at least "), e.getMessage());
      Path layer1 = cp.resolve("layer-1.xgl");
      GraphCodec.readLayer(layer1); // the checkpoint written before stays readable
      try (var files = Files.list(cp)) {
        assertEquals(List.of(layer1), files.toList(), "no partial checkpoint, no temp file");
      }
      FileTime written = Files.getLastModifiedTime(layer1);
      byte[] checkpoint = Files.readAllBytes(layer1);

      // Room again: the same command resumes from the top layer's checkpoint (not rewritten).
      disk.unfill();
      Run resumed = run(learnArgs(graph, cp));
      assertEquals(0, resumed.code(), resumed.err());
      assertArrayEquals(checkpoint, Files.readAllBytes(layer1));
      assertEquals(written, Files.getLastModifiedTime(layer1));
      byte[] before = Files.readAllBytes(graph);

      // The graph file on a full disk: every layer comes from its checkpoint, the write of the
      // graph is refused in one line, and the graph written before stays.
      disk.fill();
      Run refused = run(learnArgs(graph, cp));
      assertEquals(Main.EXIT_FAILURE, refused.code(), refused.out());
      assertTrue(
          refused.err().startsWith("xgraph learn: " + fullDisk(disk, graph, disk.path())),
          refused.err());
      assertTrue(
          refused
              .err()
              .endsWith(
                  " there (or write to another disk) and run the same command again\n"
                      + "(run again with --verbose for the stack trace)\n"),
          refused.err());
      assertArrayEquals(before, Files.readAllBytes(graph));
      assertFalse(Files.exists(disk.path().resolve("graph.xg.tmp")));
      GraphCodec.read(graph);
      disk.unfill();
      assertEquals(0, run(learnArgs(graph, cp)).code());
      assertEquals(
          GraphCodec.read(graphFile).patternCount(), GraphCodec.read(graph).patternCount());
    }
  }

  /**
   * A graph file cut short (by an older xgraph on a full disk, or a copy) is named with the fix.
   */
  @Test
  void aTruncatedGraphFileIsNamedByCheckAndByLearnersReaders() throws Exception {
    byte[] whole = Files.readAllBytes(graphFile);
    Path cut = dir.resolve("cut.xg");
    Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
    Run check = run(List.of("check", "--graph", cut.toString()));
    assertEquals(Main.EXIT_FAILURE, check.code(), check.out());
    assertTrue(
        check
            .out()
            .startsWith(
                "graph file " + cut + ": 1 problem(s)\n  - Cannot read graph file " + cut + ": "),
        check.out());
    assertTrue(
        check
            .out()
            .endsWith(
                " (the file is truncated or damaged); learn the graph again (xgraph learn"
                    + " --out)\n"),
        check.out());
    Path layer = dir.resolve("layer-1.xgl");
    GraphCodec.writeLayer(GraphCodec.read(graphFile).layers().get(1), "run", layer);
    byte[] layerBytes = Files.readAllBytes(layer);
    Files.write(layer, java.util.Arrays.copyOf(layerBytes, layerBytes.length - 10));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> GraphCodec.readLayer(layer));
    assertTrue(e.getMessage().startsWith("Cannot read layer file " + layer + ": "));
    assertTrue(
        e.getMessage()
            .endsWith(
                " (the file is truncated or damaged); delete it and run the same learn command"
                    + " again: it learns that layer again"),
        e.getMessage());
  }

  @Test
  void aPictureOnAFullDiskIsNotWrittenAndTheOneBeforeStays() throws Exception {
    try (SmallDisk disk = SmallDisk.mount(dir.resolve("png-disk"), "16m")) {
      Path png = disk.path().resolve("sheets/overview.png");
      List<String> patches =
          List.of(
              "patches",
              "--features",
              features.toString(),
              "--graph",
              graphFile.toString(),
              "--data",
              PartEvalCommandTest.data(),
              "--layer",
              "1",
              "--overview",
              "--patterns",
              "3",
              "--out",
              png.toString());
      assertEquals(0, run(patches).code());
      byte[] before = Files.readAllBytes(png);

      disk.fill();
      List<String> bigger = new java.util.ArrayList<>(patches);
      bigger.set(bigger.indexOf("3"), "6");
      Run refused = run(bigger);
      assertEquals(Main.EXIT_FAILURE, refused.code(), refused.out());
      assertTrue(
          refused.err().startsWith("xgraph patches: " + fullDisk(disk, png, png.getParent())),
          refused.err());
      assertArrayEquals(before, Files.readAllBytes(png), "the picture before stays whole");
      try (var files = Files.list(png.getParent())) {
        assertEquals(List.of(png), files.toList(), "no partial picture, no temp file");
      }

      disk.unfill();
      assertEquals(0, run(bigger).code());
      assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(png)), "the new picture");
    }
  }
}
