/**
 * ONNX models: parsing the graph, deriving each tensor's image-plane geometry, exposing chosen
 * intermediate tensors as outputs, and running the model under ONNX Runtime.
 */
package io.xgraph.ingest.onnx;
