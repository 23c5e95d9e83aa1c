package io.xgraph.cli;

import io.xgraph.evaluation.LayerCheck;
import io.xgraph.evaluation.PatternDescriptors;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.meaning.PatternDescriptor;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.DescriptorWrite;
import io.xgraph.store.GraphStore;
import io.xgraph.store.ModelInfo;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xgraph part describe}: every pattern's descriptor over the probe images (docs/similar.md),
 * written to the store with its vector index, for {@code xg.pattern.similar}; prints the cost.
 */
@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    description =
        "Describes every pattern of the graph by how it moves and responds over the probe images"
            + " (the feature store's images, in id order) and, with --store or --uri, writes the"
            + " descriptors and their vector index for xg.pattern.similar. Prints what each step"
            + " cost.")
public final class PartDescribeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin FeaturesAndGraphOptions input = new FeaturesAndGraphOptions();

  @Mixin StoreOptions storeOptions = new StoreOptions();

  @Mixin StoredGraphNameOption storedName = new StoredGraphNameOption();

  @Option(
      names = "--probes",
      description =
          "Probe images: ALL images of the feature store or its TEST split (default:"
              + " ${DEFAULT-VALUE}). Graphs are comparable only when described on the same ones.",
      defaultValue = "ALL")
  PatternDescriptors.Probes probes;

  @Override
  public Integer call() {
    FeatureStore features = input.openFeatures();
    ExplanatoryGraph graph = input.readGraph();
    LayerCheck.requireSameLayers(
        features.layers(),
        graph,
        "feature store",
        ": describe a graph with the feature store it was learned from");
    boolean toStore =
        storeOptions.uri != null || spec.commandLine().getParseResult().hasMatchedOption("--store");
    String name = storedName.of(graph);
    GraphStore store = null;
    try {
      if (toStore) {
        // checked before the inference, so a wrong name costs nothing
        store = storeOptions.openExisting();
        requireStored(store, name, graph, "describe");
      }
      int[] probeImages = PatternDescriptors.probeImages(features, probes, null);
      long wall0 = System.nanoTime();
      PatternDescriptors d;
      try (Bars.EvaluationBars bars = new Bars.EvaluationBars()) {
        d =
            PatternDescriptors.compute(
                features, graph, probeImages, PatternDescriptor.Blocks.BOTH, null, bars);
      }
      long wall = System.nanoTime() - wall0;
      Map<Integer, float[]> all = d.all();
      System.out.printf(
          "%d descriptors of %d values over %d probe images (%s, probe set %s): %.1f s wall"
              + " (inference %.1f CPU-s, descriptors %.2f s)%n",
          all.size(),
          d.probes().dimensions(),
          probeImages.length,
          d.probes().dataset(),
          d.probes().key(),
          wall / 1e9,
          d.inferCpuNanos() / 1e9,
          d.describeNanos() / 1e9);
      if (store != null) {
        DescriptorWrite w = store.writeDescriptors(name, d.probes(), all);
        System.out.printf(
            "%d descriptors written for graph `%s`: write %.1f s, index %s online after %.1f s"
                + " more%n",
            w.patterns(), name, w.writeMillis() / 1e3, w.index(), w.indexMillis() / 1e3);
      }
    } finally {
      if (store != null) {
        store.close();
      }
    }
    return 0;
  }

  /**
   * Refuses a graph missing from the store or stored from another file; {@code verb} says what the
   * command does with the file ("describe", "label").
   */
  static void requireStored(GraphStore store, String name, ExplanatoryGraph graph, String verb) {
    ModelInfo info =
        store
            .model(name)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Graph `"
                            + name
                            + "` is not in the store: write it first (xgraph learn, xgraph"
                            + " demo) or name the stored graph with --graph-name"));
    long patterns = graph.layers().stream().mapToLong(l -> l.patterns().size()).sum();
    if (info.patternCount() != patterns) {
      throw new IllegalArgumentException(
          "The stored graph `"
              + name
              + "` has "
              + info.patternCount()
              + " patterns, the graph file "
              + patterns
              + ": "
              + verb
              + " the file the stored graph was written from (nothing was written)");
    }
  }
}
