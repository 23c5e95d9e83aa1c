/**
 * Ingest: runs an ONNX image CNN over a dataset and keeps the chosen layers' pre-ReLU maps in a
 * feature store, with per-element negative sigma for the normalisation of docs/algorithm.md. Entry
 * points: {@link io.xgraph.ingest.Ingestor} (whole datasets), {@link
 * io.xgraph.ingest.ImageFeatureExtractor} (one image), {@link io.xgraph.ingest.store.FeatureStore}
 * (reading), {@link io.xgraph.ingest.SharedData} (locating the shared models and images).
 */
package io.xgraph.ingest;
