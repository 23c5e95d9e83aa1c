package io.xgraph.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Two models' feature stores and graph files, all required: what {@code compare} and {@code part
 * similar-check} read.
 */
final class GraphPairOptions {

  @Option(names = "--features-a", required = true, description = "Feature store of model A")
  Path featuresA;

  @Option(names = "--graph-a", required = true, description = "Graph file of model A")
  Path graphA;

  @Option(names = "--features-b", required = true, description = "Feature store of model B")
  Path featuresB;

  @Option(names = "--graph-b", required = true, description = "Graph file of model B")
  Path graphB;
}
