/**
 * Benchmark of the store ({@code xgraph bench store}) and the deterministic SqueezeNet-sized
 * synthetic graphs it (and the tests) write.
 */
package io.xgraph.store.bench;
