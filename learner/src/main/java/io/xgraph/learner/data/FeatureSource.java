package io.xgraph.learner.data;

import java.util.List;

/**
 * Normalised conv feature maps of a set of images, as written by the ingest module.
 *
 * <p>Values follow docs/algorithm.md: {@code f = x / sigmaNeg} where the raw pre-ReLU output x is
 * positive, else -1. Layout of one image's map is channel-major: {@code [c][row][col]}.
 */
public interface FeatureSource {

  /** Name of the CNN, e.g. "squeezenet1.1-fp16". */
  String modelName();

  /** SHA-256 of the ONNX file, hex. */
  String modelSha256();

  /** The chosen layers, lowest first; {@code layers().get(i).index() == i}. */
  List<LayerGeometry> layers();

  /** The images, in store order. */
  List<ImageRecord> images();

  /**
   * Copies the normalised map of one image and layer into {@code dest} (length {@code
   * layers().get(layer).size()}).
   */
  void read(int layer, int image, float[] dest);

  /**
   * Per-element sigma of the raw conv output over negative images, layout {@code [c][row][col]};
   * needed to normalise a new image's raw output the same way.
   */
  float[] negativeSigma(int layer);
}
