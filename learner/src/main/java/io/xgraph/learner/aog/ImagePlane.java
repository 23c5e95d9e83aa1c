package io.xgraph.learner.aog;

import io.xgraph.learner.data.Point;

/**
 * The 224 x 224 object-crop plane that every position of this package lives on.
 *
 * <p>Coordinates are pixel indices, as in {@link io.xgraph.learner.data.LayerGeometry}: pixel
 * column {@code c} is centred at {@code x = c}, so the plane spans the pixel centres {@code [0,
 * 223]} and the pixel edges {@code [-0.5, 223.5]}. A horizontal flip of the image array moves
 * column {@code c} to column {@code 223 - c}, hence {@link #mirrorX(double)} is {@code x -> (SIZE -
 * 1) - x}.
 */
public final class ImagePlane {

  /** Side of the object crop, pixels. */
  public static final int SIZE = 224;

  /** Diagonal of the crop, the normaliser of the paper's normalized distance. */
  public static final double DIAGONAL = SIZE * Math.sqrt(2.0);

  /** Lowest coordinate accepted for an annotation: the outer edge of pixel 0. */
  public static final double MIN_COORDINATE = -0.5;

  /** Highest coordinate accepted for an annotation: the outer edge of pixel 223. */
  public static final double MAX_COORDINATE = SIZE - 0.5;

  private ImagePlane() {}

  /** The x of the same image content after a horizontal flip of the 224-pixel-wide image. */
  public static double mirrorX(double x) {
    return (SIZE - 1) - x;
  }

  /** The point of the same image content after a horizontal flip. */
  public static Point mirror(Point p) {
    return new Point(mirrorX(p.x()), p.y());
  }

  /** Pixel distance divided by the crop diagonal (paper's normalized distance). */
  public static double normalizedDistance(Point predicted, Point truth) {
    return predicted.distance(truth) / DIAGONAL;
  }

  /**
   * Checks that a part annotation is a finite point on the plane.
   *
   * @param what names the annotation in the message, e.g. "part annotation of image `17`"
   * @throws IllegalArgumentException naming the annotation, its value and the fix
   */
  public static Point requireOnPlane(Point p, String what) {
    if (p == null) {
      throw new IllegalArgumentException(
          what + " is missing: supply a point on the " + SIZE + " x " + SIZE + " crop plane");
    }
    if (!Double.isFinite(p.x()) || !Double.isFinite(p.y())) {
      throw new IllegalArgumentException(
          what + " is (" + p.x() + ", " + p.y() + "): coordinates must be finite numbers");
    }
    if (p.x() < MIN_COORDINATE
        || p.x() > MAX_COORDINATE
        || p.y() < MIN_COORDINATE
        || p.y() > MAX_COORDINATE) {
      throw new IllegalArgumentException(
          what
              + " is ("
              + p.x()
              + ", "
              + p.y()
              + "), outside the "
              + SIZE
              + " x "
              + SIZE
              + " object-crop plane [-0.5, 223.5]: map the keypoint into the coordinates of the"
              + " resized object crop first");
    }
    return p;
  }
}
