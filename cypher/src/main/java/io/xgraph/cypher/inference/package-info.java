/**
 * {@code xg.image.infer}: safe image paths, the stored graph read back for inference, and the
 * per-model-version cache of graph and ONNX Runtime session.
 */
package io.xgraph.cypher.inference;
