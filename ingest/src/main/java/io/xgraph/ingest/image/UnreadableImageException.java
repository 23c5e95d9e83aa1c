package io.xgraph.ingest.image;

import java.nio.file.Path;

/** An image file that cannot be decoded (corrupt, truncated or not an image): skipped, reported. */
public final class UnreadableImageException extends IllegalStateException {

  private final transient Path file;

  public UnreadableImageException(Path file, String reason, Throwable cause) {
    super("Cannot decode image `" + file + "`: " + reason, cause);
    this.file = file;
  }

  /** The file that failed. */
  public Path file() {
    return file;
  }
}
