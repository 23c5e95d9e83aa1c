package io.xgraph.cli;

import io.xgraph.ingest.SharedData;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a picture command finds the image files: paths relative to {@code --dataset} (older name
 * {@code --image-root}), by default the folder the feature store was ingested from, else the shared
 * CUB folder under {@code --data} (a {@link SharedDataOption} beside this mixin).
 */
public final class ImageRootOptions {

  @Option(
      names = {"--dataset", "--image-root"},
      paramLabel = "DIR",
      description =
          "Dataset folder the images were ingested from; image paths are relative to it"
              + " (default: the feature store's dataset folder, else <data>/cub200-dev)")
  Path imageRoot;

  /**
   * The folder image paths are relative to: {@code --dataset}, else {@code recorded} (the feature
   * store's dataset folder, may be null) if it exists, else the CUB folder of {@code data}.
   */
  Path imageRoot(SharedDataOption data, Path recorded) {
    return SharedData.dataset(imageRoot, recorded, data.data);
  }

  /** The dataset folder recorded in a feature store's manifest, or null. */
  static Path recorded(io.xgraph.ingest.store.FeatureStore store) {
    String root = store.manifest("dataset.root");
    return root == null ? null : Path.of(root);
  }

  /** An image's file: {@code path} itself when absolute, else under {@code root}. */
  static Path file(Path root, String path) {
    Path p = Path.of(path);
    return p.isAbsolute() ? p : root.resolve(p);
  }
}
