package io.xgraph.cypher.query;

import io.xgraph.cypher.config.ConfigReader;
import io.xgraph.cypher.results.SharedFilterResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.ResourceIterator;
import org.neo4j.graphdb.Transaction;

/** Questions across the graphs of one CNN (one graph per category): {@code xg.filter.shared}. */
public final class CrossGraphQueries {

  private CrossGraphQueries() {}

  /** Filters of {@code model} whose patterns appear in at least {@code minGraphs} graphs. */
  public static Stream<SharedFilterResult> sharedFilters(
      Transaction tx, String model, Map<String, Object> configuration) {
    ConfigReader c = new ConfigReader("xg.filter.shared", configuration);
    long minGraphs = c.integer("minGraphs", 2, 1, Integer.MAX_VALUE);
    long limit = c.integer("limit", 100, 1, 10_000);
    Object layer = c.raw("layer");
    c.done();
    String cnn = cnn(tx, model);
    Map<String, Object> params = new java.util.HashMap<>();
    params.put("model", cnn);
    params.put("min", minGraphs);
    params.put("limit", limit);
    params.put("layer", layer == null ? null : String.valueOf(layer));
    List<SharedFilterResult> out = new ArrayList<>();
    try (var rows =
        tx.execute(
            "MATCH (g:ExplanatoryGraph {model: $model})-[:HAS_LAYER]->(l:Layer)"
                + " WHERE $layer IS NULL OR l.name = $layer"
                + " MATCH (l)-[:HAS_PATTERN]->(p:Pattern)"
                + " WITH l.name AS layer, min(l.index) AS layerIndex, p.channel AS channel,"
                + " g.name AS graph, g.category AS category, count(p) AS n,"
                + " sum(p.meanScore) AS score ORDER BY graph"
                + " WITH layer, layerIndex, channel, collect(graph) AS graphs,"
                + " collect(coalesce(category, '')) AS categories, sum(n) AS patterns,"
                + " sum(score) / sum(n) AS meanScore"
                + " WHERE size(graphs) >= $min"
                + " RETURN layer, channel, graphs, categories, patterns, meanScore"
                + " ORDER BY size(graphs) DESC, layerIndex, patterns DESC, channel LIMIT $limit",
            params)) {
      rows.forEachRemaining(
          r -> {
            @SuppressWarnings("unchecked")
            List<String> graphs = (List<String>) r.get("graphs");
            @SuppressWarnings("unchecked")
            List<String> categories = (List<String>) r.get("categories");
            out.add(
                new SharedFilterResult(
                    cnn,
                    (String) r.get("layer"),
                    ((Number) r.get("channel")).longValue(),
                    graphs,
                    categories,
                    graphs.size(),
                    ((Number) r.get("patterns")).longValue(),
                    ((Number) r.get("meanScore")).doubleValue()));
          });
    }
    return out.stream();
  }

  /**
   * The stored CNN named {@code model}; null or "" names the only one.
   *
   * @throws IllegalArgumentException naming the stored CNNs
   */
  static String cnn(Transaction tx, String model) {
    Catalog.requireCurrentSchema(tx);
    Set<String> names = new TreeSet<>();
    try (ResourceIterator<Node> it = tx.findNodes(Catalog.MODEL)) {
      it.forEachRemaining(g -> names.add(String.valueOf(g.getProperty("model", ""))));
    }
    if (model == null || model.isBlank()) {
      if (names.size() == 1) {
        return names.iterator().next();
      }
      throw new IllegalArgumentException(
          "Argument `model` "
              + (model == null ? "was null" : "is empty")
              + (names.isEmpty()
                  ? " and the store holds no graph; learn one with `xgraph demo`"
                  : "; the store holds graphs of several CNNs, name one of " + names)
              + ".");
    }
    if (!names.contains(model)) {
      throw new IllegalArgumentException(
          "CNN `"
              + model
              + "` has no graph in the store; CNNs with graphs: "
              + (names.isEmpty() ? "none (learn one with `xgraph demo`)" : names)
              + ". List the graphs with CALL xg.model.list().");
    }
    return model;
  }
}
