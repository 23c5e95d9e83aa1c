package io.xgraph.learner.aog;

import io.xgraph.learner.data.Point;
import java.util.Collection;

/** Baseline (a): the mean of the annotated part positions, whatever the image shows. */
public final class MeanPositionBaseline {

  private MeanPositionBaseline() {}

  /**
   * The mean annotation.
   *
   * @throws IllegalArgumentException if there is no annotation or one is off the plane
   */
  public static Point predict(Collection<Point> annotations) {
    if (annotations == null || annotations.isEmpty()) {
      throw new IllegalArgumentException(
          "Mean-position baseline got 0 annotations: supply at least 1");
    }
    double sx = 0;
    double sy = 0;
    for (Point p : annotations) {
      ImagePlane.requireOnPlane(p, "Annotation of the mean-position baseline");
      sx += p.x();
      sy += p.y();
    }
    return new Point(sx / annotations.size(), sy / annotations.size());
  }
}
