package io.xgraph.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * Metadata of one dataset image, stored on its {@code Image} node by {@link GraphStore#write(
 * io.xgraph.learner.model.ExplanatoryGraph, Provenance, java.util.Collection, WriteListener)} and
 * read by the {@code xg.pattern.topImages} procedure.
 *
 * @param id dataset image id (the {@code Firing.imageId()} the graph fires on)
 * @param split dataset split ("train", "test", ...), or null when unknown (then not stored)
 * @param path image file, as the caller wants it resolved later (e.g. relative to the dataset
 *     root); not blank
 * @param box object bounding box {@code [x, y, w, h]} in original-image pixels (finite, w and h not
 *     negative), or null when the image is the object crop itself (then not stored)
 * @param width image width in pixels, or null when unknown (then not stored)
 * @param height image height in pixels, or null when unknown (then not stored)
 */
public record ImageInfo(
    String id, String split, String path, double[] box, Integer width, Integer height) {

  /** Metadata without the image size. */
  public ImageInfo(String id, String split, String path, double[] box) {
    this(id, split, path, box, null, null);
  }

  /** Checks the values; a bad one is named with its image id. */
  public ImageInfo {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException(
          "ImageInfo id was `" + id + "`, but must be the non-blank dataset image id.");
    }
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException(
          "ImageInfo path of image `" + id + "` was `" + path + "`, but must be the image file.");
    }
    if (box != null) {
      boolean ok = box.length == 4 && box[2] >= 0 && box[3] >= 0;
      for (double v : box) {
        ok &= Double.isFinite(v);
      }
      if (!ok) {
        throw new IllegalArgumentException(
            "ImageInfo box of image `"
                + id
                + "` was "
                + Arrays.toString(box)
                + ", but must be [x, y, w, h] finite pixels with w, h >= 0 (or null).");
      }
      box = box.clone();
    }
    if ((width != null && width <= 0) || (height != null && height <= 0)) {
      throw new IllegalArgumentException(
          "ImageInfo size of image `"
              + id
              + "` was "
              + width
              + " x "
              + height
              + ", but must be positive pixels (or null when unknown).");
    }
  }

  @Override
  public double[] box() {
    return box == null ? null : box.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageInfo other
        && id.equals(other.id)
        && Objects.equals(split, other.split)
        && path.equals(other.path)
        && Arrays.equals(box, other.box)
        && Objects.equals(width, other.width)
        && Objects.equals(height, other.height);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, split, path, Arrays.hashCode(box), width, height);
  }

  @Override
  public String toString() {
    return "ImageInfo[id="
        + id
        + ", split="
        + split
        + ", path="
        + path
        + ", box="
        + Arrays.toString(box)
        + ", size="
        + width
        + "x"
        + height
        + "]";
  }
}
