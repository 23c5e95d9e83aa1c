package io.xgraph.learner.meaning;

import io.xgraph.learner.data.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How well each detector of one layer follows each annotated part: over the images where the
 * detector fires and the part is visible, the share of firings whose position lies within a radius
 * of the part's keypoint, and the mean and spread of the offset (detector minus part).
 *
 * <p>Detectors are rows of {@code [detector][image]} arrays: graph patterns (their inferred
 * position, fired by the learner's firing rule) or raw filters (argmax unit, fired by {@link
 * #firedByMeanRatio}). Parts are given per image as keypoints by part id, in the same pixels.
 */
public final class PartTracking {

  private PartTracking() {}

  /**
   * One detector against one part.
   *
   * @param detector row of the detector in the layer's arrays
   * @param part part id (CUB numbering, 1-based)
   * @param firings images where the detector fired and the part is visible
   * @param hits of those, the images where the detector lies within the radius of the part
   * @param share hits / firings (0 when there are no firings)
   * @param meanDx mean x offset, detector minus part, pixels (NaN without firings)
   * @param meanDy mean y offset, pixels
   * @param spread root mean square distance of the offsets from their mean, pixels: how steadily
   *     the detector keeps its offset to the part
   */
  public record Track(
      int detector,
      int part,
      int firings,
      int hits,
      double share,
      double meanDx,
      double meanDy,
      double spread) {}

  /**
   * Measures every detector against every part.
   *
   * @param x detector x per image, {@code [detector][image]}
   * @param y detector y per image
   * @param fired whether the detector fired on the image
   * @param parts visible keypoints per image (same order as the columns)
   * @param partIds the parts to measure
   * @param radius on-part radius, pixels
   * @return {@code [detector][index in partIds]}
   */
  public static Track[][] measure(
      float[][] x,
      float[][] y,
      boolean[][] fired,
      List<Map<Integer, Point>> parts,
      int[] partIds,
      double radius) {
    if (x.length != y.length || x.length != fired.length) {
      throw new IllegalArgumentException(
          "x, y and fired need one row per detector, got "
              + x.length
              + ", "
              + y.length
              + " and "
              + fired.length);
    }
    if (!(radius > 0)) {
      throw new IllegalArgumentException("radius was " + radius + ", must be > 0 pixels");
    }
    int n = parts.size();
    Track[][] out = new Track[x.length][partIds.length];
    for (int v = 0; v < x.length; v++) {
      if (x[v].length != n || y[v].length != n || fired[v].length != n) {
        throw new IllegalArgumentException(
            "detector " + v + " has " + x[v].length + " columns, but there are " + n + " images");
      }
      for (int k = 0; k < partIds.length; k++) {
        out[v][k] = one(v, partIds[k], x[v], y[v], fired[v], parts, radius);
      }
    }
    return out;
  }

  private static Track one(
      int v,
      int part,
      float[] x,
      float[] y,
      boolean[] fired,
      List<Map<Integer, Point>> parts,
      double radius) {
    int firings = 0;
    int hits = 0;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      if (!fired[i]) {
        continue;
      }
      Point p = parts.get(i).get(part);
      if (p == null) {
        continue;
      }
      double dx = x[i] - p.x();
      double dy = y[i] - p.y();
      firings++;
      if (dx * dx + dy * dy <= radius * radius) {
        hits++;
      }
      sx += dx;
      sy += dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    if (firings == 0) {
      return new Track(v, part, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN);
    }
    double mx = sx / firings;
    double my = sy / firings;
    double var = Math.max(0, sxx / firings - mx * mx + syy / firings - my * my);
    return new Track(v, part, firings, hits, (double) hits / firings, mx, my, Math.sqrt(var));
  }

  /**
   * The detector's best part under {@code rule}: the part with the highest share among those with
   * enough firings; null when no part has enough firings.
   */
  public static Track best(Track[] row, TrackingRule rule) {
    Track best = null;
    for (Track t : row) {
      if (t.firings() >= rule.minFirings() && (best == null || t.share() > best.share())) {
        best = t;
      }
    }
    return best;
  }

  /**
   * The shuffled-keypoint control: image {@code i} gets the keypoints of another image (a random
   * single-cycle permutation, so no image keeps its own), seeded for reproducibility. Detectors
   * keep their positions and firings, so what they score against these keypoints is what their
   * spatial habits and the parts' usual places give without any tie to the image.
   *
   * @throws IllegalArgumentException fewer than two images
   */
  public static List<Map<Integer, Point>> shuffled(List<Map<Integer, Point>> parts, long seed) {
    int n = parts.size();
    if (n < 2) {
      throw new IllegalArgumentException(
          "The shuffled-keypoint control needs at least 2 images, got " + n);
    }
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    // Sattolo's algorithm: a uniform random cyclic permutation, which has no fixed point.
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    List<Map<Integer, Point>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(parts.get(perm[i]));
    }
    return out;
  }

  /**
   * The raw-filter analogue of the learner's firing rule (a pattern fires when its score is at
   * least {@code firingRatio} times its mean score over the training images): a filter fires on an
   * image when its peak response is positive and at least {@code ratio} times its mean peak over
   * the {@code reference} images.
   *
   * @param score peak response per filter and image, {@code [filter][image]}
   * @param reference columns of the images the mean is taken over (the training split)
   */
  public static boolean[][] firedByMeanRatio(float[][] score, int[] reference, double ratio) {
    if (reference.length == 0) {
      throw new IllegalArgumentException(
          "The raw filters' firing rule needs training images for their mean peak; the feature"
              + " store has none (ingest with --split all)");
    }
    boolean[][] out = new boolean[score.length][];
    for (int c = 0; c < score.length; c++) {
      double mean = 0;
      for (int i : reference) {
        mean += score[c][i];
      }
      mean /= reference.length;
      out[c] = new boolean[score[c].length];
      for (int i = 0; i < score[c].length; i++) {
        out[c][i] = score[c][i] > 0 && score[c][i] >= ratio * mean;
      }
    }
    return out;
  }
}
