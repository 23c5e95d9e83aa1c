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
 * @param mirrored store the maps of each crop's horizontal flip instead of the crop (negatives
 *     flipped too, keypoints mirrored: x -> size - 1 - x); image ids stay those of the dataset, so
 *     a mirrored store pairs record by record with the unflipped one
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
    String preprocessing,
    boolean mirrored) {

  /** Options of an unflipped store. */
  public IngestOptions(
      Path model,
      List<String> layers,
      Path images,
      Path out,
      Path negatives,
      String split,
      int limit,
      int threads,
      String preprocessing) {
    this(model, layers, images, out, negatives, split, limit, threads, preprocessing, false);
  }

  /** The same options for the mirrored sibling store in {@code mirroredOut}. */
  public IngestOptions mirroredInto(Path mirroredOut) {
    return new IngestOptions(
        model, layers, images, mirroredOut, negatives, split, limit, threads, preprocessing, true);
  }

  public IngestOptions {
    layers = layers == null ? List.of() : List.copyOf(layers);
    if (threads < 1) {
      throw new IllegalArgumentException(
          "Value for `--threads` was `" + threads + "`, but must be >= 1");
    }
  }
}
