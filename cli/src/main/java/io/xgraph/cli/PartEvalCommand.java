package io.xgraph.cli;

import io.xgraph.evaluation.PartEvaluation;
import io.xgraph.evaluation.PartEvaluationResult;
import io.xgraph.evaluation.RenormalizedFeatures;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.aog.EvaluationInput;
import io.xgraph.learner.aog.EvaluationReport;
import io.xgraph.learner.aog.FewShotEvaluation;
import io.xgraph.learner.aog.bridge.Facing;
import io.xgraph.learner.aog.bridge.PartDefinition;
import io.xgraph.learner.aog.bridge.ResponseSet;
import io.xgraph.learner.data.FeatureSource;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.em.LearnerParameters;
import io.xgraph.learner.io.AtomicFiles;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xgraph part eval}: the paper's few-shot transfer protocol (Experiment 3) on a feature
 * store and its learned graph: per part, the AOG on the graph's patterns against the AOG on raw
 * filters, the nearest annotated image by pooled descriptor and the mean annotation, on the same
 * draws; then error vs number of shots, the selection-rule ablation, and optionally a parameter
 * sweep on a split of the train images (never the test split).
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description =
        "Runs the few-shot part-localisation protocol (paper Experiment 3) on the images of a"
            + " feature store with the graph learned from it: shots drawn from the train split,"
            + " every test image with the part localised, normalized distance = pixel distance /"
            + " crop diagonal; mean and std over draws for the AOG on graph patterns and the"
            + " baselines (AOG on raw filters, nearest descriptor, mean position).")
public final class PartEvalCommand implements Callable<Integer> {

  @Mixin FeaturesAndGraphOptions input = new FeaturesAndGraphOptions();

  @Option(
      names = "--parts",
      split = ",",
      defaultValue = "head-forehead,head-centroid,back,tail",
      description =
          "Parts: presets head-forehead (CUB 6), head-centroid (mean of visible 2,5,6,7,10,11),"
              + " back (1), tail (14), or name=id:id:... (default: all four presets)")
  List<String> parts;

  @Option(names = "--shots", defaultValue = "3", description = "Annotated images (default: 3)")
  int shots;

  @Option(names = "--draws", defaultValue = "20", description = "Draws of the shots (default: 20)")
  int draws;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the draws (default: 1)")
  long seed;

  @Option(
      names = "--shot-curve",
      split = ",",
      defaultValue = "1,3,5",
      description = "Shot counts of the error-vs-shots curve on the first part (default: 1,3,5)")
  List<Integer> shotCurve;

  @Option(names = "--no-shot-curve", description = "Skip the error-vs-shots curve")
  boolean noShotCurve;

  @Option(
      names = "--no-ablation",
      description = "Skip the selection-rule ablation (run on the first part)")
  boolean noAblation;

  @Option(
      names = "--graph-only",
      description =
          "Evaluate only the AOG on the graph and the mean position: the raw-filter and"
              + " nearest-shot baselines do not depend on the graph, so an ablation over graphs"
              + " runs them once (skips the raw-filter selection counts too)")
  boolean graphOnly;

  @Option(
      names = "--ablation-with-raw",
      description = "Also run the ablation on the raw-filter AOG (doubles its run time)")
  boolean ablationWithRaw;

  @Option(
      names = "--sweep",
      description =
          "Also sweep tau and kappa on a half/half split of the TRAIN images (for choosing"
              + " defaults without the test split)")
  boolean sweep;

  @Option(
      names = "--raw-layers",
      split = ",",
      description = "Layer indices of the raw-filter baseline (default: all layers)")
  List<Integer> rawLayers;

  @Option(
      names = "--descriptor-layers",
      split = ",",
      description = "Layer indices pooled into the descriptor (default: the top layer)")
  List<Integer> descriptorLayers;

  @Option(
      names = "--tau",
      description = "Agreement radius tau, pixels (default: AogParameters.defaults())")
  Double tau;

  @Option(
      names = "--kappa",
      description = "Closeness scale kappa, pixels (default: AogParameters.defaults())")
  Double kappa;

  @Option(
      names = "--facing",
      defaultValue = "all",
      description =
          "all, left or right: keep only the birds facing that way (an oracle from the keypoints,"
              + " standing in for flipped responses; default: all)")
  String facing;

  @Option(names = "--out", description = "Directory for part-eval.md and part-eval.csv")
  Path out;

  @Option(
      names = "--mirrored-features",
      description =
          "Feature store of the flipped crops (xgraph ingest --mirrored); default:"
              + " <features>/mirrored when it exists")
  Path mirroredFeatures;

  @Option(
      names = "--no-mirrored",
      description = "Ignore the flipped crops even when the mirrored store exists")
  boolean noMirrored;

  @Option(
      names = "--inference-search",
      description =
          "Override the graph's inference search: WINDOW (release) or MAP (paper); default: the"
              + " graph's own")
  io.xgraph.learner.em.InferenceSearch search;

  @Option(
      names = "--inference-position",
      description =
          "Override the graph's inferred position: ARGMAX (paper and release) or POSTERIOR_MEAN;"
              + " default: the graph's own")
  io.xgraph.learner.em.InferencePosition position;

  @Option(
      names = "--mirrored-sigma",
      defaultValue = "store",
      description =
          "Negative sigma that normalises the flipped crops: store (the mirrored store's own,"
              + " from flipped negatives; default) or graph (the unflipped store's = the graph's,"
              + " as the xg.part.* procedures normalise the mirror)")
  String mirroredSigma;

  @Option(
      names = "--through-store",
      paramLabel = "DIR",
      description =
          "Also run the same draws through the xg.part.learn / xg.part.localize procedures of"
              + " the embedded Neo4j store DIR (the graph is written there unless the store holds"
              + " it; every image's inference and its mirror's are stored once), and print"
              + " their figures next to part eval's; skips the baselines, shot curve, ablation"
              + " and sweep (see docs/parts-in-neo4j.md, Accuracy)")
  Path throughStore;

  @Option(
      names = "--data",
      description =
          "Shared data directory (images and ONNX model for --through-store; default:"
              + " ../shared/data or XGRAPH_DATA)")
  String data;

  @Option(
      names = "--dataset",
      paramLabel = "DIR",
      description =
          "Dataset folder the feature store was ingested from, for --through-store (default: the"
              + " folder the store recorded, else <data>/cub200-dev)")
  Path dataset;

  @Override
  public Integer call() {
    FeatureStore store = input.openFeatures();
    ExplanatoryGraph graph = input.readGraph();
    List<PartDefinition> defs =
        parts.stream().map(s -> PartDefinition.parse(s.replace(':', ','))).toList();
    PartEvaluation.Settings s =
        new PartEvaluation.Settings(
            defs,
            shots,
            draws,
            seed,
            noShotCurve ? List.of() : shotCurve,
            !noAblation,
            ablationWithRaw,
            sweep,
            rawLayers,
            descriptorLayers,
            PartEvaluation.parameters(tau, kappa),
            PartEvaluation.facing(facing),
            graphOnly);
    FeatureStore mirrored = null;
    if (!noMirrored) {
      Path m =
          mirroredFeatures != null
              ? mirroredFeatures
              : input.features.resolve(IngestCommand.MIRRORED_DIR);
      if (mirroredFeatures != null || Files.isDirectory(m)) {
        mirrored = FeatureStore.open(m);
      }
    }
    FeatureSource mirroredSource = mirrored;
    switch (mirroredSigma == null ? "store" : mirroredSigma) {
      case "store" -> {}
      case "graph" -> {
        if (mirrored != null) {
          mirroredSource = new RenormalizedFeatures(mirrored, store);
        }
      }
      default ->
          throw new IllegalArgumentException(
              "Value for `--mirrored-sigma` was `"
                  + mirroredSigma
                  + "`, but must be store or graph");
    }
    if (throughStore != null) {
      io.xgraph.learner.em.InferenceSearch own =
          new GraphInference(graph).parameters().inferenceSearch();
      if (search != null && search != own) {
        throw new IllegalArgumentException(
            "Value for `--inference-search` was `"
                + search
                + "`, but the procedures of --through-store use the graph's own inference ("
                + own
                + "); leave --inference-search out to compare like with like");
      }
      return throughStore(store, mirroredSource, graph, s);
    }
    GraphInference inference =
        new GraphInference(
            graph,
            p -> {
              LearnerParameters q = search == null ? p : p.withInferenceSearch(search);
              return position == null ? q : q.withInferencePosition(position);
            });
    PartEvaluationResult r = PartEvaluation.run(store, mirroredSource, inference, s, System.err);
    printAndWrite("part-eval", r.markdown(), r.csv());
    return 0;
  }

  /**
   * Prints the report and, with --out, writes it as {@code stem}.md and its table {@code stem}.csv.
   */
  private void printAndWrite(String stem, CharSequence md, String csv) {
    System.out.print(md);
    if (out != null) {
      Path mdFile = out.resolve(stem + ".md");
      Path csvFile = out.resolve(stem + ".csv");
      AtomicFiles.writeString(mdFile, md);
      AtomicFiles.writeString(csvFile, csv);
      System.out.println("written: " + mdFile + ", " + csvFile);
    }
  }

  /** Part eval (graph AOG and the cheap baselines) and the same draws through the procedures. */
  private int throughStore(
      FeatureStore store,
      FeatureSource mirrored,
      ExplanatoryGraph graph,
      PartEvaluation.Settings s) {
    int top = store.layers().size() - 1;
    int[] lastTenth = {-1};
    ResponseSet.Progress progress =
        (done, total) -> {
          int tenth = done * 10 / total;
          if (tenth != lastTenth[0]) {
            lastTenth[0] = tenth;
            System.err.printf("inference (feature store): %d/%d images%n", done, total);
          }
        };
    GraphInference inference = new GraphInference(graph);
    ResponseSet set = ResponseSet.collect(store, inference, List.of(top), List.of(top), progress);
    if (mirrored != null) {
      lastTenth[0] = -1;
      set = set.withMirrored(mirrored, inference, progress);
    }
    java.util.function.Predicate<io.xgraph.learner.data.ImageRecord> keep =
        s.facing() == null ? im -> true : im -> Facing.of(im) == s.facing();
    Map<PartDefinition, EvaluationInput> inputs = new LinkedHashMap<>();
    Map<PartDefinition, EvaluationReport> reports = new LinkedHashMap<>();
    StringBuilder md = new StringBuilder();
    md.append(
        f(
            "Part eval on the feature store (%s), graph inference %s, %d shots, %d draws (seed"
                + " %d):%n%n",
            set.graphFlipped().isEmpty()
                ? "no flipped crops"
                : "with flipped crops normalised by the "
                    + ("graph".equals(mirroredSigma)
                        ? "graph's sigma"
                        : "mirrored store's own sigma"),
            inference.parameters().inferenceSearch(),
            s.shots(),
            s.draws(),
            s.seed()));
    for (PartDefinition p : s.parts()) {
      EvaluationInput in = PartEvaluation.graphOnly(set.input(p, keep));
      EvaluationReport rep =
          new FewShotEvaluation(s.params()).evaluate(in, p.name(), s.shots(), s.draws(), s.seed());
      System.err.printf("part eval, %s:%n%s", p.name(), rep.table());
      md.append("- ").append(p.name()).append(' ').append(p.keypointIds()).append(": ");
      md.append(f("aog-graph %s%n", PartEvaluationResult.cell(rep, FewShotEvaluation.AOG_GRAPH)));
      inputs.put(p, in);
      reports.put(p, rep);
    }
    PartStoreReport.Report report =
        PartStoreEvaluation.run(
            store,
            graph,
            inputs,
            reports,
            s,
            !set.graphFlipped().isEmpty(),
            throughStore,
            data,
            dataset,
            System.err);
    md.append(report.markdown());
    printAndWrite("part-eval-store", md, report.csv());
    return 0;
  }

  private static String f(String format, Object... args) {
    return String.format(java.util.Locale.ROOT, format, args);
  }
}
