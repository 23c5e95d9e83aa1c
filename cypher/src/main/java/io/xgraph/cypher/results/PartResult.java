package io.xgraph.cypher.results;

import java.time.ZonedDateTime;
import org.neo4j.procedure.Description;

/** One stored part (row of {@code xg.part.list}). */
public final class PartResult {
  @Description("Part name.")
  public final String part;

  @Description("Part key, '<model>:<part>'.")
  public final String key;

  @Description("Model version the part was learned on.")
  public final long modelVersion;

  @Description("Number of templates (AND nodes).")
  public final long templates;

  @Description("Number of USES relationships (selected patterns) over all templates.")
  public final long uses;

  @Description("When the part was stored.")
  public final ZonedDateTime learnedAt;

  @Description("Learning parameters, JSON text.")
  public final String parameters;

  @Description("The annotations it was learned from, JSON text (image, crop-plane x and y).")
  public final String annotations;

  public PartResult(
      String part,
      String key,
      long modelVersion,
      long templates,
      long uses,
      ZonedDateTime learnedAt,
      String parameters,
      String annotations) {
    this.part = part;
    this.key = key;
    this.modelVersion = modelVersion;
    this.templates = templates;
    this.uses = uses;
    this.learnedAt = learnedAt;
    this.parameters = parameters;
    this.annotations = annotations;
  }
}
