package io.xgraph.learner.aog;

import java.util.Arrays;

/**
 * What every pattern did on one image: the input of part learning and localisation.
 *
 * <p>Index {@code i} is the pattern index {@code 0..P-1}; for an explanatory graph it is {@link
 * io.xgraph.learner.model.Pattern#id()}, for the raw-filter baseline a dense filter index.
 * Positions are on the {@link ImagePlane} (pixels of the 224 x 224 object crop). Entries of
 * patterns that did not fire are ignored and may hold anything, NaN included. Nothing here assumes
 * graph-specific properties, so raw-filter responses use the same record.
 *
 * <p>The arrays are copied in and out; inside the package the indexed accessors avoid the copies.
 *
 * @param imageId the image id
 * @param x inferred x per pattern, pixels
 * @param y inferred y per pattern, pixels
 * @param score inference score per pattern (must be finite and {@code >= 0} where fired)
 * @param fired whether the pattern fired on the image
 */
public record PatternResponses(
    String imageId, float[] x, float[] y, float[] score, boolean[] fired) {

  public PatternResponses {
    if (imageId == null || imageId.isBlank()) {
      throw new IllegalArgumentException("Pattern responses need a non-blank imageId");
    }
    if (x == null || y == null || score == null || fired == null) {
      throw new IllegalArgumentException(
          "Pattern responses of image `"
              + imageId
              + "` miss an array (x, y, score or fired is null): supply all four, one entry per"
              + " pattern");
    }
    int p = fired.length;
    if (x.length != p || y.length != p || score.length != p) {
      throw new IllegalArgumentException(
          "Pattern responses of image `"
              + imageId
              + "` have mismatched lengths x="
              + x.length
              + ", y="
              + y.length
              + ", score="
              + score.length
              + ", fired="
              + p
              + ": all four arrays need one entry per pattern");
    }
    for (int i = 0; i < p; i++) {
      if (!fired[i]) {
        continue;
      }
      if (!Float.isFinite(x[i]) || !Float.isFinite(y[i]) || !Float.isFinite(score[i])) {
        throw new IllegalArgumentException(
            "Pattern "
                + i
                + " fired on image `"
                + imageId
                + "` with position ("
                + x[i]
                + ", "
                + y[i]
                + ") and score "
                + score[i]
                + ": a fired pattern needs finite values (mark it fired=false instead)");
      }
      if (score[i] < 0) {
        throw new IllegalArgumentException(
            "Pattern "
                + i
                + " fired on image `"
                + imageId
                + "` with score "
                + score[i]
                + ": scores must be >= 0 (mark non-positive responses fired=false)");
      }
    }
    x = x.clone();
    y = y.clone();
    score = score.clone();
    fired = fired.clone();
  }

  /** Number of patterns P. */
  public int patternCount() {
    return fired.length;
  }

  /** Whether pattern {@code i} fired. */
  public boolean fired(int i) {
    return fired[i];
  }

  /** Inferred x of pattern {@code i}. */
  public double x(int i) {
    return x[i];
  }

  /** Inferred y of pattern {@code i}. */
  public double y(int i) {
    return y[i];
  }

  /** Score of pattern {@code i}. */
  public double score(int i) {
    return score[i];
  }

  @Override
  public float[] x() {
    return x.clone();
  }

  @Override
  public float[] y() {
    return y.clone();
  }

  @Override
  public float[] score() {
    return score.clone();
  }

  @Override
  public boolean[] fired() {
    return fired.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PatternResponses r
        && imageId.equals(r.imageId)
        && Arrays.equals(x, r.x)
        && Arrays.equals(y, r.y)
        && Arrays.equals(score, r.score)
        && Arrays.equals(fired, r.fired);
  }

  @Override
  public int hashCode() {
    return imageId.hashCode() * 31 + Arrays.hashCode(fired);
  }

  @Override
  public String toString() {
    int n = 0;
    for (boolean f : fired) {
      n += f ? 1 : 0;
    }
    return "PatternResponses[" + imageId + ", " + n + "/" + fired.length + " fired]";
  }

  /** Throws if this image does not have {@code expected} patterns. */
  void requirePatternCount(int expected, String role) {
    if (patternCount() != expected) {
      throw new IllegalArgumentException(
          "Pattern responses of image `"
              + imageId
              + "` ("
              + role
              + ") have "
              + patternCount()
              + " patterns but the model has "
              + expected
              + ": use responses from the same graph (or the same raw-filter set) for every image");
    }
  }
}
