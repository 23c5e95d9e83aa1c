/**
 * The on-disk feature store: raw pre-ReLU conv maps in float16, one file per layer, memory-mapped
 * for reading, with a manifest that pins model, layers, geometry, preprocessing and dataset, and a
 * progress file replaced atomically so that an interrupted ingest resumes cleanly.
 */
package io.xgraph.ingest.store;
