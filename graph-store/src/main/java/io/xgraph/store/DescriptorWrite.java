package io.xgraph.store;

/**
 * What writing a graph's pattern descriptors did.
 *
 * @param patterns descriptors written
 * @param index the vector index over the probe set's descriptors
 * @param dimensions values per descriptor
 * @param writeMillis the write transaction, in ms
 * @param indexMillis waiting for the index to be online after the write, in ms
 */
public record DescriptorWrite(
    long patterns, String index, int dimensions, long writeMillis, long indexMillis) {}
