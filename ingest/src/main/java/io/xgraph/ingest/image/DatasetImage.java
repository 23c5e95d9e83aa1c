package io.xgraph.ingest.image;

import io.xgraph.learner.data.Point;
import java.nio.file.Path;
import java.util.Map;

/**
 * One image of a dataset before cropping.
 *
 * @param id stable id (CUB image id, or the path relative to a plain folder)
 * @param file image file
 * @param box object box on the original image, or null for the whole image
 * @param split "train", "test" or "all"
 * @param parts visible part keypoints by CUB part id, original image pixels
 * @param lines where the box and the parts were read, for messages
 */
public record DatasetImage(
    String id, Path file, Box box, String split, Map<Integer, Point> parts, Lines lines) {

  /**
   * The annotation lines of one image: {@code boxLine} of {@code boxFile} and, per part id, its
   * line of {@code partFile} (1-based; 0 or absent when not read from a file).
   */
  public record Lines(Path boxFile, int boxLine, Path partFile, Map<Integer, Integer> partLines) {

    /** No annotation files (a plain folder, or an image built in code). */
    public static final Lines NONE = new Lines(null, 0, null, Map.of());

    public Lines {
      partLines = Map.copyOf(partLines);
    }
  }

  public DatasetImage {
    parts = Map.copyOf(parts);
    lines = lines == null ? Lines.NONE : lines;
  }

  /** An image without annotation files. */
  public DatasetImage(String id, Path file, Box box, String split, Map<Integer, Point> parts) {
    this(id, file, box, split, parts, Lines.NONE);
  }

  /**
   * The object box checked against the image size and clipped to it (the whole image without a
   * box), once the header gave the size.
   *
   * @throws IllegalArgumentException naming the file, the box, the image size and its line
   */
  public Box checkedBox(int width, int height) {
    String where =
        lines.boxLine() > 0
            ? "line " + lines.boxLine() + " of `" + lines.boxFile() + "`"
            : "its line in bounding_boxes.txt";
    return ImageCrops.checkedBox(file, width, height, box, where);
  }

  /**
   * Checks that every visible part lies on the image ({@code 0 <= x <= width}, {@code 0 <= y <=
   * height}); negative coordinates were refused when the part file was read.
   *
   * @throws IllegalArgumentException naming the part, the image, its size and its line
   */
  public void checkParts(int width, int height) {
    for (Map.Entry<Integer, Point> e : new java.util.TreeMap<>(parts).entrySet()) {
      Point p = e.getValue();
      if (p.x() < 0 || p.x() > width || p.y() < 0 || p.y() > height) {
        Integer line = lines.partLines().get(e.getKey());
        throw new IllegalArgumentException(
            "Part "
                + e.getKey()
                + " of image `"
                + file
                + "` at ("
                + p.x()
                + ", "
                + p.y()
                + ") lies outside the "
                + width
                + "x"
                + height
                + " image; fix "
                + (line != null
                    ? "line " + line + " of `" + lines.partFile() + "`"
                    : "its line in part_locs.txt")
                + " (x y in pixels from the top-left) or mark the part not visible (last field 0)");
      }
    }
  }
}
