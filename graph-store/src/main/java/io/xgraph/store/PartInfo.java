package io.xgraph.store;

import java.time.ZonedDateTime;
import java.util.Map;

/**
 * Summary of one stored part.
 *
 * @param model model name
 * @param name part name
 * @param modelVersion the model version the part was learned on
 * @param patternCount number of patterns of the graph the part was learned on
 * @param templateCount number of templates (AND nodes)
 * @param usesCount number of {@code USES} relationships over all templates
 * @param learnedAt when the part was written
 * @param properties the extra properties given when writing
 */
public record PartInfo(
    String model,
    String name,
    long modelVersion,
    int patternCount,
    int templateCount,
    int usesCount,
    ZonedDateTime learnedAt,
    Map<String, Object> properties) {

  public PartInfo {
    properties = Map.copyOf(properties);
  }
}
