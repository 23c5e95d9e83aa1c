package io.xgraph.store;

/**
 * A stored correspondence of a pattern with a pattern of another model ({@code MATCHES}).
 *
 * @param model the other model
 * @param patternId the other pattern's id
 * @param layer its layer index
 * @param layerName its layer name
 * @param distance truncated mean normalised distance of the inferred positions (see
 *     io.xgraph.learner.compare.CompareParameters)
 * @param support shared images on which both fire
 */
public record Counterpart(
    String model, int patternId, int layer, String layerName, double distance, int support) {}
