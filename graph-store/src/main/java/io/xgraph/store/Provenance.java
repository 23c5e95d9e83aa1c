package io.xgraph.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a graph came from, stored on its {@code ExplanatoryGraph} node next to the learning
 * parameters.
 *
 * @param dataset the image set the graph was learned on (a name or folder), or "" if unknown
 * @param toolVersions versions of the tools involved, e.g. {@code xgraph -> 0.1.0}, {@code
 *     onnxruntime -> 1.28.0}; kept as a JSON string property {@code toolVersions}
 * @param properties extra graph properties (producer, inputName, preprocessing, ...): strings,
 *     numbers or booleans, stored as properties of the same name on the {@code ExplanatoryGraph}
 *     node
 * @param category the object category the graph was learned on (e.g. a CUB class), or "" when the
 *     graph covers a whole dataset; stored as {@code ExplanatoryGraph.category}
 */
public record Provenance(
    String dataset,
    Map<String, String> toolVersions,
    Map<String, Object> properties,
    String category) {

  private static final Pattern PROPERTY_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  /** Property names the store itself writes on the Model node. */
  public static final java.util.Set<String> RESERVED =
      java.util.Set.of(
          "name",
          "onnxSha256",
          "version",
          "writtenAt",
          "stagedAt",
          "writer",
          "schemaVersion",
          "layers",
          "layerCount",
          "patternCount",
          "parentCount",
          "firingCount",
          "parameters",
          "parameterTypes",
          "trainingImageIds",
          "trainingImageCount",
          "dataset",
          "toolVersions",
          "model",
          "category",
          "learnedAt");

  /** Provenance of a graph of no particular category. */
  public Provenance(
      String dataset, Map<String, String> toolVersions, Map<String, Object> properties) {
    this(dataset, toolVersions, properties, "");
  }

  public Provenance {
    dataset = dataset == null ? "" : dataset;
    category = category == null ? "" : category.strip();
    toolVersions = Map.copyOf(toolVersions);
    properties = Map.copyOf(properties);
    for (Map.Entry<String, Object> e : properties.entrySet()) {
      String key = e.getKey();
      if (!PROPERTY_NAME.matcher(key).matches() || RESERVED.contains(key)) {
        throw new IllegalArgumentException(
            "Provenance property `"
                + key
                + "` is not allowed: use a name of letters, digits and '_' that is not one of "
                + RESERVED);
      }
      Object v = e.getValue();
      if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
        throw new IllegalArgumentException(
            "Provenance property `"
                + key
                + "` has value `"
                + v
                + "` of type "
                + v.getClass().getSimpleName()
                + ": use a string, number or boolean");
      }
    }
  }

  /** Provenance naming the dataset, with this build's xgraph and Java versions. */
  public static Provenance of(String dataset) {
    Map<String, String> tools = new LinkedHashMap<>();
    String xgraph = GraphStore.class.getPackage().getImplementationVersion();
    tools.put("xgraph", xgraph == null ? "development" : xgraph);
    tools.put("java", System.getProperty("java.version"));
    return new Provenance(dataset, tools, Map.of());
  }

  /** A copy with one more tool version. */
  public Provenance withTool(String tool, String version) {
    Map<String, String> tools = new LinkedHashMap<>(toolVersions);
    tools.put(tool, version);
    return new Provenance(dataset, tools, properties, category);
  }

  /** A copy naming the object category the graph was learned on. */
  public Provenance withCategory(String category) {
    return new Provenance(dataset, toolVersions, properties, category);
  }

  /** A copy with one more graph property. */
  public Provenance withProperty(String key, Object value) {
    Map<String, Object> props = new LinkedHashMap<>(properties);
    props.put(key, value);
    return new Provenance(dataset, toolVersions, props, category);
  }
}
