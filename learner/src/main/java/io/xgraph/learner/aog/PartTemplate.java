package io.xgraph.learner.aog;

import io.xgraph.learner.data.Point;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A part template (AND node): the patterns one annotated example selected, with their offsets.
 *
 * <p>Stored as {@code (:PartTemplate {sourceImageId, sourceMirrored, sourceX, sourceY,
 * reliability})} with one {@code USES} relationship per {@link TemplatePattern}; this record
 * rebuilds from exactly those values.
 *
 * @param sourceImageId the annotated image the template was learned from
 * @param sourceMirrored whether it was learned from the horizontally flipped image (offsets and
 *     {@code sourcePart} then refer to the flipped plane)
 * @param sourcePart the part annotation in the source plane (flipped if {@code sourceMirrored})
 * @param reliability in (0, 1]: how well the template found the part on the other annotated
 *     examples (mean {@code exp(-d^2 / (2 tau^2))}); 1 when there were none. Multiplies the
 *     template's vote score in the OR node.
 * @param patterns the selected patterns, best first, distinct indices, at least one
 */
public record PartTemplate(
    String sourceImageId,
    boolean sourceMirrored,
    Point sourcePart,
    double reliability,
    List<TemplatePattern> patterns) {

  public PartTemplate {
    if (sourceImageId == null || sourceImageId.isBlank()) {
      throw new IllegalArgumentException("Part template needs a non-blank sourceImageId");
    }
    ImagePlane.requireOnPlane(sourcePart, "Source part of template `" + sourceImageId + "`");
    if (!(reliability > 0 && reliability <= 1)) {
      throw new IllegalArgumentException(
          "Part template `"
              + sourceImageId
              + "` has reliability "
              + reliability
              + ": must be within (0, 1]");
    }
    patterns = List.copyOf(patterns);
    if (patterns.isEmpty()) {
      throw new IllegalArgumentException(
          "Part template `" + sourceImageId + "` has no patterns: a template needs at least one");
    }
    Set<Integer> seen = new HashSet<>();
    for (TemplatePattern tp : patterns) {
      if (!seen.add(tp.patternIndex())) {
        throw new IllegalArgumentException(
            "Part template `"
                + sourceImageId
                + "` uses pattern "
                + tp.patternIndex()
                + " twice: each pattern at most once per template");
      }
    }
  }

  /** A template learned from the unflipped image, with reliability 1. */
  public PartTemplate(String sourceImageId, Point sourcePart, List<TemplatePattern> patterns) {
    this(sourceImageId, false, sourcePart, 1.0, patterns);
  }

  /** The source annotation on the unflipped source image. */
  public Point sourcePartUnflipped() {
    return sourceMirrored ? ImagePlane.mirror(sourcePart) : sourcePart;
  }

  PartTemplate withReliability(double r) {
    return new PartTemplate(sourceImageId, sourceMirrored, sourcePart, r, patterns);
  }

  /** Largest pattern index used, to check responses against. */
  int maxPatternIndex() {
    int m = -1;
    for (TemplatePattern tp : patterns) {
      m = Math.max(m, tp.patternIndex());
    }
    return m;
  }
}
