package io.xgraph.cypher.results;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
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

  @Description("Learning parameters.")
  public final Map<String, Object> parameters;

  @Description("The annotations it was learned from: {image, x, y} (crop-plane x and y).")
  public final List<Object> annotations;

  public PartResult(
      String part,
      String key,
      long modelVersion,
      long templates,
      long uses,
      ZonedDateTime learnedAt,
      Map<String, Object> parameters,
      List<Object> annotations) {
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
