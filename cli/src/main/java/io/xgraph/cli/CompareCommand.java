package io.xgraph.cli;

import io.xgraph.evaluation.GraphComparison;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.compare.CoMovement;
import io.xgraph.learner.compare.CompareParameters;
import io.xgraph.learner.compare.Comparison;
import io.xgraph.learner.compare.ModelComparison;
import io.xgraph.learner.em.InferenceSearch;
import io.xgraph.learner.io.AtomicFiles;
import io.xgraph.learner.io.GraphCodec;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xgraph compare}: two models' explanatory graphs side by side on their shared images. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description =
        "Infers two learned graphs (e.g. SqueezeNet and MobileNetV2) on the images both feature"
            + " stores hold and prints: per layer pair the node counts, the fraction of patterns"
            + " with a counterpart (mutual best match by inferred position), the mean distance,"
            + " stability and mean score; each graph's stability next to its raw-filter baseline;"
            + " and for each annotated part how many stable patterns of each model point at it."
            + " With --store or --uri the comparison is saved (MATCHES relationships and a"
            + " Comparison node) for xg.model.compare and xg.pattern.counterparts.")
public final class CompareCommand implements Callable<Integer> {

  @Option(names = "--features-a", required = true, description = "Feature store of model A")
  Path featuresA;

  @Option(names = "--graph-a", required = true, description = "Graph file of model A")
  Path graphA;

  @Option(names = "--features-b", required = true, description = "Feature store of model B")
  Path featuresB;

  @Option(names = "--graph-b", required = true, description = "Graph file of model B")
  Path graphB;

  @Option(
      names = "--name-a",
      description = "Name of model A in the tables and the store (default: the graph's model name)")
  String nameA;

  @Option(
      names = "--name-b",
      description =
          "Name of model B (default: the graph's model name; give one when both graphs come from"
              + " the same CNN, e.g. another seed)")
  String nameB;

  @Option(
      names = "--shuffle-b",
      paramLabel = "SEED",
      description =
          "Infer B on spatially shuffled maps (the seed given to xgraph learn"
              + " --shuffle-positions): the negative control")
  Long shuffleB;

  @Option(
      names = "--permute-b",
      paramLabel = "SEED",
      description =
          "Chance control: pair each shared image's inference of A with B's inference on another"
              + " image (a seeded derangement), so every counterpart found is coincidence; the"
              + " counts to beat for the real pairing (not saved to a store)")
  Long permuteB;

  @Option(
      names = "--min-support",
      defaultValue = "10",
      description = "Shared firing images a pair needs (default: ${DEFAULT-VALUE})")
  int minSupport;

  @Option(
      names = "--max-distance",
      defaultValue = "0.05",
      description =
          "Largest distance of a counterpart, normalised by 224*sqrt2 (default: ${DEFAULT-VALUE})")
  double maxDistance;

  @Option(
      names = "--cap",
      defaultValue = "0.10",
      description = "Per-image distance truncation (default: ${DEFAULT-VALUE})")
  double cap;

  @Option(
      names = "--max-ratio",
      defaultValue = "" + CompareParameters.DEFAULT_MAX_RATIO,
      description =
          "Co-movement: largest D_obs/D_ind of a counterpart (mean squared distance over its"
              + " expectation for independent positions; ~1 = same place by coincidence, ~0 ="
              + " moving together; 10 switches the test off) (default: ${DEFAULT-VALUE})")
  double maxRatio;

  @Option(
      names = "--min-movement",
      defaultValue = "" + CompareParameters.DEFAULT_MIN_MOVEMENT,
      description =
          "Co-movement: least sqrt(var a + var b) of a counterpart's positions over the shared"
              + " firing images, normalised by 224*sqrt2 (default: ${DEFAULT-VALUE})")
  double minMovement;

  @Option(
      names = "--inference-search",
      description =
          "Override both graphs' inference search: WINDOW (release: candidates within r of the"
              + " prior centre) or MAP (paper: every unit, scored F * P); default: the graph's own")
  InferenceSearch search;

  @Option(
      names = "--csv",
      paramLabel = "DIR",
      description =
          "Also write layer-pairs.csv, models.csv, parts.csv and matches.csv into this folder")
  Path csv;

  @Option(
      names = "--write-graphs",
      description = "With --store/--uri: first write both graphs into the store under their names")
  boolean writeGraphs;

  @Mixin StoreOptions storeOptions = new StoreOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    CompareParameters params =
        CompareParameters.defaults()
            .withMinSupport(minSupport)
            .withDistances(cap, maxDistance)
            .withCoMovement(maxRatio, minMovement);
    boolean save =
        spec.commandLine().getParseResult().hasMatchedOption("--store")
            || spec.commandLine().getParseResult().hasMatchedOption("--uri");
    if (permuteB != null && save) {
      throw new IllegalArgumentException(
          "--permute-b is a chance control and is not saved: run it without --store/--uri, and"
              + " save the comparison of the real pairing");
    }
    if (writeGraphs && !save) {
      throw new IllegalArgumentException(
          "--write-graphs needs a store: give --store DIR or --uri URI");
    }
    GraphComparison.Side a = side(featuresA, graphA, nameA, null);
    GraphComparison.Side b = side(featuresB, graphB, nameB, shuffleB);
    GraphComparison.Run run = GraphComparison.run(a, b, permuteB, params);
    ModelComparison.Outcome outcome = run.outcome();
    Comparison c = outcome.comparison();
    System.out.print(table(c));
    System.out.print(coMovementSweep(outcome, params));
    System.out.printf(
        Locale.ROOT,
        "time: inference of both graphs on %d images %.1f s wall (%.1f CPU-s); matching and"
            + " tables %.1f s wall (%.1f CPU-s); peak heap %.0f MB%n",
        run.sharedImages(),
        run.inferenceWallSeconds(),
        run.inferenceCpuSeconds(),
        run.matchingWallSeconds(),
        run.matchingCpuSeconds(),
        peakHeapBytes() / 1e6);
    if (csv != null) {
      writeCsv(c, csv);
      System.out.println("csv: " + csv.toAbsolutePath());
    }
    if (save) {
      CompareStoreSupport.save(storeOptions, c, a.graph(), b.graph(), writeGraphs);
    }
    return 0;
  }

  /** One side of the comparison: the feature store and the graph learned from it, named. */
  private GraphComparison.Side side(Path features, Path graphFile, String name, Long shuffle) {
    FeatureStore store = FeatureStore.open(features);
    ExplanatoryGraph graph = GraphCodec.read(LearnCommand.graphFile(graphFile));
    return GraphComparison.Side.of(store, graph, features, graphFile, name, shuffle, search);
  }

  /**
   * How the co-movement test acts: among the mutual best matches within maxDistance (and the
   * movement floor), how many would pass at several ratio limits, and the patterns of each model
   * they would give a counterpart.
   */
  static String coMovementSweep(ModelComparison.Outcome o, CompareParameters p) {
    double[] limits = {0.25, 0.5, 0.75, 1.0, Double.POSITIVE_INFINITY};
    StringBuilder sb = new StringBuilder();
    int moving = 0;
    List<Double> ratios = new ArrayList<>();
    for (ModelComparison.Candidate k : o.candidates()) {
      if (k.coMovement().movement() >= p.minMovement()) {
        moving++;
        ratios.add(k.coMovement().ratio());
      }
    }
    ratios.sort(null);
    sb.append(
        String.format(
            Locale.ROOT,
            "%nCo-movement test (used: ratio <= %.2f, movement >= %.3f): %d mutual best matches"
                + " within maxDistance, %d of them moving; ratio quartiles %s%n",
            p.maxRatio(),
            p.minMovement(),
            o.candidates().size(),
            moving,
            ratios.isEmpty()
                ? "-"
                : String.format(
                    Locale.ROOT,
                    "%.3f / %.3f / %.3f",
                    ratios.get(ratios.size() / 4),
                    ratios.get(ratios.size() / 2),
                    ratios.get(ratios.size() * 3 / 4))));
    sb.append(
        String.format(
            Locale.ROOT,
            "%-12s %10s %14s %14s%n",
            "ratio <=",
            "matches",
            "A matched",
            "B matched"));
    for (double t : limits) {
      int n = 0;
      java.util.Set<Integer> withA = new java.util.HashSet<>();
      java.util.Set<Integer> withB = new java.util.HashSet<>();
      for (ModelComparison.Candidate k : o.candidates()) {
        CoMovement cm = k.coMovement();
        if (cm.movement() >= p.minMovement() && (cm.ratio() <= t || Double.isInfinite(t))) {
          n++;
          withA.add(k.match().patternA());
          withB.add(k.match().patternB());
        }
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "%-12s %10d %14d %14d%n",
              Double.isInfinite(t) ? "any" : String.format(Locale.ROOT, "%.2f", t),
              n,
              withA.size(),
              withB.size()));
    }
    int allA = 0;
    int allB = 0;
    java.util.Set<Integer> rawA = new java.util.HashSet<>();
    java.util.Set<Integer> rawB = new java.util.HashSet<>();
    for (ModelComparison.Candidate k : o.candidates()) {
      rawA.add(k.match().patternA());
      rawB.add(k.match().patternB());
    }
    allA = rawA.size();
    allB = rawB.size();
    sb.append(
        String.format(
            Locale.ROOT, "%-12s %10d %14d %14d%n", "no test", o.candidates().size(), allA, allB));
    return sb.toString();
  }

  /** The three tables as text. */
  static String table(Comparison c) {
    StringBuilder sb = new StringBuilder();
    CompareParameters p = c.parameters();
    sb.append(
        String.format(
            Locale.ROOT,
            "Comparison of %s (A) and %s (B) on %d shared images; counterpart = mutual best match,"
                + " distance <= %.3f (x 224*sqrt2 px), support >= %d images, per-image distance"
                + " capped at %.3f, co-movement ratio <= %.2f, movement >= %.3f%n%n",
            c.modelA(),
            c.modelB(),
            c.images(),
            p.maxDistance(),
            p.minSupport(),
            p.cap(),
            p.maxRatio(),
            p.minMovement()));
    sb.append("Paper-style stability (release form; lower is better), graph vs raw filters:\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "%-26s %8s %8s %12s %12s %12s %12s %10s%n",
            "model",
            "patterns",
            "matched",
            "graph paper",
            "graph rel.",
            "raw paper",
            "raw rel.",
            "meanScore"));
    for (Comparison.ModelSummary m : c.models()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-26s %8d %8d %12.4f %12.4f %12.4f %12.4f %10.3f%n",
              m.model(),
              m.patterns(),
              m.withCounterpart(),
              m.graphPaper(),
              m.graphRelease(),
              m.rawPaper(),
              m.rawRelease(),
              m.meanScore()));
    }
    sb.append("\nPer layer pair:\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "%-16s %-16s %6s %6s %7s %7s %7s %8s %7s %7s %8s %8s%n",
            "layer A",
            "layer B",
            "nodesA",
            "nodesB",
            "matches",
            "fracA",
            "fracB",
            "meanDist",
            "stabA",
            "stabB",
            "scoreA",
            "scoreB"));
    for (Comparison.LayerPairSummary r : c.layerPairs()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-16s %-16s %6d %6d %7d %7.3f %7.3f %8.4f %7.4f %7.4f %8.3f %8.3f%n",
              r.layerA(),
              r.layerB(),
              r.nodesA(),
              r.nodesB(),
              r.matches(),
              r.fractionA(),
              r.fractionB(),
              r.meanDistance(),
              r.stabilityA(),
              r.stabilityB(),
              r.meanScoreA(),
              r.meanScoreB()));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "%nPart coverage: patterns pointing at each part (mean distance over their top %d"
                + " images <= %.2f, nearest part) and the stable ones among them (spread <="
                + " %.2f):%n",
            p.topImages(),
            p.pointRadius(),
            p.stableSpread()));
    sb.append(
        String.format(
            Locale.ROOT,
            "%-4s %-12s %9s %9s %11s %11s%n",
            "id",
            "part",
            "stable A",
            "stable B",
            "pointing A",
            "pointing B"));
    for (Comparison.PartCoverage r : c.coverage()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-4d %-12s %9d %9d %11d %11d%n",
              r.partId(),
              r.partName(),
              r.stableA(),
              r.stableB(),
              r.pointingA(),
              r.pointingB()));
    }
    return sb.toString();
  }

  private static void writeCsv(Comparison c, Path dir) {
    try {
      Files.createDirectories(dir);
      writeCsv(
          dir.resolve("layer-pairs.csv"),
          "modelA,modelB,layerA,layerB,nodesA,nodesB,matches,fractionA,fractionB,meanDistance,"
              + "stabilityA,stabilityB,meanScoreA,meanScoreB",
          c.layerPairs(),
          c.modelA(),
          c.modelB());
      writeCsv(
          dir.resolve("models.csv"),
          "model,patterns,withCounterpart,graphPaper,graphRelease,rawPaper,rawRelease,meanScore",
          c.models());
      writeCsv(
          dir.resolve("parts.csv"),
          "partId,part,stableA,stableB,pointingA,pointingB",
          c.coverage());
      writeCsv(
          dir.resolve("matches.csv"),
          "layerA,patternA,layerB,patternB,distance,support",
          c.matches());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the CSV files into " + dir, e);
    }
  }

  /**
   * Writes {@code file}: the header line, then per row the {@code leading} cells and the row's
   * record components in declaration order (the order the header names them); fractional numbers as
   * {@link #num}, the rest as text.
   *
   * @throws IllegalStateException when the header's columns do not match a row's
   */
  private static void writeCsv(
      Path file, String header, List<? extends Record> rows, String... leading) throws IOException {
    int columns = header.split(",").length;
    StringBuilder sb = new StringBuilder(header).append('\n');
    for (Record row : rows) {
      List<String> cells = new ArrayList<>(Arrays.asList(leading));
      for (RecordComponent component : row.getClass().getRecordComponents()) {
        Object value;
        try {
          value = component.getAccessor().invoke(row);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(
              "Cannot read " + component.getName() + " of " + row + " for " + file, e);
        }
        cells.add(value instanceof Double d ? num(d) : String.valueOf(value));
      }
      if (cells.size() != columns) {
        throw new IllegalStateException(
            "The header of "
                + file
                + " names "
                + columns
                + " columns but a "
                + row.getClass().getSimpleName()
                + " row has "
                + cells.size()
                + ": update the header to the record's components");
      }
      sb.append(String.join(",", cells)).append('\n');
    }
    AtomicFiles.writeString(file, sb);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
  }

  private static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
