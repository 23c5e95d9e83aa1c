package io.xgraph.ingest;

import java.nio.file.Path;
import java.util.List;

/**
 * What to ingest.
 *
 * @param model ONNX model file
 * @param layers tensor names, lowest first; empty = the known model's defaults
 * @param images dataset directory (plain folder or CUB layout)
 * @param out feature store directory
 * @param negatives folder of negative images, or null for background crops of the dataset
 * @param split train, test or all
 * @param limit at most this many images (0 = all)
 * @param threads ONNX Runtime intra-op threads
 * @param preprocessing profile id, or null to recognise the model
 */
public record IngestOptions(
    Path model,
    List<String> layers,
    Path images,
    Path out,
    Path negatives,
    String split,
    int limit,
    int threads,
    String preprocessing) {

  public IngestOptions {
    layers = layers == null ? List.of() : List.copyOf(layers);
    if (threads < 1) {
      throw new IllegalArgumentException(
          "Value for `--threads` was `" + threads + "`, but must be >= 1");
    }
  }
}
