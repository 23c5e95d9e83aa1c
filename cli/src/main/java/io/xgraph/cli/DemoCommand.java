package io.xgraph.cli;

import io.xgraph.ingest.IngestOptions;
import io.xgraph.ingest.IngestResult;
import io.xgraph.ingest.Ingestor;
import io.xgraph.ingest.KnownModel;
import io.xgraph.ingest.SharedData;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.em.ExplanatoryGraphLearner;
import io.xgraph.learner.em.LearnerParameters;
import io.xgraph.learner.io.FileCheckpoints;
import io.xgraph.learner.io.GraphCodec;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.WriteSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xgraph demo}: the whole main job on the shared birds with the embedded default: ingest,
 * learn, store, evaluate, report.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Runs the main job on the shared data with the embedded Neo4j default: ingest the CUB birds"
            + " with SqueezeNet, learn the explanatory graph on the train split, write it to an"
            + " embedded store, measure its stability against raw filters and print a report."
            + " Every step resumes from what an earlier run left in the work folder.")
public final class DemoCommand implements Callable<Integer> {

  @Option(names = "--data", description = "Shared data directory (models/, cub200-dev/)")
  String data;

  @Option(
      names = "--work",
      defaultValue = "xgraph-work",
      description =
          "Work folder for the feature store, graph file and store (default: ${DEFAULT-VALUE})")
  Path work;

  @Option(names = "--limit", defaultValue = "0", description = "At most N images (0 = all)")
  int limit;

  @Option(
      names = "--threads",
      defaultValue = "2",
      description = "Threads for the CNN and the learner (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(
      names = "--iterations",
      defaultValue = "20",
      description = "EM iterations per layer (default: ${DEFAULT-VALUE}, the paper's T)")
  int iterations;

  @Override
  public Integer call() {
    long start = System.nanoTime();
    Path dataDir = SharedData.locate(data);
    KnownModel known = KnownModel.SQUEEZENET;
    Path model = LayersCommand.resolveModel(data, known.alias());
    String name = model.getFileName().toString().replaceFirst("\\.onnx$", "");
    Path features = work.resolve(name).resolve("features");
    Path graphFile = work.resolve(name).resolve("graph.xg");
    Path storeDir = work.resolve("store");

    step("1/4 ingest: " + model.getFileName() + " over " + SharedData.cubDev(dataDir));
    long t = System.nanoTime();
    IngestResult ingest =
        Ingestor.run(
            new IngestOptions(
                model,
                known.defaultLayers(),
                SharedData.cubDev(dataDir),
                features,
                null,
                "all",
                limit,
                threads,
                null),
            new IngestCommand.BarListener());
    double ingestSeconds = seconds(t);

    step("2/4 learn the explanatory graph on the train split");
    t = System.nanoTime();
    FeatureStore store = FeatureStore.open(features);
    ExplanatoryGraph graph;
    LearnerParameters params = LearnerParameters.defaults().withIterations(iterations);
    try (LearnCommand.BarListener bar = new LearnCommand.BarListener()) {
      graph =
          new ExplanatoryGraphLearner(params, threads)
              .learn(store, bar, new FileCheckpoints(Path.of(graphFile + ".checkpoints")));
    }
    GraphCodec.write(graph, graphFile);
    double learnSeconds = seconds(t);

    step("3/4 write the graph to the embedded Neo4j store " + storeDir);
    t = System.nanoTime();
    WriteSummary written;
    try (GraphStore graphStore = GraphStores.openEmbedded(storeDir)) {
      written =
          graphStore.write(
              graph,
              StoreCommandSupport.provenance(store, model),
              StoreCommandSupport.images(store),
              io.xgraph.store.WriteListener.NONE);
    }
    double storeSeconds = seconds(t);

    step("4/4 stability of inference positions, graph vs raw filters");
    t = System.nanoTime();
    EvalCommand.Evaluation eval = EvalCommand.evaluate(store, graph, 20, 167, null);
    double evalSeconds = seconds(t);

    System.out.println();
    System.out.println("== xgraph demo report");
    System.out.printf(
        "images: %d (%d train), model %s, ingest %.0f s%n",
        ingest.images(), graph.trainingImageIds().size(), model.getFileName(), ingestSeconds);
    System.out.printf("%-18s %9s %8s %8s%n", "layer", "channels", "map", "patterns");
    for (GraphLayer l : graph.layers()) {
      System.out.printf(
          "%-18s %9d %8s %8d%n",
          l.geometry().name(),
          l.geometry().channels(),
          l.geometry().height() + "x" + l.geometry().width(),
          l.patterns().size());
    }
    System.out.printf(
        "graph: %d patterns, %d parent edges; learned in %.0f s%n",
        graph.patternCount(), graph.edgeCount(), learnSeconds);
    System.out.printf("store: %s (written in %.1f s) %s%n", storeDir, storeSeconds, written);
    System.out.print(eval.table());
    System.out.printf("evaluation %.0f s; whole demo %.0f s%n", evalSeconds, seconds(start));
    System.out.println();
    System.out.println("Explore it: ./xgraph serve --store " + storeDir);
    System.out.println("then in Neo4j Browser, for example:");
    System.out.println(
        "  MATCH (m:Model)-[:HAS_LAYER]->(l:Layer) RETURN m.name, l.name, l.channels ORDER BY"
            + " l.index");
    System.out.println(
        "  MATCH (p:Pattern {model: '"
            + graph.modelName()
            + "'})-[r:PARENT]->(q) RETURN p, r, q ORDER BY p.meanScore DESC LIMIT 25");
    return 0;
  }

  private static void step(String what) {
    System.out.println("== " + what);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  static boolean exists(Path p) {
    return Files.exists(p);
  }
}
