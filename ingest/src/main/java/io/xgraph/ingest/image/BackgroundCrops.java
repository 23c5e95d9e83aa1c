package io.xgraph.ingest.image;

/**
 * The rule that picks a negative (background) crop from an image with an object box.
 *
 * <p>The four box-free bands around the object (left, right, above, below; each spans the whole
 * image in the other direction) are candidates. Each band is trimmed, centred, to an aspect ratio
 * of at most {@link #MAX_ASPECT}: object crops are roughly square and are resized to the model
 * input, so a background strip should not be stretched much more than they are. Bands whose shorter
 * side is under {@link #MIN_SIDE} pixels are dropped (they would be upsampled several times and
 * show blur rather than background texture). The largest remaining band is the negative; an image
 * may have none.
 */
public final class BackgroundCrops {

  /** Shortest side of a usable background band, pixels. */
  public static final double MIN_SIDE = 64;

  /** Longest to shortest side of a background crop, at most. */
  public static final double MAX_ASPECT = 1.5;

  private BackgroundCrops() {}

  /** The background crop of a {@code width x height} image whose object is {@code object}. */
  public static Box pick(int width, int height, Box object) {
    double right = object.x() + object.w();
    double bottom = object.y() + object.h();
    Box[] bands = {
      new Box(0, 0, Math.floor(object.x()), height),
      new Box(Math.ceil(right), 0, width - Math.ceil(right), height),
      new Box(0, 0, width, Math.floor(object.y())),
      new Box(0, Math.ceil(bottom), width, height - Math.ceil(bottom)),
    };
    Box best = null;
    for (Box band : bands) {
      Box b = trim(band);
      if (b != null && (best == null || b.area() > best.area())) {
        best = b;
      }
    }
    return best;
  }

  private static Box trim(Box band) {
    if (Math.min(band.w(), band.h()) < MIN_SIDE) {
      return null;
    }
    double w = Math.min(band.w(), band.h() * MAX_ASPECT);
    double h = Math.min(band.h(), band.w() * MAX_ASPECT);
    return new Box(
        Math.floor(band.x() + (band.w() - w) / 2), Math.floor(band.y() + (band.h() - h) / 2), w, h);
  }
}
