package io.xgraph.cli;

import io.xgraph.ingest.SharedData;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a picture command finds the image files: paths relative to {@code --image-root}, by default
 * the shared CUB folder under {@code --data} (a {@link SharedDataOption} beside this mixin).
 */
public final class ImageRootOptions {

  @Option(
      names = "--image-root",
      paramLabel = "DIR",
      description = "Folder the image paths are relative to (default: <data>/cub200-dev)")
  Path imageRoot;

  /** The folder image paths are relative to; by default the CUB folder of {@code data}. */
  Path imageRoot(SharedDataOption data) {
    return imageRoot != null ? imageRoot : SharedData.cubDev(data.locate());
  }

  /** An image's file: {@code path} itself when absolute, else under {@code root}. */
  static Path file(Path root, String path) {
    Path p = Path.of(path);
    return p.isAbsolute() ? p : root.resolve(p);
  }
}
