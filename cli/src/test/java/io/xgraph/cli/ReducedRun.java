package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

/**
 * The reduced real runs the command tests start from, made by the xgraph commands themselves: the
 * first CUB birds of the shared data through SqueezeNet layers into a feature store, and a graph
 * learned from it on two threads.
 */
final class ReducedRun {

  private ReducedRun() {}

  /** {@code xgraph ingest} of the first {@code limit} birds at {@code layers} (comma-separated). */
  static void ingest(Path features, int limit, String layers) {
    assertEquals(
        0,
        Main.execute(
            "ingest",
            "--data",
            PartEvalCommandTest.data(),
            "--limit",
            Integer.toString(limit),
            "--layers",
            layers,
            "--out",
            features.toString()));
  }

  /** {@code xgraph learn} with {@code iterations} EM iterations on two threads. */
  static void learn(Path features, int iterations, Path graphFile) {
    assertEquals(
        0,
        Main.execute(
            "learn",
            "--features",
            features.toString(),
            "--iterations",
            Integer.toString(iterations),
            "--threads",
            "2",
            "--out",
            graphFile.toString()));
  }
}
