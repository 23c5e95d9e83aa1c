package io.xgraph.cli;

import io.xgraph.evaluation.PartLabelMeasurement;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.compare.CubParts;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.em.InferencePosition;
import io.xgraph.learner.em.LearnerParameters;
import io.xgraph.learner.meaning.LayerPurity;
import io.xgraph.learner.meaning.PartLabel;
import io.xgraph.learner.meaning.PartLabeling;
import io.xgraph.learner.meaning.TrackingRule;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.GraphStore;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xgraph part labels}: which annotated part each pattern tracks on the held-out images,
 * against the raw filters and a shuffled-keypoint control, optionally stored as TRACKS.
 */
@Command(
    name = "labels",
    mixinStandardHelpOptions = true,
    description =
        "Labels the graph's patterns with the annotated parts they track on the held-out (test)"
            + " images: per layer the share of patterns that track a part (part purity), for the"
            + " graph, the raw filters and both against shuffled keypoints. With --store or --uri"
            + " the labels are written as (:Pattern)-[:TRACKS]->(:SemanticPart).")
public final class PartLabelsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin FeaturesAndGraphOptions input = new FeaturesAndGraphOptions();

  @Mixin StoreOptions storeOptions = new StoreOptions();

  @Mixin StoredGraphNameOption storedName = new StoredGraphNameOption();

  @Option(
      names = "--radius-fraction",
      description =
          "On-part radius as a fraction of the layer's theoretical receptive field (default:"
              + " ${DEFAULT-VALUE})",
      defaultValue = "0.125")
  double radiusFraction;

  @Option(
      names = "--min-share",
      description =
          "Share of firings on the part for a pattern to track it (default: ${DEFAULT-VALUE})",
      defaultValue = "0.5")
  double minShare;

  @Option(
      names = "--min-firings",
      description =
          "Held-out firings (part visible) needed to rate a pattern (default: ${DEFAULT-VALUE})",
      defaultValue = "10")
  int minFirings;

  @Option(
      names = "--top-k",
      paramLabel = "K",
      description =
          "Held-out images per detector, its strongest, for the purity comparison of graph and raw"
              + " filters (the journal's protocol; default: ${DEFAULT-VALUE})",
      defaultValue = "20")
  int topK;

  @Option(
      names = "--judge",
      paramLabel = "top-k|firings",
      description =
          "Which held-out images a detector is judged on in the purity comparison: its top-K by"
              + " score (the journal's protocol) or all its firings (the labels' rule, with"
              + " --min-firings) (default: ${DEFAULT-VALUE})",
      defaultValue = "top-k")
  String judge;

  @Option(
      names = "--position",
      paramLabel = "ARGMAX|POSTERIOR_MEAN",
      description =
          "How a pattern's position is inferred (a check of the metric; default: the graph's own"
              + " rule)")
  InferencePosition position;

  @Option(
      names = "--firing-ratio",
      paramLabel = "R",
      description =
          "A pattern (a raw filter) fires when its score (peak) is >= R x its training mean (a"
              + " check of the metric; default: the graph's own ratio)")
  Double firingRatio;

  @Option(
      names = "--part",
      paramLabel = "NAME",
      description = "Also list the patterns tracking this part best (a CUB part, e.g. beak)")
  String part;

  @Override
  public Integer call() {
    TrackingRule rule = new TrackingRule(radiusFraction, minShare, minFirings);
    if (topK < 2) {
      throw new IllegalArgumentException(
          "--top-k was " + topK + ": the comparison needs at least 2 images per detector");
    }
    int partId = part == null ? 0 : partId(part);
    FeatureStore features = input.openFeatures();
    List<ImageRecord> images = features.images();
    if (images.stream().allMatch(r -> r.parts().isEmpty())) {
      System.out.println(
          "Part labels skipped: the images of "
              + input.features
              + " carry no part annotations (dataset kind `"
              + features.manifest("dataset.kind")
              + "`); labels need a dataset with keypoints, such as CUB-200-2011. Nothing was"
              + " written.");
      return 0;
    }
    ExplanatoryGraph graph = input.readGraph();
    boolean byTopK = judgeByTopK(judge);
    GraphInference inference =
        new GraphInference(
            graph,
            p -> {
              LearnerParameters q = position == null ? p : p.withInferencePosition(position);
              return firingRatio == null ? q : q.withFiringRatio(firingRatio);
            });
    PartLabelMeasurement.Measured m = measure(features, inference, rule, byTopK ? topK : 0);
    System.out.print(PurityTable.format(m.comparison(), m.heldOut(), rule, byTopK ? topK : 0));
    System.out.print(table(m, rule));
    if (part != null) {
      System.out.print(topPatterns(m.result().labels(), CubParts.name(partId), 10));
    }
    if (storeGiven()) {
      String name = storedName.of(graph);
      try (GraphStore store = storeOptions.openExisting()) {
        PartDescribeCommand.requireStored(store, name, graph, "label");
        long written = store.writePartLabels(name, m.result().labels(), rule, m.heldOut());
        System.out.printf("%d TRACKS written for graph `%s`%n", written, name);
      }
    }
    return 0;
  }

  private boolean storeGiven() {
    return storeOptions.uri != null
        || spec.commandLine().getParseResult().hasMatchedOption("--store");
  }

  /**
   * Whether {@code --judge} names the top-K protocol (else all firings); a clear error if neither.
   */
  static boolean judgeByTopK(String judge) {
    return switch (judge.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "top-k" -> true;
      case "firings" -> false;
      default ->
          throw new IllegalArgumentException(
              "Unknown --judge `"
                  + judge
                  + "`: use top-k (each detector's strongest K images) or"
                  + " firings (all its firings)");
    };
  }

  /** The CUB part id of {@code name}, or a clear error listing the names. */
  static int partId(String name) {
    for (int id : PartLabelMeasurement.PART_IDS) {
      if (CubParts.name(id).equalsIgnoreCase(name.strip())) {
        return id;
      }
    }
    List<String> names =
        IntStream.of(PartLabelMeasurement.PART_IDS).mapToObj(CubParts::name).toList();
    throw new IllegalArgumentException(
        "Unknown part `" + name + "`: the CUB parts are " + String.join(", ", names));
  }

  /** {@link PartLabelMeasurement#measure}, its progress drawn as a bar. */
  static PartLabelMeasurement.Measured measure(
      FeatureStore features, GraphInference inference, TrackingRule rule, int topK) {
    try (Bars.EvaluationBars bars = new Bars.EvaluationBars()) {
      return PartLabelMeasurement.measure(features, inference, rule, topK, bars);
    }
  }

  /** The per-layer table: graph vs raw filters vs the shuffled-keypoint control. */
  static String table(PartLabelMeasurement.Measured m, TrackingRule rule) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "All firings (the rule of the TRACKS labels; purity on it was the first, unfair"
                + " comparison): on %d held-out images, share of rated detectors (>= %d firings on"
                + " a visible part) that track a part (>= %.0f%% of firings within %.3g x the"
                + " receptive field)%n",
            m.heldOut(), rule.minFirings(), 100 * rule.minShare(), rule.radiusFraction()));
    sb.append(
        String.format(
            "%-16s %7s  %-22s %-22s %-22s %-22s%n",
            "layer", "radius", "graph", "raw filters", "graph, shuffled kp", "raw, shuffled kp"));
    for (PartLabeling.Row r : m.result().rows()) {
      sb.append(
          String.format(
              "%-16s %5.1fpx  %-22s %-22s %-22s %-22s%n",
              r.graph().layer(),
              r.graph().radius(),
              cell(r.graph()),
              cell(r.raw()),
              cell(r.graphShuffled()),
              cell(r.rawShuffled())));
    }
    sb.append(
        "(cell: tracking / rated = purity, then the mean share of the best part over rated"
            + " detectors)\n");
    sb.append(
        "patterns of the graph tracking each part (all layers; a pattern may track several):\n");
    int parts = PartLabelMeasurement.PART_IDS.length;
    int[] total = new int[parts];
    int[] raw = new int[parts];
    for (PartLabeling.Row r : m.result().rows()) {
      for (int k = 0; k < parts; k++) {
        total[k] += r.graph().trackingPerPart()[k];
        raw[k] += r.raw().trackingPerPart()[k];
      }
    }
    for (int k = 0; k < parts; k++) {
      sb.append(
          String.format(
              "  %-11s graph %5d   raw filters %4d%n",
              CubParts.name(PartLabelMeasurement.PART_IDS[k]), total[k], raw[k]));
    }
    sb.append(String.format("%d part labels (pattern, part)%n", m.result().labels().size()));
    return sb.toString();
  }

  private static String cell(LayerPurity p) {
    return String.format(
        "%d/%d = %.3f (%.2f)", p.tracking(), p.rated(), p.purity(), p.meanBestShare());
  }

  /** The {@code n} patterns tracking {@code partName} with the highest share. */
  static String topPatterns(List<PartLabel> labels, String partName, int n) {
    List<PartLabel> of =
        labels.stream()
            .filter(l -> l.part().equals(partName))
            .sorted(Comparator.comparingDouble(PartLabel::share).reversed())
            .limit(n)
            .toList();
    StringBuilder sb = new StringBuilder();
    if (of.isEmpty()) {
      sb.append("No pattern tracks `").append(partName).append("` under this rule.\n");
      return sb.toString();
    }
    sb.append(String.format("patterns tracking `%s` best:%n", partName));
    sb.append(
        String.format(
            "  %8s %8s %7s %7s %8s %8s %7s%n",
            "pattern", "firings", "share", "chance", "meanDx", "meanDy", "spread"));
    for (PartLabel l : of) {
      sb.append(
          String.format(
              "  %8d %8d %7.3f %7.3f %8.1f %8.1f %7.1f%n",
              l.patternId(),
              l.firings(),
              l.share(),
              l.chanceShare(),
              l.meanDx(),
              l.meanDy(),
              l.spread()));
    }
    return sb.toString();
  }
}
