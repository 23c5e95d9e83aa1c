package io.xgraph.learner.meaning;

import io.xgraph.learner.data.LayerGeometry;

/**
 * When a detector counts as tracking a part.
 *
 * @param radiusFraction a firing is on the part when the detector's position lies within this
 *     fraction of the layer's theoretical receptive field of the part's keypoint; tying the radius
 *     to the receptive field keeps the test equally strict for every layer relative to what one
 *     unit sees
 * @param minShare a detector tracks a part when at least this share of its firings (on images where
 *     the part is visible) are on the part
 * @param minFirings ...and it fired on at least this many such images, so that a share is not read
 *     off a handful of firings
 */
public record TrackingRule(double radiusFraction, double minShare, int minFirings) {

  /** The defaults, justified in docs/meaning.md by the shuffled-keypoint control. */
  public static final TrackingRule DEFAULT = new TrackingRule(0.125, 0.5, 10);

  public TrackingRule {
    if (!(radiusFraction > 0) || radiusFraction > 1) {
      throw new IllegalArgumentException(
          "radius fraction was " + radiusFraction + ", must be in (0, 1] of the receptive field");
    }
    if (!(minShare > 0) || minShare > 1) {
      throw new IllegalArgumentException("min share was " + minShare + ", must be in (0, 1]");
    }
    if (minFirings < 1) {
      throw new IllegalArgumentException("min firings was " + minFirings + ", must be >= 1");
    }
  }

  /** The on-part radius for layer {@code g}, pixels of the model input plane. */
  public double radius(LayerGeometry g) {
    return radiusFraction * g.receptiveField();
  }

  /** Whether a detector-part measurement passes this rule. */
  public boolean tracks(PartTracking.Track t) {
    return t.firings() >= minFirings && t.share() >= minShare;
  }
}
