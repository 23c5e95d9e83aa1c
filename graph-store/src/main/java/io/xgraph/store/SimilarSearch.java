package io.xgraph.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The k patterns most similar to a stored pattern, by the vector index over the descriptors of its
 * probe set. It only runs Cypher, through {@code cypher}, so the store API (embedded or Bolt) and
 * the {@code xg.pattern.similar} procedure (inside Neo4j) share it.
 *
 * <p>Neo4j 5's vector search cannot filter, so a graph filter over-fetches: it asks the index for
 * 4k, 16k, ... nodes until k of them pass or the index has no more. The index scores quantised
 * vectors (Neo4j's default, a quarter of the memory); its candidates are ranked by the exact cosine
 * of the stored descriptors.
 */
public final class SimilarSearch {

  /** Largest k. */
  public static final long MAX_K = 1_000;

  /** Runs a statement with parameters and returns its rows. */
  private final BiFunction<String, Map<String, Object>, List<Map<String, Object>>> cypher;

  public SimilarSearch(BiFunction<String, Map<String, Object>, List<Map<String, Object>>> cypher) {
    this.cypher = cypher;
  }

  /** The probe set a graph's descriptors were measured over. */
  record Probes(String key, String dataset, long images, String index) {
    String describe() {
      return dataset + ", " + images + " images, key " + key;
    }
  }

  /**
   * The {@code k} patterns most similar to pattern {@code key}, most similar first.
   *
   * @param graph only patterns of this graph (null: any graph described on the same probe set)
   * @param otherGraphsOnly leave out the patterns of the queried pattern's own graph
   * @throws IllegalArgumentException k out of range, unknown pattern, a graph without descriptors
   *     or with descriptors over another probe set
   */
  public List<SimilarPattern> similar(String key, Long k, String graph, boolean otherGraphsOnly) {
    return similar(key, k, graph, otherGraphsOnly, ANY_LAYER);
  }

  /** No layer filter. */
  public static final int ANY_LAYER = -1;

  /**
   * As {@link #similar(String, Long, String, boolean)}, only patterns of layer index {@code layer}
   * (0 = the lowest layer of their graph; {@link #ANY_LAYER}: all layers). Most of what outranks a
   * counterpart across layers is the graph's own parents and children, which move together with it;
   * one layer is what a cross-model comparison matches within.
   *
   * @throws IllegalArgumentException also: a layer the filtered graph does not have
   */
  public List<SimilarPattern> similar(
      String key, Long k, String graph, boolean otherGraphsOnly, int layer) {
    if (k == null) {
      throw new IllegalArgumentException(
          "Argument `k` was null, but must be an integer within the range [1, " + MAX_K + "]");
    }
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException(
          "k must be 1.." + MAX_K + ", got " + k + ": ask for at most " + MAX_K + " patterns");
    }
    if (key == null) {
      throw new IllegalArgumentException(
          "Argument `patternKey` was null; give a pattern key '<model>:<id>', as returned by"
              + " xg.pattern.lookup(model).");
    }
    List<Map<String, Object>> found =
        cypher.apply("MATCH (p:Pattern {key: $key}) RETURN p.graph AS graph", Map.of("key", key));
    if (found.isEmpty()) {
      throw new IllegalArgumentException(
          "Unknown pattern `"
              + key
              + "`: no stored pattern has this key; keys are '<graph>:<id>', as xg.pattern.lookup"
              + " returns them");
    }
    String own = (String) found.get(0).get("graph");
    Probes probes =
        probes(own)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Graph `" + own + "` has no pattern descriptors: " + describeHint(own)));
    if (graph != null) {
      if (otherGraphsOnly && graph.equals(own)) {
        throw new IllegalArgumentException(
            "graph `"
                + graph
                + "` is the pattern's own graph but otherGraphsOnly is true: drop one of the two");
      }
      Probes other =
          probes(graph)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          (graphExists(graph)
                                  ? "Graph `" + graph + "` has no pattern descriptors: "
                                  : "Graph `"
                                      + graph
                                      + "` is not in the store: name a stored"
                                      + " graph (xg.model.list), or write it and then ")
                              + describeHint(graph)));
      if (!other.key().equals(probes.key())) {
        throw new IllegalArgumentException(
            "Graph `"
                + graph
                + "`'s descriptors are over another probe set ("
                + other.describe()
                + ") than graph `"
                + own
                + "`'s ("
                + probes.describe()
                + "), so they cannot be compared: describe both graphs on the same probe images"
                + " (xgraph part describe with feature stores of the same images and the same"
                + " --probes)");
      }
    }
    if (layer != ANY_LAYER) {
      requireLayer(layer, graph);
    }
    long indexed =
        ((Number)
                cypher
                    .apply(
                        "MATCH (:ExplanatoryGraph)-[d:DESCRIBED_ON]->(:ProbeSet {key: $ps})"
                            + " RETURN sum(d.patterns) AS n",
                        Map.of("ps", probes.key()))
                    .get(0)
                    .get("n"))
            .longValue();
    boolean filtered = graph != null || otherGraphsOnly || layer != ANY_LAYER;
    // twice k even unfiltered: the exact re-ranking can promote a candidate the index put after k
    long ask = filtered ? 4 * k : 2 * k;
    while (true) {
      long n = Math.min(ask, Math.max(indexed, k));
      List<Map<String, Object>> rows =
          cypher.apply(
              "MATCH (q:Pattern {key: $key})"
                  + " CALL db.index.vector.queryNodes($index, $n, q.descriptor)"
                  + " YIELD node"
                  + " WITH q, node WHERE ($graph = '' OR node.graph = $graph)"
                  + " AND NOT ($others AND node.graph = q.graph)"
                  + " AND ($layer < 0 OR node.layer = $layer)"
                  // the index scores quantised vectors: rank its candidates by the exact cosine
                  + " WITH node, vector.similarity.cosine(q.descriptor, node.descriptor) AS score"
                  + " RETURN node.key AS key, node.graph AS graph, node.layer AS layer,"
                  + " node.channel AS channel, score ORDER BY score DESC, key LIMIT $k",
              Map.of(
                  "key",
                  key,
                  "index",
                  probes.index(),
                  "n",
                  n,
                  "graph",
                  graph == null ? "" : graph,
                  "others",
                  otherGraphsOnly,
                  "layer",
                  layer,
                  "k",
                  k));
      if (rows.size() >= k || n >= indexed) {
        List<SimilarPattern> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
          out.add(
              new SimilarPattern(
                  out.size() + 1,
                  (String) r.get("key"),
                  (String) r.get("graph"),
                  ((Number) r.get("layer")).intValue(),
                  ((Number) r.get("channel")).intValue(),
                  // Neo4j's cosine score is (1 + cos) / 2
                  2 * ((Number) r.get("score")).doubleValue() - 1));
        }
        return out;
      }
      ask *= 4;
    }
  }

  /** Refuses a negative layer, or one the filtered graph does not have (naming its layers). */
  private void requireLayer(int layer, String graph) {
    if (layer < 0) {
      throw new IllegalArgumentException(
          "layer was " + layer + ": give a layer index, 0 for the lowest layer of a graph");
    }
    if (graph == null) {
      return;
    }
    long layers =
        ((Number)
                cypher
                    .apply(
                        "MATCH (:ExplanatoryGraph {name: $g})-[:HAS_LAYER]->(l:Layer)"
                            + " RETURN count(l) AS n",
                        Map.of("g", graph))
                    .get(0)
                    .get("n"))
            .longValue();
    if (layer >= layers) {
      throw new IllegalArgumentException(
          "layer was "
              + layer
              + ", but graph `"
              + graph
              + "` has layers 0.."
              + (layers - 1)
              + ": give one of those (xg.layer.list lists them)");
    }
  }

  private java.util.Optional<Probes> probes(String graph) {
    List<Map<String, Object>> rows =
        cypher.apply(
            "MATCH (:ExplanatoryGraph {name: $g})-[:DESCRIBED_ON]->(ps:ProbeSet)"
                + " RETURN ps.key AS key, ps.dataset AS dataset, ps.images AS images,"
                + " ps.index AS index",
            Map.of("g", graph));
    if (rows.isEmpty()) {
      return java.util.Optional.empty();
    }
    Map<String, Object> r = rows.get(0);
    return java.util.Optional.of(
        new Probes(
            (String) r.get("key"),
            (String) r.get("dataset"),
            ((Number) r.get("images")).longValue(),
            (String) r.get("index")));
  }

  private boolean graphExists(String graph) {
    return !cypher
        .apply("MATCH (g:ExplanatoryGraph {name: $g}) RETURN g.name AS n", Map.of("g", graph))
        .isEmpty();
  }

  private static String describeHint(String graph) {
    return "compute them with `xgraph part describe --features F --graph G.xg --store DIR"
        + " --graph-name "
        + graph
        + "`";
  }
}
