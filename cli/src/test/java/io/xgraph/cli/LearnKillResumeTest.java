package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.io.GraphCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xgraph learn} killed with {@code kill -9} (a child JVM) after its first finished layer:
 * the rerun of the same command resumes from that layer's checkpoint (the file is reused, not
 * rewritten) and writes the same graph as an uninterrupted run; {@code xgraph check} finds the
 * graph sound.
 */
class LearnKillResumeTest {

  private static final List<String> LAYERS =
      List.of("fire7/concat_1", "fire8/concat_1", "fire9/concat_1");

  @TempDir Path tmp;

  private List<String> learnArgs(Path features, Path out, Path checkpoints) {
    return List.of(
        "learn",
        "--features",
        features.toString(),
        "--out",
        out.toString(),
        "--checkpoints",
        checkpoints.toString(),
        "--iterations",
        "3",
        "--threads",
        "2");
  }

  @Test
  void aKilledLearnResumesFromItsLastLayerAndGivesTheSameGraph() throws Exception {
    Path features = tmp.resolve("features");
    assertEquals(
        0,
        Main.execute(
            "ingest",
            "--data",
            System.getProperty("xgraph.data"),
            "--layers",
            String.join(",", LAYERS),
            "--split",
            "train",
            "--limit",
            "10",
            "--out",
            features.toString()));
    Path reference = tmp.resolve("reference.xg");
    assertEquals(
        0,
        Main.execute(learnArgs(features, reference, tmp.resolve("ref-cp")).toArray(String[]::new)));

    Path graph = tmp.resolve("graph.xg");
    Path checkpoints = tmp.resolve("cp");
    Path top = checkpoints.resolve("layer-2.xgl");
    Process child =
        ChildXgraph.start(learnArgs(features, graph, checkpoints), tmp.resolve("child.log"));
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!Files.exists(top) && child.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(
          Files.exists(top),
          "the child learned the top layer before the kill: "
              + Files.readString(tmp.resolve("child.log")));
    } finally {
      child.destroyForcibly(); // SIGKILL
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    assertFalse(Files.exists(graph), "killed before the end: no graph file");
    assertFalse(Files.exists(checkpoints.resolve("layer-0.xgl")), "lowest layer not reached");
    byte[] topBytes = Files.readAllBytes(top);
    FileTime topTime = Files.getLastModifiedTime(top);

    assertEquals(0, Main.execute(learnArgs(features, graph, checkpoints).toArray(String[]::new)));
    assertArrayEquals(topBytes, Files.readAllBytes(top));
    assertEquals(
        topTime, Files.getLastModifiedTime(top), "the top layer was resumed, not relearned");
    assertEquals(GraphCodec.read(reference), GraphCodec.read(graph));
    assertEquals(
        0, Main.execute("check", "--graph", graph.toString(), "--features", features.toString()));
  }
}
