package io.xgraph.learner.aog;

import java.util.List;

/**
 * A semantic part (OR node of the And-Or graph) with its alternative templates.
 *
 * <p>Stored as {@code (:Part {name, patternCount})-[:HAS_TEMPLATE]->(:PartTemplate)}.
 *
 * @param partName name of the part, e.g. "head"
 * @param patternCount P, the number of patterns of the responses the model was learned on; every
 *     image localised must have responses of the same length
 * @param templates one template per annotated example, at least one
 */
public record PartModel(String partName, int patternCount, List<PartTemplate> templates) {

  public PartModel {
    if (partName == null || partName.isBlank()) {
      throw new IllegalArgumentException("Part model needs a non-blank partName, e.g. \"head\"");
    }
    templates = List.copyOf(templates);
    if (templates.isEmpty()) {
      throw new IllegalArgumentException(
          "Part model `" + partName + "` has no templates: learn it from at least one annotation");
    }
    for (PartTemplate t : templates) {
      if (t.maxPatternIndex() >= patternCount) {
        throw new IllegalArgumentException(
            "Template `"
                + t.sourceImageId()
                + "` of part `"
                + partName
                + "` uses pattern "
                + t.maxPatternIndex()
                + " but patternCount is "
                + patternCount
                + ": set patternCount to the number of patterns of the graph");
      }
    }
  }
}
