package io.xgraph.learner.aog;

import io.xgraph.learner.data.Point;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A part template (AND node): the patterns one annotated example selected, with their offsets.
 *
 * <p>Stored as {@code (:PartTemplate {sourceImageId, sourceX, sourceY})} with one {@code USES}
 * relationship per {@link TemplatePattern}; this record rebuilds from exactly those values.
 *
 * @param sourceImageId the annotated image the template was learned from
 * @param sourcePart the part annotation on that image (used as the template's fallback answer)
 * @param patterns the selected patterns, best first, distinct indices, at least one
 */
public record PartTemplate(String sourceImageId, Point sourcePart, List<TemplatePattern> patterns) {

  public PartTemplate {
    if (sourceImageId == null || sourceImageId.isBlank()) {
      throw new IllegalArgumentException("Part template needs a non-blank sourceImageId");
    }
    ImagePlane.requireOnPlane(sourcePart, "Source part of template `" + sourceImageId + "`");
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

  /** Largest pattern index used, to check responses against. */
  int maxPatternIndex() {
    int m = -1;
    for (TemplatePattern tp : patterns) {
      m = Math.max(m, tp.patternIndex());
    }
    return m;
  }
}
