package io.xgraph.cli;

import io.xgraph.evaluation.StabilityEvaluation;
import io.xgraph.ingest.IngestOptions;
import io.xgraph.ingest.IngestResult;
import io.xgraph.ingest.Ingestor;
import io.xgraph.ingest.SharedData;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.aog.FewShotEvaluation;
import io.xgraph.learner.em.LearnerParameters;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.store.GraphStores;
import io.xgraph.store.WriteSummary;
import io.xgraph.store.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xgraph demo}: the whole main job on the shared birds with the embedded default: ingest,
 * learn, store, evaluate, report.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Runs the main job with the embedded Neo4j default: ingest a dataset (default: the shared"
            + " CUB birds; --dataset for your own folder) with a CNN (default: SqueezeNet; --model"
            + " for resnet50, mobilenet or your own ONNX file), learn the explanatory graph on the"
            + " train split, write it to an embedded store, measure its stability against raw"
            + " filters, teach the head from three annotated images and print a report; --serve"
            + " then opens Neo4j Browser on it. Every step resumes from what an earlier run left in"
            + " the work folder.")
public final class DemoCommand implements Callable<Integer> {

  @Mixin SharedDataOption sharedData = new SharedDataOption();

  @Option(
      names = "--model",
      defaultValue = "squeezenet",
      description =
          "ONNX file, or squeezenet / mobilenet / resnet50 (default: ${DEFAULT-VALUE}); a file of"
              + " your own needs --layers and --preprocess")
  String model;

  @Option(names = "--dataset", paramLabel = "DIR", description = DatasetOption.HELP)
  Path dataset;

  /** Ingest's older name of --dataset, which users try on the demo too; not shown. */
  @Option(names = "--images", paramLabel = "DIR", hidden = true, description = "--dataset")
  void images(Path dir) {
    dataset = dir;
  }

  @Option(
      names = "--preprocess",
      description =
          "Input profile: caffe-bgr, caffe-bgr-resnet or imagenet-rgb (needed for unknown"
              + " models)")
  String preprocess;

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

  @Option(
      names = "--layers",
      split = ",",
      description =
          "Layers to explain, lowest first (default per known model: SqueezeNet's fire5/7/8/9"
              + " concat outputs, ResNet-50's res3d, res4f, res5c; `xgraph layers MODEL` lists"
              + " them); fewer layers make a quicker demo")
  List<String> layers;

  @Option(
      names = "--draws",
      defaultValue = "10",
      description =
          "Draws of the three annotated images for the head's error, mean ± std over draws"
              + " (default: ${DEFAULT-VALUE}; at least 10)")
  int draws;

  @Option(
      names = "--no-mirrored",
      description =
          "Skip the flipped crops (ingest --mirrored): a quicker ingest, but the head is then"
              + " taught without the AOG's mirrored branch and localised less well")
  boolean noMirrored;

  @Mixin GraphNameOptions graphName = new GraphNameOptions();

  @Option(
      names = "--serve",
      description =
          "After the report, serve the demo store (Bolt and Neo4j Browser, as `xgraph serve`)"
              + " until Ctrl-C")
  boolean serve;

  @Option(
      names = "--bolt-port",
      defaultValue = "7687",
      description = "Bolt port of --serve (default: ${DEFAULT-VALUE})")
  int boltPort;

  @Option(
      names = "--http-port",
      defaultValue = "7474",
      description = "HTTP port of Neo4j Browser with --serve (default: ${DEFAULT-VALUE})")
  int httpPort;

  /**
   * Refuses bad option values before any work: `--iterations 0` was refused by the learner only
   * after the whole ingest, a bad port only after the report.
   */
  private LearnerParameters checkedOptions(Path storeDir) {
    graphName.check();
    OptionChecks.atLeast(
        "--iterations", iterations, 1, "EM iterations per layer; the paper uses 20");
    OptionChecks.atLeast("--threads", threads, 1, "threads for the CNN and the learner");
    OptionChecks.atLeast("--limit", limit, 0, "at most N images; 0 = all");
    if (draws < FewShotEvaluation.MIN_DRAWS) {
      throw new IllegalArgumentException(
          "Value for `--draws` was `"
              + draws
              + "`, but must be >= "
              + FewShotEvaluation.MIN_DRAWS
              + " so that the spread over draws means something");
    }
    if (serve) {
      ServerOptions.defaults(storeDir).withPorts(boltPort, httpPort); // checks the ports
    }
    return LearnerParameters.defaults().withIterations(iterations);
  }

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    LearnerParameters params = checkedOptions(work.resolve("store"));
    Path model = LayersCommand.resolveModel(sharedData.data, this.model);
    Path images = SharedData.dataset(dataset, null, sharedData.data);
    String name = model.getFileName().toString().replaceFirst("\\.onnx$", "");
    Path features = work.resolve(name).resolve("features");
    Path graphFile = graphName.graphFile(work.resolve(name));
    Path storeDir = work.resolve("store");

    step("1/5 ingest: " + model.getFileName() + " over " + images);
    long t = System.nanoTime();
    IngestOptions ingestOptions =
        new IngestOptions(model, layers, images, features, null, "all", limit, threads, preprocess);
    IngestResult ingest = Ingestor.run(ingestOptions, new IngestCommand.BarListener());
    FeatureStore store = FeatureStore.open(features);
    // The release's node densities for the model (ResNet-50: one per layer), as `learn` uses them.
    params = LearnCommand.withModelDensities(params, store);
    // A plain folder (or a CUB copy without split or parts) still gets its graph; only the
    // evaluation steps need annotations.
    String gap = DemoHeadStep.evaluationGap(store);
    Path mirroredFeatures = features.resolve(IngestCommand.MIRRORED_DIR);
    if (!noMirrored && gap == null) {
      // The flipped crops serve the part step only (part eval's setting); learning never reads
      // them.
      Ingestor.run(ingestOptions.mirroredInto(mirroredFeatures), new IngestCommand.BarListener());
    }
    double ingestSeconds = seconds(t);

    step("2/5 learn the explanatory graph on the train split");
    t = System.nanoTime();
    ExplanatoryGraph graph =
        LearnCommand.learnResuming(params, threads, graphName.select(store), graphFile);
    double learnSeconds = seconds(t);

    step("3/5 write the graph to the embedded Neo4j store " + storeDir);
    t = System.nanoTime();
    WriteSummary written;
    // A new store is bulk-imported, an existing one written transactionally.
    try (Bars.WriteBar bar = new Bars.WriteBar()) {
      written =
          GraphStores.writeEmbedded(
              storeDir,
              graphName.graphName(graph.modelName()),
              graph,
              graphName.apply(StoreCommandSupport.provenance(store, model)),
              StoreCommandSupport.images(store),
              bar);
    }
    double storeSeconds = seconds(t);

    StabilityEvaluation.Evaluation eval = null;
    DemoHeadStep.PartStep part = null;
    double evalSeconds = 0;
    double partSeconds = 0;
    if (gap != null) {
      step("4/5 and 5/5 skipped: " + gap);
    } else {
      step("4/5 stability of inference positions, graph vs raw filters");
      t = System.nanoTime();
      eval = EvalCommand.evaluate(store, graph, 20, 167, null);
      evalSeconds = seconds(t);

      step(
          "5/5 teach the head ("
              + DemoHeadStep.HEAD.name()
              + ", CUB keypoint "
              + DemoHeadStep.HEAD.keypointIds()
              + ") from "
              + DemoHeadStep.SHOTS
              + " annotated train images, "
              + draws
              + " draws");
      t = System.nanoTime();
      part =
          DemoHeadStep.teachHead(
              store,
              noMirrored ? null : FeatureStore.open(mirroredFeatures),
              graph,
              graphName.graphName(graph.modelName()),
              storeDir,
              draws);
      partSeconds = seconds(t);
    }

    System.out.println();
    System.out.println("== xgraph demo report");
    System.out.printf(
        "images: %d (%d train), model %s, ingest %.0f s%s%n",
        ingest.images(),
        graph.trainingImageIds().size(),
        model.getFileName(),
        ingestSeconds,
        noMirrored || gap != null ? "" : " (with the flipped crops)");
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
    if (gap != null) {
      System.out.println("no evaluation: " + gap);
    } else {
      System.out.print(eval.table());
      System.out.printf("evaluation %.0f s%n", evalSeconds);
      System.out.print(part.report(DemoHeadStep.HEAD.name(), noMirrored));
      System.out.printf("part step %.0f s%n", partSeconds);
    }
    System.out.printf("whole demo %.0f s%n", seconds(start));
    System.out.println();
    System.out.println("Store: " + storeDir.toAbsolutePath());
    System.out.println(
        "Explore it: ./xgraph serve --store "
            + storeDir
            + (serve ? "  (starting now: --serve)" : "  (or run the demo with --serve)"));
    System.out.println("then in Neo4j Browser (http://127.0.0.1:" + httpPort + "), for example:");
    List<String> queries =
        exampleCypher(graphName.graphName(graph.modelName()), graph.layers().size() - 1);
    // The last query shows the taught head, which a dataset without annotations does not have.
    for (String q : gap == null ? queries : queries.subList(0, queries.size() - 1)) {
      System.out.println("  " + q);
    }
    if (serve) {
      System.out.println();
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--store",
                  storeDir.toString(),
                  "--bolt-port",
                  Integer.toString(boltPort),
                  "--http-port",
                  Integer.toString(httpPort)));
      // The store's Image paths are relative to the dataset, its model file is named in it.
      args.addAll(
          List.of(
              "--dataset",
              images.toString(),
              "--model-root",
              model.toAbsolutePath().getParent().toString()));
      if (sharedData.data != null) {
        args.addAll(List.of("--data", sharedData.data));
      }
      return CommandLine.populateCommand(new ServeCommand(), args.toArray(String[]::new)).call();
    }
    return 0;
  }

  /** Cypher worth trying on the demo store. */
  static List<String> exampleCypher(String graph) {
    return exampleCypher(graph, 3);
  }

  /** As above, the channel query on layer {@code top} (the graph's top layer). */
  static List<String> exampleCypher(String graph, int top) {
    return List.of(
        "MATCH (g:ExplanatoryGraph {name: '"
            + graph
            + "'})-[:HAS_LAYER]->(l:Layer) RETURN g.name, g.model, l.name, l.channels ORDER BY"
            + " l.index",
        "MATCH (p:Pattern {graph: '"
            + graph
            + "', layer: 0})-[r:PARENT]->(q:Pattern) RETURN p, r, q ORDER BY p.meanScore DESC"
            + " LIMIT 25",
        "MATCH (p:Pattern {graph: '" + graph + "', layer: " + top + ", channel: 7}) RETURN p",
        "CALL xg.pattern.near('" + graph + "', 112, 60, {radius: 16})",
        "MATCH (:ExplanatoryGraph {name: '"
            + graph
            + "'})-[:HAS_PART]->(p:Part {name: '"
            + DemoHeadStep.HEAD.name()
            + "'})-[:HAS_TEMPLATE]->(t:PartTemplate)-[u:USES]->(q:Pattern) RETURN p, t, u, q");
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
