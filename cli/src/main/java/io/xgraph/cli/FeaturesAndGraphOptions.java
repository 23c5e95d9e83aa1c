package io.xgraph.cli;

import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.io.GraphCodec;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * A feature store and the graph file learned from it, both required: the input of the commands that
 * infer a learned graph on the stored images ({@code eval}, {@code part eval}, {@code part show}).
 */
public final class FeaturesAndGraphOptions {

  @Option(names = "--features", required = true, description = "Feature store (xgraph ingest)")
  Path features;

  @Option(names = "--graph", required = true, description = "Graph file (xgraph learn --out)")
  Path graphFile;

  /** Opens the feature store. */
  FeatureStore openFeatures() {
    return FeatureStore.open(features);
  }

  /** Reads the graph file. */
  ExplanatoryGraph readGraph() {
    return GraphCodec.read(LearnCommand.graphFile(graphFile));
  }
}
