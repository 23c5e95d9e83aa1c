package io.xgraph.learner.compare;

import java.util.List;

/**
 * The result of comparing two graphs on their shared images.
 *
 * @param modelA name of the first model
 * @param modelB name of the second model
 * @param images number of shared images compared
 * @param parameters the settings used
 * @param matches mutual best matches within {@code maxDistance}, per layer pair (a pattern may have
 *     one counterpart per layer of the other model)
 * @param layerPairs one row per (layer of A, layer of B)
 * @param models one summary per model, A first
 * @param coverage one row per annotated part
 */
public record Comparison(
    String modelA,
    String modelB,
    int images,
    CompareParameters parameters,
    List<Match> matches,
    List<LayerPairSummary> layerPairs,
    List<ModelSummary> models,
    List<PartCoverage> coverage) {

  public Comparison {
    matches = List.copyOf(matches);
    layerPairs = List.copyOf(layerPairs);
    models = List.copyOf(models);
    coverage = List.copyOf(coverage);
  }

  /**
   * A pattern correspondence.
   *
   * @param layerA layer index in A
   * @param patternA pattern id in A's graph
   * @param layerB layer index in B
   * @param patternB pattern id in B's graph
   * @param distance mean over shared firing images of min(d, cap), d the normalised distance
   * @param support shared images on which both fire
   */
  public record Match(
      int layerA, int patternA, int layerB, int patternB, double distance, int support) {}

  /**
   * Summary of one pair of layers.
   *
   * @param layerA layer name in A
   * @param layerB layer name in B
   * @param nodesA patterns of layerA
   * @param nodesB patterns of layerB
   * @param matches mutual best matches within maxDistance
   * @param fractionA fraction of layerA's patterns with a counterpart in layerB
   * @param fractionB fraction of layerB's patterns with a counterpart in layerA
   * @param meanDistance mean distance of the matches (NaN when none)
   * @param stabilityA layerA's graph stability, release form (lower is better)
   * @param stabilityB layerB's graph stability, release form
   * @param meanScoreA mean scaled score of layerA's patterns over the images where they fire
   * @param meanScoreB the same for layerB
   */
  public record LayerPairSummary(
      String layerA,
      String layerB,
      int nodesA,
      int nodesB,
      int matches,
      double fractionA,
      double fractionB,
      double meanDistance,
      double stabilityA,
      double stabilityB,
      double meanScoreA,
      double meanScoreB) {}

  /**
   * One model's figures: the paper-style stability table (graph next to raw filters).
   *
   * @param model model name
   * @param patterns total patterns
   * @param withCounterpart patterns with at least one counterpart in the other model
   * @param graphPaper graph stability, paper form
   * @param graphRelease graph stability, release form
   * @param rawPaper raw-filter stability, paper form (NaN when not computed)
   * @param rawRelease raw-filter stability, release form (NaN when not computed)
   * @param meanScore mean scaled score over fired (pattern, image) pairs
   */
  public record ModelSummary(
      String model,
      int patterns,
      int withCounterpart,
      double graphPaper,
      double graphRelease,
      double rawPaper,
      double rawRelease,
      double meanScore) {}

  /**
   * How many patterns of each model point at one part.
   *
   * @param partId CUB part id
   * @param partName part name
   * @param stableA stable patterns of A pointing at the part
   * @param stableB stable patterns of B pointing at the part
   * @param pointingA all patterns of A pointing at the part
   * @param pointingB all patterns of B pointing at the part
   */
  public record PartCoverage(
      int partId, String partName, int stableA, int stableB, int pointingA, int pointingB) {}
}
