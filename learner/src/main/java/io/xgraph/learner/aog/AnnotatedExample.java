package io.xgraph.learner.aog;

import io.xgraph.learner.data.Point;

/**
 * One annotated shot: an image's pattern responses and its part annotation, optionally with the
 * responses of the horizontally flipped image (then the template may be learned from the flip, and
 * the leave-one-out check of the other templates may use it).
 *
 * @param responses the image's responses
 * @param part the part centre on the crop plane of the (unflipped) image
 * @param flipped responses of the flipped image, or null
 */
public record AnnotatedExample(PatternResponses responses, Point part, PatternResponses flipped) {

  public AnnotatedExample {
    if (responses == null) {
      throw new IllegalArgumentException("Annotated example needs its pattern responses");
    }
    ImagePlane.requireOnPlane(part, "Part annotation of image `" + responses.imageId() + "`");
    if (flipped != null) {
      if (!flipped.imageId().equals(responses.imageId())) {
        throw new IllegalArgumentException(
            "Flipped responses of annotated image `"
                + responses.imageId()
                + "` are for image `"
                + flipped.imageId()
                + "`: pass the flip of the same image");
      }
      flipped.requirePatternCount(responses.patternCount(), "flipped annotated image");
    }
  }

  /** An example without flipped responses. */
  public AnnotatedExample(PatternResponses responses, Point part) {
    this(responses, part, null);
  }

  /** The image id. */
  public String imageId() {
    return responses.imageId();
  }

  /** The same shot seen through its flipped image (annotation mirrored); null if no flip given. */
  AnnotatedExample mirrored() {
    return flipped == null
        ? null
        : new AnnotatedExample(flipped, ImagePlane.mirror(part), responses);
  }
}
