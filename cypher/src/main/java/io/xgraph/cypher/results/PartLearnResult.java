package io.xgraph.cypher.results;

import java.util.List;
import org.neo4j.procedure.Description;

/** A part just learned and stored (row of {@code xg.part.learn}). */
public final class PartLearnResult {
  @Description("Part name.")
  public final String part;

  @Description("Model name.")
  public final String model;

  @Description("Model version the part was learned on (the part is deleted with it).")
  public final long modelVersion;

  @Description("Number of templates (one per annotated image that had firing patterns).")
  public final long templates;

  @Description("Patterns kept per template, in template order.")
  public final List<Long> patternsPerTemplate;

  @Description("Source image of each template, in template order.")
  public final List<String> templateImages;

  @Description("Whether each template was learned from the mirrored image, in template order.")
  public final List<Boolean> templateMirrored;

  @Description("Unannotated training images whose responses were used.")
  public final long unannotated;

  @Description("Images run through the CNN and the graph during this call (with mirrors).")
  public final long inferences;

  @Description("Wall time of the call, milliseconds.")
  public final double millis;

  public PartLearnResult(
      String part,
      String model,
      long modelVersion,
      List<Long> patternsPerTemplate,
      List<String> templateImages,
      List<Boolean> templateMirrored,
      long unannotated,
      long inferences,
      double millis) {
    this.part = part;
    this.model = model;
    this.modelVersion = modelVersion;
    this.templates = patternsPerTemplate.size();
    this.patternsPerTemplate = patternsPerTemplate;
    this.templateImages = templateImages;
    this.templateMirrored = templateMirrored;
    this.unannotated = unannotated;
    this.inferences = inferences;
    this.millis = millis;
  }
}
