package io.xgraph.cli;

import io.xgraph.evaluation.InferredPositions;
import io.xgraph.evaluation.LayerCheck;
import io.xgraph.evaluation.OcclusionMeasurement;
import io.xgraph.evaluation.PartLabelMeasurement;
import io.xgraph.ingest.onnx.CnnModel;
import io.xgraph.ingest.onnx.OcclusionRunner;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.meaning.Faithfulness;
import io.xgraph.learner.meaning.PartLabel;
import io.xgraph.learner.meaning.PatternOcclusion;
import io.xgraph.learner.meaning.TrackingRule;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.GraphStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xgraph part occlusion}: how much the CNN's top class probability drops when a pattern's
 * region is occluded, against random regions of the same size (docs/faithfulness.md).
 */
@Command(
    name = "occlusion",
    mixinStandardHelpOptions = true,
    description =
        "Faithfulness by occlusion on held-out (test) images: the drop of the image's top class"
            + " probability when a pattern's region (its receptive field, times --region-fraction,"
            + " at its inferred position) is set to the mean colour, against random regions of the"
            + " same size. Per layer for the --top strongest firing patterns of each image and"
            + " for part-labelled vs unlabelled ones; or one pattern with --pattern. With --store"
            + " or --uri the per-pattern means are written on the Pattern nodes"
            + " (occlusionDrop, occlusionControlDrop, occlusionImages, occlusionSide).")
public final class PartOcclusionCommand implements Callable<Integer> {

  /** Held-out images occluded by default in the per-layer mode (minutes on 2 shared cores). */
  static final int DEFAULT_IMAGES = 40;

  @Spec CommandSpec spec;

  @Mixin FeaturesAndGraphOptions input = new FeaturesAndGraphOptions();

  @Mixin StoreOptions storeOptions = new StoreOptions();

  @Mixin SharedDataOption data = new SharedDataOption();

  @Mixin ImageRootOptions images = new ImageRootOptions();

  @Option(
      names = "--model",
      paramLabel = "FILE",
      description =
          "The feature store's ONNX model (default: <data>/models/<the store's model name>.onnx)")
  Path model;

  @Mixin StoredGraphNameOption storedName = new StoredGraphNameOption();

  @Option(
      names = "--pattern",
      paramLabel = "KEY",
      description = "Only this pattern (`graph:id` or id), on every held-out image where it fires")
  String pattern;

  @Option(names = "--layer", paramLabel = "L", description = "Only this layer (index or name)")
  String layer;

  @Option(
      names = "--images",
      paramLabel = "N",
      description =
          "Held-out images to occlude on, evenly spread over the test split (default: "
              + DEFAULT_IMAGES
              + " or all if fewer; all of them with --pattern)")
  Integer imageCount;

  @Option(
      names = "--top",
      paramLabel = "N",
      defaultValue = "10",
      description =
          "Strongest firing patterns per image and layer, and as many labelled and unlabelled"
              + " (default: ${DEFAULT-VALUE})")
  int top;

  @Option(
      names = "--region-fraction",
      paramLabel = "F",
      defaultValue = "1.0",
      description =
          "Side of the occluded square as a fraction of the layer's receptive field (default:"
              + " ${DEFAULT-VALUE}: the receptive field itself)")
  double regionFraction;

  @Option(
      names = "--no-labels",
      description = "Skip the part labels (labelled vs unlabelled), which infer every image")
  boolean noLabels;

  @Option(
      names = "--batch",
      paramLabel = "N",
      defaultValue = "16",
      description = "Occluded copies per ONNX Runtime run (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(
      names = "--threads",
      defaultValue = "2",
      description = "ONNX Runtime threads (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(
      names = "--seed",
      defaultValue = "24",
      description = "Seed of the random control regions (default: ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() {
    checkRanges();
    FeatureStore features = input.openFeatures();
    ExplanatoryGraph graph = input.readGraph();
    LayerCheck.requireSameLayers(
        features.layers(),
        graph,
        "feature store",
        ": occlude with the feature store the graph was learned from");
    String name = storedName.of(graph);
    Pattern only = pattern == null ? null : pattern(graph, name, pattern);
    List<Integer> layers = layers(graph, only);
    int[] test = testImages(features.images());
    int n =
        imageCount != null
            ? imageCount
            : only != null ? test.length : Math.min(DEFAULT_IMAGES, test.length);
    if (n > test.length) {
      throw new IllegalArgumentException(
          "Value for `--images` was "
              + n
              + ", but the feature store has "
              + test.length
              + " held-out (test) images; give --images 1.."
              + test.length);
    }
    int[] chosen =
        IntStream.range(0, n).map(i -> test[(int) ((long) i * test.length / n)]).toArray();
    Path modelFile = modelFile(features);
    Path root = images.imageRoot(data, ImageRootOptions.recorded(features));
    InferredPositions positions;
    try (ProgressBar bar = Bars.open("infer", chosen.length)) {
      positions =
          InferredPositions.collect(
              features, graph, new GraphInference(graph), chosen, bar::stepTo);
    }
    Set<Integer> labelled = only == null ? labels(features, graph) : null;
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long t0 = System.nanoTime();
    long cpu0 = os.getProcessCpuTime();
    try (OcclusionRunner runner = OcclusionRunner.open(modelFile, threads, batch)) {
      OcclusionMeasurement m =
          new OcclusionMeasurement(
              features, graph, runner, f -> ImageRootOptions.file(root, f), regionFraction, seed);
      List<PatternOcclusion> written;
      if (only != null) {
        written = List.of(onePattern(m, chosen, positions, only, graph));
      } else {
        Faithfulness.Tally tally;
        try (ProgressBar bar = Bars.open("occlude", chosen.length)) {
          tally = m.measureLayers(chosen, positions, layers, top, labelled, bar::stepTo);
        }
        System.out.print(FaithfulnessTable.format(tally.rows(), layers, chosen.length, top));
        written = tally.patterns();
      }
      System.out.print(
          FaithfulnessTable.cost(
              m.cost(),
              (System.nanoTime() - t0) / 1e9,
              (os.getProcessCpuTime() - cpu0) / 1e9,
              runner,
              batch));
      if (storeGiven()) {
        try (GraphStore store = storeOptions.openExisting()) {
          boolean replace = only == null && layer == null;
          long w = store.writeOcclusion(name, written, replace);
          System.out.printf(
              "occlusion figures written on %d patterns of graph `%s`%s%n",
              w, name, replace ? " (earlier figures of the graph replaced)" : "");
        }
      }
    }
    return 0;
  }

  private void checkRanges() {
    if (top < 1 || top > 1000) {
      throw new IllegalArgumentException(
          "Value for `--top` was " + top + ", but must be 1..1000 (patterns per image and layer)");
    }
    if (!(regionFraction > 0 && regionFraction <= 2)) {
      throw new IllegalArgumentException(
          "Value for `--region-fraction` was "
              + regionFraction
              + ", but must be in (0, 2] (1 = the receptive field)");
    }
    if (imageCount != null && imageCount < 1) {
      throw new IllegalArgumentException(
          "Value for `--images` was " + imageCount + ", but must be at least 1");
    }
    if (batch < 1 || batch > 256) {
      throw new IllegalArgumentException(
          "Value for `--batch` was " + batch + ", but must be 1..256 (copies per ORT run)");
    }
    if (threads < 1) {
      throw new IllegalArgumentException(
          "Value for `--threads` was " + threads + ", but must be at least 1");
    }
    if (pattern != null && layer != null) {
      throw new IllegalArgumentException("Give --pattern or --layer, not both");
    }
  }

  private PatternOcclusion onePattern(
      OcclusionMeasurement m,
      int[] chosen,
      InferredPositions positions,
      Pattern p,
      ExplanatoryGraph graph) {
    int index = graph.layers().get(p.layer()).patterns().indexOf(p);
    List<OcclusionMeasurement.PatternRow> rows;
    try (ProgressBar bar = Bars.open("occlude", chosen.length)) {
      rows = m.measurePattern(chosen, positions, p.layer(), index, bar::stepTo);
    }
    System.out.print(
        FaithfulnessTable.pattern(p, graph, m.sides()[p.layer()], rows, chosen.length));
    double drop =
        rows.stream()
            .mapToDouble(OcclusionMeasurement.PatternRow::drop)
            .average()
            .orElse(Double.NaN);
    double control =
        rows.stream()
            .mapToDouble(OcclusionMeasurement.PatternRow::controlDrop)
            .average()
            .orElse(Double.NaN);
    if (rows.isEmpty() && storeGiven()) {
      throw new IllegalArgumentException(
          "Pattern "
              + p.id()
              + " fired on none of the "
              + chosen.length
              + " held-out images: nothing to write (nothing was written); give more --images");
    }
    return new PatternOcclusion(p.id(), rows.size(), drop, control, m.sides()[p.layer()]);
  }

  /** Pattern ids that track a part (docs/meaning.md), or null when there are no labels. */
  private Set<Integer> labels(FeatureStore features, ExplanatoryGraph graph) {
    if (noLabels) {
      return null;
    }
    if (features.images().stream().allMatch(r -> r.parts().isEmpty())) {
      System.out.println(
          "Labelled vs unlabelled skipped: the images carry no part annotations (dataset kind `"
              + features.manifest("dataset.kind")
              + "`).");
      return null;
    }
    PartLabelMeasurement.Measured labels =
        PartLabelsCommand.measure(features, new GraphInference(graph), TrackingRule.DEFAULT, 0);
    Set<Integer> ids = new HashSet<>();
    for (PartLabel l : labels.result().labels()) {
      ids.add(l.patternId());
    }
    System.out.printf(
        "%d patterns track a part (default rule, %d held-out images)%n",
        ids.size(), labels.heldOut());
    return ids;
  }

  private List<Integer> layers(ExplanatoryGraph graph, Pattern only) {
    if (only != null) {
      return List.of(only.layer());
    }
    if (layer != null) {
      return List.of(PatchesCommand.findLayer(graph, layer).geometry().index());
    }
    return IntStream.range(0, graph.layers().size()).boxed().toList();
  }

  /** The pattern of {@code key} (`graph:id` or id), with the fix when it is not this graph's. */
  static Pattern pattern(ExplanatoryGraph graph, String name, String key) {
    int colon = key.lastIndexOf(':');
    if (colon >= 0 && !key.substring(0, colon).equals(name)) {
      throw new IllegalArgumentException(
          "Pattern `"
              + key
              + "` is not a pattern of graph `"
              + name
              + "`: give `"
              + name
              + ":ID` or the id alone (0.."
              + (graph.patternCount() - 1)
              + "), or name the graph with --graph-name");
    }
    String id = colon >= 0 ? key.substring(colon + 1) : key;
    try {
      Integer.parseInt(id.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Value for `--pattern` was `" + key + "`, but must be `" + name + ":ID` or an id");
    }
    return PatchesCommand.findPattern(graph, id);
  }

  private static int[] testImages(List<ImageRecord> records) {
    int[] test =
        IntStream.range(0, records.size())
            .filter(i -> "test".equals(records.get(i).split()))
            .toArray();
    if (test.length == 0) {
      throw new IllegalArgumentException(
          "The feature store has no held-out (test) images; occlusion is measured on images the"
              + " graph was not learned on: ingest with --split all on a dataset with a test split");
    }
    return test;
  }

  /** The model file: --model, else the store's model under the data folder; checked by sha256. */
  private Path modelFile(FeatureStore features) {
    Path file = model;
    if (file == null) {
      Path data;
      try {
        data = this.data.locate();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Occlusion re-runs the CNN: give its model with --model FILE. " + e.getMessage(), e);
      }
      file = data.resolve("models").resolve(features.modelName() + ".onnx");
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(
            "Model file `"
                + file
                + "` does not exist; occlusion re-runs the feature store's CNN ("
                + features.modelName()
                + "): give it with --model FILE");
      }
    }
    String sha = CnnModel.sha256(CnnModel.readModel(file));
    if (!sha.equals(features.modelSha256())) {
      throw new IllegalArgumentException(
          "Model `"
              + file
              + "` is not the model of feature store `"
              + features.dir()
              + "` ("
              + features.modelName()
              + "); give the store's model file with --model");
    }
    return file;
  }

  private boolean storeGiven() {
    return storeOptions.uri != null
        || spec.commandLine().getParseResult().hasMatchedOption("--store");
  }
}
