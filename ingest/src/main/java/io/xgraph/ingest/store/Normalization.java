package io.xgraph.ingest.store;

/**
 * The feature normalisation of docs/algorithm.md: f = x / sigma where the raw pre-activation x is
 * positive, else -1.
 */
public final class Normalization {

  private Normalization() {}

  /** Writes normalised {@code raw} into {@code out} (may be the same array). */
  public static void normalize(float[] raw, float[] sigma, float[] out) {
    if (raw.length != sigma.length || out.length != raw.length) {
      throw new IllegalArgumentException(
          "raw has " + raw.length + " values, sigma " + sigma.length + ", out " + out.length);
    }
    for (int i = 0; i < raw.length; i++) {
      float x = raw[i];
      out[i] = x > 0 ? x / sigma[i] : -1f;
    }
  }
}
