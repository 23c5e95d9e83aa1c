package io.xgraph.learner.aog.bridge;

import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.Point;
import java.util.List;

/**
 * Which way a bird faces on its crop, from its keypoints: left when the head (centroid of the
 * visible head keypoints, {@link PartDefinition#HEAD_CENTROID}) lies left of the body (mean of the
 * visible back 1 and tail 14). An oracle from the annotations: it measures how much of the error is
 * the left/right ambiguity that flipped responses would remove; it is not available to a real
 * query.
 */
public enum Facing {
  LEFT,
  RIGHT;

  private static final PartDefinition BODY = new PartDefinition("body", List.of(1, 14));

  /** The facing of {@code image}, or null when head or body is not visible. */
  public static Facing of(ImageRecord image) {
    Point head = PartDefinition.HEAD_CENTROID.centre(image);
    Point body = BODY.centre(image);
    if (head == null || body == null || head.x() == body.x()) {
      return null;
    }
    return head.x() < body.x() ? LEFT : RIGHT;
  }
}
