package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xgraph.learner.io.GraphCodec;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.Provenance;
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

  /** A reduced run written to an embedded store: its feature store, graph file and store. */
  record Stored(Path features, Path graph, Path store) {}

  /**
   * The first 40 birds through SqueezeNet's fire7 and fire9, a 3-iteration graph, written to a new
   * embedded store, all under {@code dir}.
   */
  static Stored inAStore(Path dir) {
    Stored run = new Stored(dir.resolve("features"), dir.resolve("graph.xg"), dir.resolve("store"));
    ingest(run.features(), 40, "fire7/concat_1,fire9/concat_1");
    learn(run.features(), 3, run.graph());
    try (GraphStore s = GraphStores.openEmbedded(run.store())) {
      s.write(GraphCodec.read(run.graph()), Provenance.of("cub200"));
    }
    return run;
  }
}
