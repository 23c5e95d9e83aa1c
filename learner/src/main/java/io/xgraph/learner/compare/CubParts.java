package io.xgraph.learner.compare;

/** Names of the 15 CUB-200-2011 part keypoints (parts.txt), by 1-based id. */
public final class CubParts {

  private static final String[] NAMES = {
    "back",
    "beak",
    "belly",
    "breast",
    "crown",
    "forehead",
    "left eye",
    "left leg",
    "left wing",
    "nape",
    "right eye",
    "right leg",
    "right wing",
    "tail",
    "throat"
  };

  private CubParts() {}

  /** The CUB name of part {@code id}, or "part id" outside 1..15. */
  public static String name(int id) {
    return id >= 1 && id <= NAMES.length ? NAMES[id - 1] : "part " + id;
  }
}
