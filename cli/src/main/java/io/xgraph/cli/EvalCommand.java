package io.xgraph.cli;

import io.xgraph.evaluation.StabilityEvaluation;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.em.InferenceSearch;
import io.xgraph.learner.em.LearnerParameters;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xgraph eval}: stability of inference positions, graph vs raw filters, train vs test. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description =
        "Infers a learned graph on every image of a feature store and prints the stability of"
            + " inference positions (paper Table 1; lower is better) of the graph's patterns and of"
            + " the raw-filter baseline, on the training and the held-out test images, in the"
            + " paper's and the release's form.")
public final class EvalCommand implements Callable<Integer> {

  @Mixin FeaturesAndGraphOptions input = new FeaturesAndGraphOptions();

  @Option(
      names = "--top-images",
      defaultValue = "20",
      description = "Images per detector (default: 20)")
  int topImages;

  @Option(
      names = "--detectors-per-layer",
      defaultValue = "167",
      description = "Detectors kept per layer by mean top score (default: 167, the release)")
  int perLayer;

  @Option(
      names = "--inference-score",
      description =
          "Override the graph's inference rule: LINEAR (release) or SQUARED (paper); default: the"
              + " rule the graph was learned with")
  io.xgraph.learner.em.InferenceScore rule;

  @Option(
      names = "--chart",
      paramLabel = "FILE.png",
      description = "Also draw stability per layer (graph, raw filters, graph at mu) as a PNG")
  Path chart;

  @Option(
      names = "--inference-search",
      description =
          "Override the graph's inference search: WINDOW (release: candidates within r of the"
              + " prior centre) or MAP (paper: every unit, scored F * P); default: the graph's own")
  InferenceSearch search;

  @Option(
      names = "--search-range-fraction",
      description = "Override the WINDOW half-range fraction of the map side (release: 0.15)")
  Double searchRangeFraction;

  @Option(
      names = "--search-range-sigmas",
      description = "Override the WINDOW half-range in sigmas (release: 3)")
  Double searchRangeSigmas;

  @Option(
      names = "--inference-position",
      description =
          "Override the graph's inferred position: ARGMAX (paper and release: the best candidate)"
              + " or POSTERIOR_MEAN (the score-weighted mean of the candidates); default: the"
              + " graph's own")
  io.xgraph.learner.em.InferencePosition position;

  @Option(
      names = "--sigma-floor-divisor",
      description =
          "Override the sigma clamp at inference: sigma_V >= sigma_max / this (release: 10)")
  Double sigmaFloorDivisor;

  @Option(
      names = "--diagnose",
      description =
          "Also print, per layer on the test images, whether positions follow the parts (node,"
              + " raw-filter and head movement, nodes on their filter's peak, parents' shift)")
  boolean diagnose;

  @Override
  public Integer call() {
    FeatureStore store = input.openFeatures();
    ExplanatoryGraph graph = input.readGraph();
    UnaryOperator<LearnerParameters> adjust =
        p -> {
          LearnerParameters q = rule == null ? p : p.withInferenceScore(rule);
          q = search == null ? q : q.withInferenceSearch(search);
          q = position == null ? q : q.withInferencePosition(position);
          q = searchRangeFraction == null ? q : q.withSearchRangeFraction(searchRangeFraction);
          q = sigmaFloorDivisor == null ? q : q.withSigmaFloorDivisor(sigmaFloorDivisor);
          return searchRangeSigmas == null ? q : q.withSearchRangeSigmas(searchRangeSigmas);
        };
    StabilityEvaluation.Evaluation e =
        evaluate(store, graph, topImages, perLayer, adjust, diagnose);
    System.out.print(e.table());
    if (chart != null) {
      Pictures.writePng(
          StabilityChart.draw(
              e, graph.modelName() + ", " + e.graphTest().detectorsUsed() + " detectors per split"),
          chart);
      System.out.println("chart written to " + chart);
    }
    return 0;
  }

  /** {@link StabilityEvaluation#evaluate} with a progress bar and an optional inference score. */
  static StabilityEvaluation.Evaluation evaluate(
      FeatureStore store,
      ExplanatoryGraph graph,
      int topImages,
      int perLayer,
      io.xgraph.learner.em.InferenceScore rule) {
    return evaluate(
        store,
        graph,
        topImages,
        perLayer,
        p -> rule == null ? p : p.withInferenceScore(rule),
        false);
  }

  /** As above, with the graph's parameters adjusted for inference and optional diagnostics. */
  static StabilityEvaluation.Evaluation evaluate(
      FeatureStore store,
      ExplanatoryGraph graph,
      int topImages,
      int perLayer,
      UnaryOperator<LearnerParameters> adjust,
      boolean diagnose) {
    try (me.tongfei.progressbar.ProgressBar bar = Bars.open("stability", store.images().size())) {
      return StabilityEvaluation.evaluate(
          store, graph, topImages, perLayer, adjust, diagnose, bar::stepTo);
    }
  }
}
