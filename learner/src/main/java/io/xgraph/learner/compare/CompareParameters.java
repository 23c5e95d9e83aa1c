package io.xgraph.learner.compare;

/**
 * Settings of a comparison. Distances are normalised by the input diagonal (224 sqrt 2 = 316.8 px).
 *
 * @param minSupport least number of shared images on which both patterns fire for a pair to count
 *     (default 10)
 * @param cap truncation of per-image distances: the pair distance is the mean over shared firing
 *     images of min(d, cap), which keeps one far-off image from dominating and lets only pairs
 *     closer than cap on some image be examined (default 0.10, 32 px)
 * @param maxDistance a mutual best match is a counterpart only when its distance is at most this
 *     (default 0.05, 16 px); must be below cap
 * @param topImages images per pattern for stability and part coverage, by score (default 20, the
 *     paper's K)
 * @param detectorsPerLayer detectors per layer kept for stability by mean top score (default 167,
 *     the release)
 * @param pointRadius a pattern points at a part when its mean distance to the part over its top
 *     images is at most this (default 0.10) and the part is its nearest
 * @param stableSpread a pattern is stable when the sample standard deviation of those distances is
 *     at most this (default 0.05)
 * @param minVisible least number of top images with the part visible for a pattern to point at it
 *     (default 5)
 */
public record CompareParameters(
    int minSupport,
    double cap,
    double maxDistance,
    int topImages,
    int detectorsPerLayer,
    double pointRadius,
    double stableSpread,
    int minVisible) {

  public CompareParameters {
    if (minSupport < 1) {
      throw new IllegalArgumentException(
          "minSupport=" + minSupport + " must be at least 1 (shared firing images)");
    }
    if (!(cap > 0) || !(maxDistance > 0) || maxDistance >= cap) {
      throw new IllegalArgumentException(
          "maxDistance="
              + maxDistance
              + " and cap="
              + cap
              + " must satisfy 0 < maxDistance < cap (normalised distances)");
    }
    if (topImages < 2 || detectorsPerLayer < 1 || minVisible < 2) {
      throw new IllegalArgumentException(
          "topImages="
              + topImages
              + ", detectorsPerLayer="
              + detectorsPerLayer
              + ", minVisible="
              + minVisible
              + ": need topImages >= 2, detectorsPerLayer >= 1, minVisible >= 2");
    }
    if (!(pointRadius > 0) || !(stableSpread > 0)) {
      throw new IllegalArgumentException(
          "pointRadius=" + pointRadius + " and stableSpread=" + stableSpread + " must be > 0");
    }
  }

  /** The documented defaults. */
  public static CompareParameters defaults() {
    return new CompareParameters(10, 0.10, 0.05, 20, 167, 0.10, 0.05, 5);
  }

  public CompareParameters withMinSupport(int v) {
    return new CompareParameters(
        v, cap, maxDistance, topImages, detectorsPerLayer, pointRadius, stableSpread, minVisible);
  }

  public CompareParameters withDistances(double newCap, double newMax) {
    return new CompareParameters(
        minSupport,
        newCap,
        newMax,
        topImages,
        detectorsPerLayer,
        pointRadius,
        stableSpread,
        minVisible);
  }

  public CompareParameters withCoverage(double radius, double spread, int visible) {
    return new CompareParameters(
        minSupport, cap, maxDistance, topImages, detectorsPerLayer, radius, spread, visible);
  }

  public CompareParameters withStability(int top, int perLayer) {
    return new CompareParameters(
        minSupport, cap, maxDistance, top, perLayer, pointRadius, stableSpread, minVisible);
  }
}
