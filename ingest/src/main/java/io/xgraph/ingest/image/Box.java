package io.xgraph.ingest.image;

/**
 * A rectangle on an image, pixels: left edge x, top edge y, width w, height h (CUB's
 * bounding_boxes.txt convention).
 */
public record Box(double x, double y, double w, double h) {

  /** Area in square pixels. */
  public double area() {
    return w * h;
  }

  @Override
  public String toString() {
    return "[x=" + x + ", y=" + y + ", w=" + w + ", h=" + h + "]";
  }
}
