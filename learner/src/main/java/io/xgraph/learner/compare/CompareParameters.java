package io.xgraph.learner.compare;

import java.util.function.Consumer;

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
 * @param maxRatio co-movement: a counterpart also needs D_obs / D_ind at most this, where D_obs is
 *     the pair's mean squared distance over the shared firing images and D_ind its expected value
 *     were the two positions independent across images (|mean a - mean b|^2 + var a + var b); near
 *     1 for patterns that merely sit at the same place, near 0 for patterns that move together
 *     (default 0.25; see docs/compare.md for the measurement behind it)
 * @param minMovement co-movement needs movement: a counterpart also needs sqrt(var a + var b) over
 *     the shared firing images, normalised like distances, at least this; it also keeps D_ind away
 *     from 0 (default 0.01, 3.2 px)
 */
public record CompareParameters(
    int minSupport,
    double cap,
    double maxDistance,
    int topImages,
    int detectorsPerLayer,
    double pointRadius,
    double stableSpread,
    int minVisible,
    double maxRatio,
    double minMovement) {

  /** Default {@link #maxRatio()}. */
  public static final double DEFAULT_MAX_RATIO = 0.25;

  /** Default {@link #minMovement()}. */
  public static final double DEFAULT_MIN_MOVEMENT = 0.01;

  /** The settings without the co-movement fields, which take their defaults. */
  public CompareParameters(
      int minSupport,
      double cap,
      double maxDistance,
      int topImages,
      int detectorsPerLayer,
      double pointRadius,
      double stableSpread,
      int minVisible) {
    this(
        minSupport,
        cap,
        maxDistance,
        topImages,
        detectorsPerLayer,
        pointRadius,
        stableSpread,
        minVisible,
        DEFAULT_MAX_RATIO,
        DEFAULT_MIN_MOVEMENT);
  }

  public CompareParameters {
    if (!(maxRatio > 0) || !(minMovement > 0)) {
      throw new IllegalArgumentException(
          "maxRatio="
              + maxRatio
              + " and minMovement="
              + minMovement
              + " must be > 0 (use a large maxRatio, e.g. 10, to switch the co-movement test off)");
    }
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

  /** A copy with another {@link #minSupport()}. */
  public CompareParameters withMinSupport(int v) {
    return edit(f -> f.minSupport = v);
  }

  /** A copy with another {@link #cap()} and {@link #maxDistance()}. */
  public CompareParameters withDistances(double newCap, double newMax) {
    return edit(
        f -> {
          f.cap = newCap;
          f.maxDistance = newMax;
        });
  }

  /** A copy with other {@link #pointRadius()}, {@link #stableSpread()}, {@link #minVisible()}. */
  public CompareParameters withCoverage(double radius, double spread, int visible) {
    return edit(
        f -> {
          f.pointRadius = radius;
          f.stableSpread = spread;
          f.minVisible = visible;
        });
  }

  /** A copy with another {@link #topImages()} and {@link #detectorsPerLayer()}. */
  public CompareParameters withStability(int top, int perLayer) {
    return edit(
        f -> {
          f.topImages = top;
          f.detectorsPerLayer = perLayer;
        });
  }

  /** A copy with another {@link #maxRatio()} and {@link #minMovement()}. */
  public CompareParameters withCoMovement(double ratio, double movement) {
    return edit(
        f -> {
          f.maxRatio = ratio;
          f.minMovement = movement;
        });
  }

  /** A copy with the fields {@code change} sets; the canonical constructor checks the result. */
  private CompareParameters edit(Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return new CompareParameters(
        f.minSupport,
        f.cap,
        f.maxDistance,
        f.topImages,
        f.detectorsPerLayer,
        f.pointRadius,
        f.stableSpread,
        f.minVisible,
        f.maxRatio,
        f.minMovement);
  }

  /** A mutable copy of the components, so that each wither names only what it changes. */
  private static final class Fields {
    int minSupport;
    double cap;
    double maxDistance;
    int topImages;
    int detectorsPerLayer;
    double pointRadius;
    double stableSpread;
    int minVisible;
    double maxRatio;
    double minMovement;

    Fields(CompareParameters p) {
      minSupport = p.minSupport;
      cap = p.cap;
      maxDistance = p.maxDistance;
      topImages = p.topImages;
      detectorsPerLayer = p.detectorsPerLayer;
      pointRadius = p.pointRadius;
      stableSpread = p.stableSpread;
      minVisible = p.minVisible;
      maxRatio = p.maxRatio;
      minMovement = p.minMovement;
    }
  }
}
