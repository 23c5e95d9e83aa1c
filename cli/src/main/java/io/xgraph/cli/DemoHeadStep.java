package io.xgraph.cli;

import io.xgraph.evaluation.FewShotPart;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.aog.EvaluationReport;
import io.xgraph.learner.aog.FewShotEvaluation;
import io.xgraph.learner.aog.bridge.PartDefinition;
import io.xgraph.learner.aog.bridge.ResponseSet;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.em.InferenceSearch;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's fifth step: the head taught from three annotated birds, its error over the draws
 * against the baselines, and the first draw's And-Or graph stored beside the graph. Also says when
 * a dataset cannot be evaluated at all ({@code paper-table} asks the same).
 */
final class DemoHeadStep {

  private DemoHeadStep() {}

  /** The part the demo teaches: the forehead keypoint, as part eval's preset. */
  static final PartDefinition HEAD = PartDefinition.HEAD_FOREHEAD;

  /** Annotated images the demo teaches the head from. */
  static final int SHOTS = 3;

  /**
   * What the part step reports.
   *
   * @param shots the stored part's annotated train images (the first draw)
   * @param testImages test images that show the part
   * @param aogError mean over test images of the stored part's normalized error
   * @param meanPositionError the same for the mean annotation of the first draw
   * @param evaluation mean ± std over all draws, AOG on the graph and mean position
   */
  record PartStep(
      List<String> shots,
      int testImages,
      double aogError,
      double meanPositionError,
      EvaluationReport evaluation) {

    /** The report's lines about the part. */
    String report(String partName, boolean noMirrored) {
      EvaluationReport.MethodSummary aog = evaluation.method(FewShotEvaluation.AOG_GRAPH);
      StringBuilder sb = new StringBuilder();
      sb.append(
          String.format(
              Locale.ROOT,
              "part %s: normalized localisation error on %d test images (pixel distance / 224"
                  + " sqrt 2, lower is better), %d draws of %d annotated train images (%s, whole-map"
                  + " inference as part eval; paper, VGG-16: 0.0862; docs/part-localisation.md)%n",
              partName,
              testImages,
              evaluation.draws().size(),
              shots.size(),
              noMirrored ? "no flipped crops" : "flipped crops"));
      for (EvaluationReport.MethodSummary m : evaluation.methods()) {
        sb.append(
            String.format(Locale.ROOT, "  %-20s %.4f ± %.4f%n", m.method(), m.mean(), m.std()));
      }
      sb.append("  ").append(partVerdict(aog)).append(System.lineSeparator());
      sb.append(
          String.format(
              Locale.ROOT,
              "  stored as (:Part {name: '%s'}), taught from the first draw %s: AOG %.4f, mean"
                  + " position %.4f%n",
              partName,
              shots,
              aogError,
              meanPositionError));
      return sb.toString();
    }

    /** Whether the AOG on the graph beats each baseline by more than the larger of the stds. */
    private String partVerdict(EvaluationReport.MethodSummary aog) {
      List<String> parts = new ArrayList<>();
      for (EvaluationReport.MethodSummary m : evaluation.methods()) {
        if (m.method().equals(aog.method())) {
          continue;
        }
        double margin = Math.max(aog.std(), m.std());
        String word =
            aog.mean() + margin < m.mean()
                ? "beats"
                : aog.mean() < m.mean() ? "is below, within one std of," : "does not beat";
        parts.add(word + " " + m.method());
      }
      return "AOG on the graph " + String.join("; ", parts);
    }
  }

  /**
   * The part step, with {@code part eval}'s setting (flipped crops when {@code mirrored} is given,
   * the paper's whole-map inference): the head's error over {@code draws} draws of three annotated
   * train images, and the first draw's And-Or graph stored in the demo store ({@code
   * (:Part)-[:HAS_TEMPLATE]->(:PartTemplate)-[:USES]->(:Pattern)}), replacing an earlier demo's
   * part of the same name.
   */
  static PartStep teachHead(
      FeatureStore store,
      FeatureStore mirrored,
      ExplanatoryGraph graph,
      String storedAs,
      Path storeDir,
      int draws) {
    // MAP inference for the part only: the graph itself is learned and stored with its defaults.
    GraphInference inference =
        new GraphInference(graph, p -> p.withInferenceSearch(InferenceSearch.MAP));
    ResponseSet set;
    try (Bars.EvaluationBars bars = new Bars.EvaluationBars()) {
      set = FewShotPart.responses(store, mirrored, inference, bars);
    }
    EvaluationReport evaluation = FewShotPart.evaluate(set, HEAD, SHOTS, draws, SEED);
    FewShotPart.Taught taught = FewShotPart.teach(set, HEAD, SHOTS, SEED);
    int size = store.layers().get(0).inputSize();
    try (GraphStore graphStore = GraphStores.openEmbedded(storeDir)) {
      long version =
          graphStore
              .model(storedAs)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "Graph " + storedAs + " vanished from store " + storeDir))
              .version();
      graphStore
          .parts()
          .writePart(
              storedAs,
              version,
              taught.model(),
              Map.of(
                  "shots",
                  String.join(",", taught.shots()),
                  "taughtBy",
                  "xgraph demo",
                  "inferenceSearch",
                  InferenceSearch.MAP.name(),
                  "flippedCrops",
                  mirrored != null),
              true);
    }
    return new PartStep(
        taught.shots(),
        taught.truth().size(),
        taught.aogError(size),
        taught.meanPositionError(size),
        evaluation);
  }

  /** Seed of the draws: part eval's default, so the first draw is part eval's first draw. */
  static final long SEED = 1;

  /**
   * Why the dataset cannot be evaluated (stability needs held-out test images, the head step
   * annotated train and test images), or null when it can.
   */
  static String evaluationGap(FeatureStore store) {
    long train = 0;
    long test = 0;
    long headTrain = 0;
    long headTest = 0;
    for (io.xgraph.learner.data.ImageRecord r : store.images()) {
      boolean head = HEAD.centre(r) != null;
      if (r.split().equals("train")) {
        train++;
        headTrain += head ? 1 : 0;
      } else if (r.split().equals("test")) {
        test++;
        headTest += head ? 1 : 0;
      }
    }
    String dataset = "`" + store.manifest("dataset.root") + "`";
    if (train == 0 || test == 0) {
      return dataset
          + " has no train/test split ("
          + train
          + " train, "
          + test
          + " test images; a plain folder has none): the stability and the head need a CUB"
          + " folder with train_test_split.txt and part_locs.txt; the graph is learned on every"
          + " image and stored";
    }
    if (headTrain < SHOTS || headTest == 0) {
      return dataset
          + " has "
          + headTrain
          + " train and "
          + headTest
          + " test images that show the head (CUB keypoint "
          + HEAD.keypointIds()
          + " in part_locs.txt); the evaluation needs at least "
          + SHOTS
          + " and 1";
    }
    return null;
  }
}
