package io.xgraph.store.internal;

import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.Provenance;
import java.util.List;
import java.util.Map;

/**
 * What one write stores: the graph under its name, the CNN it explains, the dataset and category it
 * was learned on. Checks, before anything is staged, that the name and the model do not clash with
 * what the store holds.
 */
record GraphTarget(String name, ExplanatoryGraph graph, Provenance provenance) {

  /** Name of the CNN (the {@code Model} node). */
  String model() {
    return graph.modelName();
  }

  /** Dataset the images are unique within ("" when the provenance names none). */
  String dataset() {
    return provenance.dataset();
  }

  String category() {
    return provenance.category();
  }

  /**
   * Refuses a write that would silently replace a graph of another model or category, or give the
   * stored CNN another ONNX file. Re-writing a graph of the same model and category replaces it.
   *
   * @throws IllegalArgumentException naming the clash and the fix
   */
  void checkAgainst(CypherSession session) {
    List<Map<String, Object>> same =
        session.read(
            tx ->
                tx.list(
                    "MATCH (g:ExplanatoryGraph {name: $name})"
                        + " RETURN g.model AS model, coalesce(g.category, '') AS category",
                    Map.of("name", name)));
    if (!same.isEmpty()) {
      Object model = same.get(0).get("model");
      Object category = same.get(0).get("category");
      if (!model().equals(model) || !category().equals(category)) {
        throw new IllegalArgumentException(
            "Graph `"
                + name
                + "` in "
                + session.location()
                + " already holds model `"
                + model
                + "`"
                + describe(String.valueOf(category))
                + "; this graph is of model `"
                + model()
                + "`"
                + describe(category())
                + ". Nothing was written: give the new graph another name (--graph NAME), or"
                + " delete the stored one first (xgraph store delete "
                + name
                + ").");
      }
    }
    List<Map<String, Object>> other =
        session.read(
            tx ->
                tx.list(
                    "MATCH (g:ExplanatoryGraph {model: $model})"
                        + " WHERE g.name <> $name AND g.onnxSha256 <> $sha"
                        + " RETURN g.name AS name, g.onnxSha256 AS sha ORDER BY name",
                    Map.of("model", model(), "name", name, "sha", graph.modelSha256())));
    if (!other.isEmpty()) {
      throw new IllegalArgumentException(
          "Model `"
              + model()
              + "` in "
              + session.location()
              + " is a different ONNX file (SHA-256 "
              + other.get(0).get("sha")
              + ", graphs "
              + other.stream().map(r -> r.get("name")).toList()
              + ") than this graph's ("
              + graph.modelSha256()
              + "). Nothing was written: give the model another name when exporting it, or"
              + " delete those graphs first (xgraph store delete NAME).");
    }
  }

  private static String describe(String category) {
    return category.isEmpty() ? " (no category)" : " category `" + category + "`";
  }
}
