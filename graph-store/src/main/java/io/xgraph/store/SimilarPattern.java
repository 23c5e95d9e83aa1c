package io.xgraph.store;

/**
 * A pattern found by similarity search over pattern descriptors (see docs/similar.md).
 *
 * @param rank 1 = most similar among the rows returned
 * @param key the pattern's key {@code "<graph>:<id>"}
 * @param graph its graph
 * @param layer its layer index
 * @param channel its filter
 * @param cosine cosine of the two descriptors (the mean of the movement and response correlations)
 */
public record SimilarPattern(
    int rank, String key, String graph, int layer, int channel, double cosine) {}
