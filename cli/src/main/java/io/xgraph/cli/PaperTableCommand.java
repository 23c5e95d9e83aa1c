package io.xgraph.cli;

import io.xgraph.evaluation.StabilityEvaluation;
import io.xgraph.ingest.IngestOptions;
import io.xgraph.ingest.Ingestor;
import io.xgraph.ingest.KnownModel;
import io.xgraph.ingest.SharedData;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.em.LearnerParameters;
import io.xgraph.learner.eval.Stability;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The paper's Table 1 on the shared CNNs: for each model the stability of its graph, its raw
 * filters and the two controls on the held-out test birds, next to the paper's VGG-16 and ResNet-50
 * rows. Every step resumes from the demo's work folder, so after `xgraph demo --model X` the row of
 * X costs only its evaluation.
 */
@Command(
    name = "table1",
    mixinStandardHelpOptions = true,
    description =
        "Reproduces the paper's Table 1 (stability of inference positions on held-out CUB"
            + " birds) for SqueezeNet 1.1, MobileNetV2 and ResNet-50: graph, raw filters, graph"
            + " pinned at its prior mu and shuffled positions, next to the paper's VGG-16 and"
            + " ResNet-50. Ingests and learns what the work folder does not hold yet (the demo's"
            + " layout: a demo run first makes its row quick).")
public final class PaperTableCommand implements Callable<Integer> {

  /** The paper's published Table 1 rows on CUB-200-2011: graph, raw filter, their ratio. */
  static final String PAPER_ROWS =
      String.format(
          "%-22s %8s %8s %6s%n%-22s %8.4f %8.4f %6.2f%n%-22s %8.4f %8.4f %6.2f%n",
          "paper (Table 1, CUB)",
          "graph",
          "raw",
          "ratio",
          "  VGG-16",
          0.0638,
          0.1398,
          0.0638 / 0.1398,
          "  ResNet-50",
          0.0848,
          0.1328,
          0.0848 / 0.1328);

  @Mixin SharedDataOption sharedData = new SharedDataOption();

  @Option(
      names = "--models",
      split = ",",
      defaultValue = "squeezenet,mobilenet,resnet50",
      description = "Known models to measure, in this order (default: ${DEFAULT-VALUE})")
  List<String> models;

  @Option(names = "--dataset", paramLabel = "DIR", description = DatasetOption.HELP)
  Path dataset;

  @Option(
      names = "--work",
      defaultValue = "xgraph-work",
      description =
          "Work folder, shared with `xgraph demo` (<work>/<model>/features, graph.xg)"
              + " (default: ${DEFAULT-VALUE})")
  Path work;

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

  /** One model's measured row. */
  record Row(
      String model, List<String> layers, int patterns, StabilityEvaluation.Evaluation eval) {}

  @Override
  public Integer call() throws Exception {
    OptionChecks.atLeast("--threads", threads, 1, "threads for the CNN and the learner");
    OptionChecks.atLeast(
        "--iterations", iterations, 1, "EM iterations per layer; the paper uses 20");
    List<Path> files = new ArrayList<>();
    List<String> known =
        java.util.Arrays.stream(KnownModel.values()).map(KnownModel::alias).toList();
    for (String m : models) {
      if (!known.contains(m)) {
        throw new IllegalArgumentException(
            "Value for `--models` was `"
                + m
                + "`, but table1 measures the known models "
                + known
                + ", whose default layers, preprocessing and node densities are known; for your"
                + " own ONNX file run"
                + " `xgraph demo --model FILE --layers ... --preprocess ...`");
      }
      files.add(LayersCommand.resolveModel(sharedData.data, m)); // refuses unknown names first
    }
    Path images = SharedData.dataset(dataset, null, sharedData.data);
    List<Row> rows = new ArrayList<>();
    for (Path model : files) {
      rows.add(measure(model, images));
    }
    System.out.println();
    System.out.print(table(rows));
    return 0;
  }

  private Row measure(Path model, Path images) throws Exception {
    String name = model.getFileName().toString().replaceFirst("\\.onnx$", "");
    Path features = work.resolve(name).resolve("features");
    Path graphFile = work.resolve(name).resolve("graph.xg");
    System.err.println("== " + name + ": ingest (resumes)");
    Ingestor.run(
        new IngestOptions(model, null, images, features, null, "all", 0, threads, null),
        new IngestCommand.BarListener());
    FeatureStore store = FeatureStore.open(features);
    String gap = DemoHeadStep.evaluationGap(store);
    if (gap != null) {
      throw new IllegalArgumentException(
          "Dataset " + images + " cannot give Table 1: " + gap + " (it needs a train/test split)");
    }
    List<String> layers = LearnCommand.layerNames(store);
    LearnerParameters params =
        LearnCommand.withModelDensities(
            LearnerParameters.defaults().withIterations(iterations), store);
    System.err.println("== " + name + ": learn (resumes from the demo's checkpoints)");
    ExplanatoryGraph graph = LearnCommand.learnResuming(params, threads, store, graphFile);
    System.err.println("== " + name + ": stability with its controls");
    StabilityEvaluation.Evaluation eval = EvalCommand.evaluate(store, graph, 20, 167, null);
    return new Row(name, layers, graph.patternCount(), eval);
  }

  /** The table: measured rows in the release's form, then the paper's form, then per layer. */
  static String table(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "Table 1: stability of inference positions on held-out test birds (lower is better;"
            + " ratio = graph / raw filters)\n");
    sb.append(PAPER_ROWS);
    for (String form : List.of("release", "paper")) {
      sb.append(
          String.format(
              "%-22s %8s %8s %6s %8s %8s   (%s form, %s)%n",
              "measured",
              "graph",
              "raw",
              "ratio",
              "at mu",
              "shuffled",
              form,
              form.equals("release") ? "computeStability.m" : "the paper's formula"));
      for (Row r : rows) {
        StabilityEvaluation.Evaluation e = r.eval();
        double g = value(e.graphTest(), form);
        double raw = value(e.rawTest(), form);
        sb.append(
            String.format(
                "  %-20s %8.4f %8.4f %6.2f %8.4f %8.4f%n",
                r.model(),
                g,
                raw,
                g / raw,
                value(e.fixedTest(), form),
                value(e.shuffledTest(), form)));
      }
    }
    sb.append("per layer (release form), test: graph / raw / at mu / shuffled\n");
    for (Row r : rows) {
      StabilityEvaluation.Evaluation e = r.eval();
      sb.append(
          String.format(
              "  %s: %d patterns, %d detectors per split%n",
              r.model(), r.patterns(), e.graphTest().detectorsUsed()));
      for (int l = 0; l < r.layers().size(); l++) {
        sb.append(
            String.format(
                "    %-16s %.4f / %.4f / %.4f / %.4f%n",
                r.layers().get(l),
                e.graphTest().releasePerLayer()[l],
                e.rawTest().releasePerLayer()[l],
                e.fixedTest().releasePerLayer()[l],
                e.shuffledTest().releasePerLayer()[l]));
      }
    }
    return sb.toString();
  }

  private static double value(Stability.Result r, String form) {
    return form.equals("release") ? r.release() : r.paper();
  }
}
