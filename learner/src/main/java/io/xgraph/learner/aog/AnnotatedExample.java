package io.xgraph.learner.aog;

import io.xgraph.learner.data.Point;

/**
 * One annotated shot: an image's pattern responses and its part annotation.
 *
 * @param responses the image's responses
 * @param part the part centre on the crop plane
 */
public record AnnotatedExample(PatternResponses responses, Point part) {

  public AnnotatedExample {
    if (responses == null) {
      throw new IllegalArgumentException("Annotated example needs its pattern responses");
    }
    ImagePlane.requireOnPlane(part, "Part annotation of image `" + responses.imageId() + "`");
  }

  /** The image id. */
  public String imageId() {
    return responses.imageId();
  }
}
