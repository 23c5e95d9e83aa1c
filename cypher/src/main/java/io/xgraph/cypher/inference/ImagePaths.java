package io.xgraph.cypher.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Resolves user-given file names strictly inside a configured root folder. */
public final class ImagePaths {

  private ImagePaths() {}

  /**
   * The real path of {@code given} (relative to {@code root}, or absolute inside it).
   *
   * @param setting name of the setting that configures the root, for messages
   * @param what what the file is ("image", "ONNX model"), for messages
   * @throws IllegalArgumentException the root is not configured, the path leaves the root (by
   *     {@code ..}, an absolute path elsewhere or a symbolic link), or the file does not exist
   */
  public static Path resolve(Optional<Path> root, String setting, String given, String what) {
    if (root.isEmpty()) {
      throw new IllegalArgumentException(
          "No "
              + what
              + " folder is configured: set `"
              + setting
              + "` in neo4j.conf (or the system property of that name for an embedded server)");
    }
    if (given == null || given.isBlank()) {
      throw new IllegalArgumentException(
          "The " + what + " path is empty; give a path relative to `" + setting + "`");
    }
    Path realRoot;
    try {
      realRoot = root.get().toRealPath();
    } catch (IOException e) {
      throw new IllegalStateException(
          "The folder `" + root.get() + "` of setting `" + setting + "` does not exist", e);
    }
    Path candidate;
    try {
      candidate = realRoot.resolve(given).normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("The " + what + " path `" + given + "` is not valid", e);
    }
    if (!candidate.startsWith(realRoot)) {
      throw outside(given, setting, what);
    }
    if (!Files.exists(candidate)) {
      throw new NotFound(
          "The "
              + what
              + " `"
              + given
              + "` does not exist under `"
              + setting
              + "` ("
              + realRoot
              + ")",
          realRoot);
    }
    Path real;
    try {
      real = candidate.toRealPath();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot resolve " + what + " `" + candidate + "`", e);
    }
    if (!real.startsWith(realRoot)) {
      throw outside(given, setting, what);
    }
    if (!Files.isRegularFile(real)) {
      throw new IllegalArgumentException(
          "The " + what + " `" + given + "` under `" + setting + "` is not a regular file");
    }
    return real;
  }

  /** The file does not exist under the root; callers that know more say what else was tried. */
  public static final class NotFound extends IllegalArgumentException {
    private final transient Path root;

    NotFound(String message, Path root) {
      super(message);
      this.root = root;
    }

    /** The real path of the root folder searched. */
    public Path root() {
      return root;
    }
  }

  private static IllegalArgumentException outside(String given, String setting, String what) {
    return new IllegalArgumentException(
        "The "
            + what
            + " path `"
            + given
            + "` leads outside the folder of `"
            + setting
            + "`; only files under that folder may be read (no `..`, no absolute paths elsewhere,"
            + " no symbolic links out of it)");
  }
}
