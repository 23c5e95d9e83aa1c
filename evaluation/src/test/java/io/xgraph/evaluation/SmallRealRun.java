package io.xgraph.evaluation;

import io.xgraph.ingest.IngestListener;
import io.xgraph.ingest.IngestOptions;
import io.xgraph.ingest.Ingestor;
import io.xgraph.ingest.SharedData;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.em.ExplanatoryGraphLearner;
import io.xgraph.learner.em.LayerCheckpoints;
import io.xgraph.learner.em.LearnListener;
import io.xgraph.learner.em.LearnerParameters;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The reduced real run this module's tests evaluate, made through the library APIs (no CLI): the
 * first {@value #BIRDS} CUB birds of the shared data through SqueezeNet's top layer into a feature
 * store (real ONNX Runtime, real images), and a graph learned on their training split in one EM
 * iteration. Built once per test JVM, so every test class reads the same run.
 */
final class SmallRealRun {

  /** Birds ingested: the first twelve of CUB hold both splits (seven train, five test). */
  static final int BIRDS = 12;

  /** SqueezeNet's top layer: 13 x 13 cells, one layer keeps learning to seconds. */
  static final String LAYER = "fire9/concat_1";

  private static SmallRealRun shared;

  private final IngestOptions options;
  private FeatureStore mirrored;

  /** Where the store was ingested from: the shared CUB subset. */
  final Path dataset;

  final FeatureStore features;
  final ExplanatoryGraph graph;

  private SmallRealRun(
      IngestOptions options, Path dataset, FeatureStore features, ExplanatoryGraph graph) {
    this.options = options;
    this.dataset = dataset;
    this.features = features;
    this.graph = graph;
  }

  /** The run, ingested and learned on first use; its folder goes when the JVM exits. */
  static synchronized SmallRealRun shared() {
    if (shared == null) {
      shared = build(temporaryFolder());
    }
    return shared;
  }

  private static SmallRealRun build(Path dir) {
    Path data = SharedData.locate(null);
    Path birds = SharedData.cubDev(data);
    Path storeDir = dir.resolve("features");
    IngestOptions options =
        new IngestOptions(
            SharedData.model(data, "squeezenet"),
            List.of(LAYER),
            birds,
            storeDir,
            null,
            "all",
            BIRDS,
            2,
            null);
    Ingestor.run(options, IngestListener.SILENT);
    FeatureStore store = FeatureStore.open(storeDir);
    ExplanatoryGraph graph =
        new ExplanatoryGraphLearner(LearnerParameters.defaults().withIterations(1), 2)
            .learn(store, LearnListener.silent(), LayerCheckpoints.none());
    return new SmallRealRun(options, birds, store, graph);
  }

  /**
   * The same birds' horizontally flipped crops ({@code ingest --mirrored}), ingested on first use
   * beside the unflipped store.
   */
  synchronized FeatureStore mirrored() {
    if (mirrored == null) {
      Path dir = options.out().resolveSibling("features-mirrored");
      Ingestor.run(options.mirroredInto(dir), IngestListener.SILENT);
      mirrored = FeatureStore.open(dir);
    }
    return mirrored;
  }

  private static Path temporaryFolder() {
    try {
      Path dir = Files.createTempDirectory("xgraph-evaluation-test");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deepest first, so every folder is empty when its turn comes. */
  private static void deleteTree(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover temporary folder is harmless; the JVM is exiting
    }
  }
}
