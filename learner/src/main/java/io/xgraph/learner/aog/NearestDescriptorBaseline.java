package io.xgraph.learner.aog;

import io.xgraph.learner.data.Point;
import java.util.List;

/**
 * Baseline (c): transfer the annotation of the annotated image whose pooled CNN descriptor is most
 * cosine-similar to the query's. When the flipped query's descriptor matches an annotated image
 * better than the query's own, the query is taken as that image's mirror and the annotation is
 * mirrored ({@link ImagePlane#mirror(Point)}). Ties go to the earlier annotated image, unflipped.
 */
public final class NearestDescriptorBaseline {

  /**
   * An annotated image for this baseline.
   *
   * @param imageId the image
   * @param descriptor its pooled descriptor (finite, not all zero)
   * @param part its part annotation
   */
  public record Example(String imageId, float[] descriptor, Point part) {

    public Example {
      ImagePlane.requireOnPlane(part, "Part annotation of image `" + imageId + "`");
      requireDescriptor(descriptor, "of annotated image `" + imageId + "`", -1);
      descriptor = descriptor.clone();
    }
  }

  /**
   * The transferred annotation.
   *
   * @param point the predicted part centre
   * @param sourceImageId the annotated image it came from
   * @param similarity the cosine similarity of the match
   * @param mirrored whether the flipped query matched
   */
  public record Match(Point point, String sourceImageId, double similarity, boolean mirrored) {}

  private NearestDescriptorBaseline() {}

  /**
   * Finds the nearest annotated image.
   *
   * @param annotated the annotated images (at least one)
   * @param query the query image's descriptor
   * @param flippedQuery the flipped query image's descriptor, or null
   */
  public static Match predict(List<Example> annotated, float[] query, float[] flippedQuery) {
    if (annotated == null || annotated.isEmpty()) {
      throw new IllegalArgumentException(
          "Nearest-descriptor baseline got 0 annotated images: supply at least 1");
    }
    int dim = annotated.get(0).descriptor().length;
    requireDescriptor(query, "of the query image", dim);
    if (flippedQuery != null) {
      requireDescriptor(flippedQuery, "of the flipped query image", dim);
    }
    Match best = null;
    for (Example e : annotated) {
      requireDescriptor(e.descriptor(), "of annotated image `" + e.imageId() + "`", dim);
      double s = cosine(query, e.descriptor);
      if (best == null || s > best.similarity()) {
        best = new Match(e.part(), e.imageId(), s, false);
      }
    }
    if (flippedQuery != null) {
      for (Example e : annotated) {
        double s = cosine(flippedQuery, e.descriptor);
        if (s > best.similarity()) {
          best = new Match(ImagePlane.mirror(e.part()), e.imageId(), s, true);
        }
      }
    }
    return best;
  }

  static double cosine(float[] a, float[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int k = 0; k < a.length; k++) {
      ab += (double) a[k] * b[k];
      aa += (double) a[k] * a[k];
      bb += (double) b[k] * b[k];
    }
    return ab / Math.sqrt(aa * bb);
  }

  static void requireDescriptor(float[] d, String what, int dim) {
    if (d == null) {
      throw new IllegalArgumentException(
          "Descriptor " + what + " is missing: supply a pooled descriptor for every image");
    }
    if (dim >= 0 && d.length != dim) {
      throw new IllegalArgumentException(
          "Descriptor "
              + what
              + " has length "
              + d.length
              + " but the others have "
              + dim
              + ": pool the same layer for every image");
    }
    double norm = 0;
    for (int k = 0; k < d.length; k++) {
      if (!Float.isFinite(d[k])) {
        throw new IllegalArgumentException(
            "Descriptor " + what + " has " + d[k] + " at " + k + ": values must be finite");
      }
      norm += (double) d[k] * d[k];
    }
    if (!(norm > 0)) {
      throw new IllegalArgumentException(
          "Descriptor " + what + " is all zero: cosine similarity needs a non-zero descriptor");
    }
  }
}
