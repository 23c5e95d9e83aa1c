package io.xgraph.store.internal;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the current version of a stored model back as an {@link ExplanatoryGraph} in one
 * transaction, in Cypher. The store's {@code read} uses it over any transport; the xg.* procedures
 * use it through {@link EmbeddedSession#over} on their own transaction, so the plugin follows the
 * store schema by construction.
 */
public final class StoredGraphReader {

  private StoredGraphReader() {}

  /**
   * The graph of model {@code name}, or null when no such model is stored.
   *
   * @param withTopImages false to leave each pattern's top images out (inference does not use them,
   *     and they are the largest part of a graph)
   */
  public static ExplanatoryGraph read(CypherSession.Tx tx, String name, boolean withTopImages) {
    Map<String, Object> p = Map.of("name", name);
    List<Map<String, Object>> models =
        tx.list(
            "MATCH (m:Model {name: $name}) RETURN m.onnxSha256 AS sha,"
                + " coalesce(m.parameters, '{}') AS params, m.parameterTypes AS types,"
                + " m.trainingImageIds AS images",
            p);
    if (models.isEmpty()) {
      return null;
    }
    Map<String, Object> model = models.get(0);
    @SuppressWarnings("unchecked")
    Map<String, Object> parameters = (Map<String, Object>) Json.read((String) model.get("params"));
    if (model.get("types") != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> hints = (Map<String, Object>) Json.read((String) model.get("types"));
      Json.applyHints(parameters, hints);
    }

    Map<Integer, List<ParentLinkAt>> parents = new HashMap<>();
    tx.run(
        "MATCH (c:Pattern {model: $name})-[r:PARENT]->(q:Pattern) RETURN c.id AS c, q.id AS p,"
            + " r.dx AS dx, r.dy AS dy, coalesce(r.sigma, q.sigma) AS sigma,"
            + " r.coactivation AS co, r.rank AS rank",
        p,
        r ->
            parents
                .computeIfAbsent(intOf(r.get("c")), k -> new ArrayList<>())
                .add(
                    new ParentLinkAt(
                        intOf(r.get("rank")),
                        new ParentLink(
                            intOf(r.get("p")),
                            dbl(r.get("dx")),
                            dbl(r.get("dy")),
                            dbl(r.get("sigma")),
                            dbl(r.get("co"))))));
    Map<Integer, List<FiringAt>> firings = new HashMap<>();
    if (withTopImages) {
      tx.run(
          "MATCH (x:Pattern {model: $name})-[f:FIRES_ON]->(i:Image) RETURN x.id AS p,"
              + " i.id AS image, f.x AS x, f.y AS y, f.score AS score, f.rank AS rank",
          p,
          r ->
              firings
                  .computeIfAbsent(intOf(r.get("p")), k -> new ArrayList<>())
                  .add(
                      new FiringAt(
                          intOf(r.get("rank")),
                          new Firing(
                              (String) r.get("image"),
                              dbl(r.get("x")),
                              dbl(r.get("y")),
                              dbl(r.get("score"))))));
    }

    List<Map<String, Object>> layerRows =
        tx.list(
            "MATCH (:Model {name: $name})-[:HAS_LAYER]->(l:Layer) RETURN l.name AS name,"
                + " l.index AS index, l.channels AS channels, l.mapH AS h, l.mapW AS w,"
                + " l.stride AS stride, l.firstCenter AS firstCenter,"
                + " l.receptiveField AS rf, l.inputSize AS inputSize, l.scoreScale AS scoreScale,"
                + " l.negativeSigma AS negativeSigma ORDER BY l.index",
            p);
    List<List<Pattern>> patternsByLayer = new ArrayList<>();
    layerRows.forEach(l -> patternsByLayer.add(new ArrayList<>()));
    tx.run(
        "MATCH (x:Pattern {model: $name}) RETURN x.id AS id, x.layer AS layer,"
            + " x.channel AS channel, x.slot AS slot, x.muX AS muX, x.muY AS muY,"
            + " x.sigma AS sigma, x.meanScore AS meanScore ORDER BY x.id",
        p,
        r -> {
          int id = intOf(r.get("id"));
          int layer = intOf(r.get("layer"));
          if (layer < 0 || layer >= patternsByLayer.size()) {
            throw new IllegalStateException(
                "Pattern "
                    + id
                    + " of model `"
                    + name
                    + "` names layer "
                    + layer
                    + ", but the model has "
                    + patternsByLayer.size()
                    + " layers: the stored graph is damaged; write it again");
          }
          patternsByLayer
              .get(layer)
              .add(
                  new Pattern(
                      id,
                      layer,
                      intOf(r.get("channel")),
                      intOf(r.get("slot")),
                      dbl(r.get("muX")),
                      dbl(r.get("muY")),
                      dbl(r.get("sigma")),
                      dbl(r.get("meanScore")),
                      parents.getOrDefault(id, List.of()).stream()
                          .sorted((a, b) -> Integer.compare(a.rank, b.rank))
                          .map(a -> a.link)
                          .toList(),
                      firings.getOrDefault(id, List.of()).stream()
                          .sorted((a, b) -> Integer.compare(a.rank, b.rank))
                          .map(a -> a.firing)
                          .toList()));
        });
    List<GraphLayer> layers = new ArrayList<>();
    for (int i = 0; i < layerRows.size(); i++) {
      Map<String, Object> l = layerRows.get(i);
      LayerGeometry geometry =
          new LayerGeometry(
              (String) l.get("name"),
              intOf(l.get("index")),
              intOf(l.get("channels")),
              intOf(l.get("h")),
              intOf(l.get("w")),
              dbl(l.get("stride")),
              dbl(l.get("firstCenter")),
              dbl(l.get("rf")),
              intOf(l.get("inputSize")));
      layers.add(
          new GraphLayer(
              geometry,
              CypherGraphStore.floats(l.get("negativeSigma")),
              dbl(l.get("scoreScale")),
              patternsByLayer.get(i)));
    }
    return new ExplanatoryGraph(
        name,
        (String) model.get("sha"),
        layers,
        parameters,
        CypherGraphStore.strings(model.get("images")));
  }

  private record ParentLinkAt(int rank, ParentLink link) {}

  private record FiringAt(int rank, Firing firing) {}

  private static int intOf(Object o) {
    return ((Number) o).intValue();
  }

  private static double dbl(Object o) {
    return ((Number) o).doubleValue();
  }
}
