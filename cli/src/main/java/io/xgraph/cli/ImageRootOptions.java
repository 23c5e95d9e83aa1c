package io.xgraph.cli;

import io.xgraph.ingest.SharedData;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a picture command finds the image files: paths relative to {@code --image-root}, by default
 * the shared CUB folder under {@code --data}.
 */
public final class ImageRootOptions {

  @Mixin SharedDataOption sharedData = new SharedDataOption();

  @Option(
      names = "--image-root",
      paramLabel = "DIR",
      description = "Folder the image paths are relative to (default: <data>/cub200-dev)")
  Path imageRoot;

  /** The folder image paths are relative to. */
  Path imageRoot() {
    return imageRoot != null ? imageRoot : SharedData.cubDev(sharedData.locate());
  }

  /** An image's file: {@code path} itself when absolute, else under {@code root}. */
  static Path file(Path root, String path) {
    Path p = Path.of(path);
    return p.isAbsolute() ? p : root.resolve(p);
  }
}
