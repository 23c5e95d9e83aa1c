package io.xgraph.cli;

import io.xgraph.evaluation.ComparisonTables;
import io.xgraph.evaluation.GraphComparison;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.compare.CompareParameters;
import io.xgraph.learner.compare.Comparison;
import io.xgraph.learner.compare.ModelComparison;
import io.xgraph.learner.em.InferenceSearch;
import io.xgraph.learner.io.GraphCodec;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
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

  @Mixin GraphPairOptions pair = new GraphPairOptions();

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
    GraphComparison.Side a = side(pair.featuresA, pair.graphA, nameA, null);
    GraphComparison.Side b = side(pair.featuresB, pair.graphB, nameB, shuffleB);
    GraphComparison.Run run = GraphComparison.run(a, b, permuteB, params);
    ModelComparison.Outcome outcome = run.outcome();
    Comparison c = outcome.comparison();
    System.out.print(ComparisonTables.text(c));
    System.out.print(ComparisonTables.coMovementSweep(outcome, params));
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
      ComparisonTables.writeCsv(c, csv);
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
