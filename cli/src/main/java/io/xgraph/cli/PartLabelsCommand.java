package io.xgraph.cli;

import io.xgraph.evaluation.InferredPositions;
import io.xgraph.evaluation.LayerCheck;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.compare.CubParts;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.data.Point;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.em.InferencePosition;
import io.xgraph.learner.em.LearnerParameters;
import io.xgraph.learner.meaning.LayerPurity;
import io.xgraph.learner.meaning.PartLabel;
import io.xgraph.learner.meaning.PartLabeling;
import io.xgraph.learner.meaning.PartTracking;
import io.xgraph.learner.meaning.PurityComparison;
import io.xgraph.learner.meaning.TopFirings;
import io.xgraph.learner.meaning.TrackingRule;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.GraphStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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

  /** Seed of the shuffled-keypoint control (fixed, so the control is reproducible). */
  static final long SHUFFLE_SEED = 24;

  /** The CUB keypoints, by id. */
  static final int[] PART_IDS = IntStream.rangeClosed(1, 15).toArray();

  @Spec CommandSpec spec;

  @Mixin FeaturesAndGraphOptions input = new FeaturesAndGraphOptions();

  @Mixin StoreOptions storeOptions = new StoreOptions();

  @Option(
      names = "--graph-name",
      paramLabel = "NAME",
      description = "Name of the graph in the store (default: the graph's model name)")
  String graphName;

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
    Measured m = measure(features, inference, rule, byTopK ? topK : 0);
    System.out.print(PurityTable.format(m.comparison(), m.heldOut(), rule, byTopK ? topK : 0));
    System.out.print(table(m, rule));
    if (part != null) {
      System.out.print(topPatterns(m.result().labels(), CubParts.name(partId), 10));
    }
    if (storeGiven()) {
      String name = graphName != null ? graphName : graph.modelName();
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
    for (int id : PART_IDS) {
      if (CubParts.name(id).equalsIgnoreCase(name.strip())) {
        return id;
      }
    }
    List<String> names = IntStream.of(PART_IDS).mapToObj(CubParts::name).toList();
    throw new IllegalArgumentException(
        "Unknown part `" + name + "`: the CUB parts are " + String.join(", ", names));
  }

  /**
   * Labels and their controls (all firings), the purity comparison (top-K firings), and the number
   * of held-out images they were measured on.
   */
  record Measured(PartLabeling.Result result, List<PurityComparison.Row> comparison, int heldOut) {}

  /**
   * Infers the graph on every image and labels its patterns on the test images; the purity
   * comparison judges each detector on its {@code topK} strongest test images, or on all its
   * firings when {@code topK} is 0.
   */
  static Measured measure(
      FeatureStore features, GraphInference inference, TrackingRule rule, int topK) {
    ExplanatoryGraph graph = inference.graph();
    List<LayerGeometry> layers = features.layers();
    LayerCheck.requireSameLayers(
        layers,
        graph,
        "feature store",
        ": label a graph with the feature store it was learned from");
    List<ImageRecord> images = features.images();
    int[] test = IntStream.range(0, images.size()).filter(i -> isTest(images.get(i))).toArray();
    int[] train =
        IntStream.range(0, images.size())
            .filter(i -> "train".equals(images.get(i).split()))
            .toArray();
    if (test.length < 2 || train.length == 0) {
      throw new IllegalArgumentException(
          "Part labels are measured on held-out images and need train and test images; the"
              + " feature store has "
              + train.length
              + " train and "
              + test.length
              + " test images: ingest with --split all on a dataset with a train/test split");
    }
    int[] used = IntStream.concat(IntStream.of(train), IntStream.of(test)).toArray();
    InferredPositions p;
    try (me.tongfei.progressbar.ProgressBar bar = Bars.open("labels", used.length)) {
      p = InferredPositions.collect(features, graph, inference, used, bar::stepTo);
    }
    // columns of `used`: train first, then test
    int[] trainCols = IntStream.range(0, train.length).toArray();
    int[] testCols = IntStream.range(train.length, used.length).toArray();
    double firingRatio = inference.parameters().firingRatio();
    List<PartLabeling.LayerInput> inputs = new ArrayList<>();
    List<PurityComparison.Input> compared = new ArrayList<>();
    for (int l = 0; l < layers.size(); l++) {
      List<Pattern> patterns = graph.layers().get(l).patterns();
      boolean[][] rawFired = PartTracking.firedByMeanRatio(p.rawScore()[l], trainCols, firingRatio);
      boolean[][] graphJudged =
          topK > 0
              ? TopFirings.top(pick(p.graphScore()[l], testCols), topK)
              : pick(p.graphFired()[l], testCols);
      boolean[][] rawJudged =
          topK > 0
              ? TopFirings.top(pick(p.rawScore()[l], testCols), topK)
              : pick(rawFired, testCols);
      compared.add(
          new PurityComparison.Input(
              layers.get(l),
              patterns.stream().mapToInt(Pattern::channel).toArray(),
              patterns.stream().mapToDouble(Pattern::meanScore).toArray(),
              pick(p.graphX()[l], testCols),
              pick(p.graphY()[l], testCols),
              graphJudged,
              pick(p.rawX()[l], testCols),
              pick(p.rawY()[l], testCols),
              rawJudged));
      inputs.add(
          new PartLabeling.LayerInput(
              layers.get(l),
              graph.layers().get(l).patterns().stream().mapToInt(Pattern::id).toArray(),
              pick(p.graphX()[l], testCols),
              pick(p.graphY()[l], testCols),
              pick(p.graphFired()[l], testCols),
              pick(p.rawX()[l], testCols),
              pick(p.rawY()[l], testCols),
              pick(rawFired, testCols)));
    }
    List<Map<Integer, Point>> parts =
        IntStream.of(test).mapToObj(i -> images.get(i).parts()).toList();
    PartLabeling.Result r =
        PartLabeling.label(inputs, parts, PART_IDS, CubParts::name, rule, SHUFFLE_SEED);
    TrackingRule judged =
        topK > 0 ? PurityComparison.rule(rule.radiusFraction(), rule.minShare(), topK) : rule;
    List<PurityComparison.Row> c =
        PurityComparison.compare(compared, parts, PART_IDS, judged, SHUFFLE_SEED);
    return new Measured(r, c, test.length);
  }

  private static boolean isTest(ImageRecord r) {
    return "test".equals(r.split());
  }

  /** The per-layer table: graph vs raw filters vs the shuffled-keypoint control. */
  static String table(Measured m, TrackingRule rule) {
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
    int parts = PART_IDS.length;
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
              CubParts.name(PART_IDS[k]), total[k], raw[k]));
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

  private static float[][] pick(float[][] a, int[] cols) {
    float[][] out = new float[a.length][cols.length];
    for (int v = 0; v < a.length; v++) {
      for (int j = 0; j < cols.length; j++) {
        out[v][j] = a[v][cols[j]];
      }
    }
    return out;
  }

  private static boolean[][] pick(boolean[][] a, int[] cols) {
    boolean[][] out = new boolean[a.length][cols.length];
    for (int v = 0; v < a.length; v++) {
      for (int j = 0; j < cols.length; j++) {
        out[v][j] = a[v][cols[j]];
      }
    }
    return out;
  }
}
