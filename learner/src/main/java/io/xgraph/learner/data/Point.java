package io.xgraph.learner.data;

/** A point on the model's input image plane, in pixels (origin top-left, x to the right). */
public record Point(double x, double y) {

  public double distance(Point other) {
    return Math.hypot(x - other.x, y - other.y);
  }
}
