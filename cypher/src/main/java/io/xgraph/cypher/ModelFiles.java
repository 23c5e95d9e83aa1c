package io.xgraph.cypher;

import io.xgraph.store.Provenance;

/**
 * Properties of the {@code Model} node that {@code xg.image.infer} needs to run the model's CNN:
 * whoever writes a graph (the cli's learn command) puts them in the {@link Provenance}. The layers
 * to read out are the model's {@code Layer} names; the file's SHA-256 must equal {@code
 * Model.onnxSha256}.
 */
public final class ModelFiles {

  /** File name (relative to the {@code server.xgraph.model_root} setting) of the ONNX model. */
  public static final String ONNX_FILE = "onnxFile";

  /**
   * Preprocessing profile id of the ingest module, e.g. {@code caffe-bgr}, {@code imagenet-rgb}.
   */
  public static final String PREPROCESSING = "preprocessing";

  private ModelFiles() {}

  /** A copy of {@code provenance} naming the ONNX file and preprocessing profile. */
  public static Provenance withModelFile(
      Provenance provenance, String onnxFileName, String preprocessingId) {
    return provenance
        .withProperty(ONNX_FILE, onnxFileName)
        .withProperty(PREPROCESSING, preprocessingId);
  }
}
