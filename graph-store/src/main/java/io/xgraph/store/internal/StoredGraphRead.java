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
 * Reads a stored graph back as an {@link ExplanatoryGraph} with Cypher over a {@link
 * CypherSession.Tx}, so the same code serves embedded stores and servers over Bolt: the model's
 * parameters, its layers, every pattern with its ranked parent links and top images.
 */
final class StoredGraphRead {

  private StoredGraphRead() {}

  /** The graph named {@code name} as stored (null when there is none), read in {@code tx}. */
  static ExplanatoryGraph read(CypherSession.Tx tx, String name) {
    Map<String, Object> p = Map.of("name", name);
    List<Map<String, Object>> models =
        tx.list(
            "MATCH (m:ExplanatoryGraph {name: $name}) RETURN m.onnxSha256 AS sha,"
                + " m.parameters AS params, m.parameterTypes AS types,"
                + " m.trainingImageIds AS images, m.model AS model",
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
        "MATCH (c:Pattern {graph: $name})-[r:PARENT]->(q:Pattern) RETURN c.id AS c, q.id AS p,"
            + " r.dx AS dx, r.dy AS dy, coalesce(r.sigma, q.sigma) AS sigma,"
            + " r.coactivation AS co, r.rank AS rank",
        p,
        r ->
            parents
                .computeIfAbsent(StoredValues.intOf(r.get("c")), k -> new ArrayList<>())
                .add(
                    new ParentLinkAt(
                        StoredValues.intOf(r.get("rank")),
                        new ParentLink(
                            StoredValues.intOf(r.get("p")),
                            StoredValues.dbl(r.get("dx")),
                            StoredValues.dbl(r.get("dy")),
                            StoredValues.dbl(r.get("sigma")),
                            StoredValues.dbl(r.get("co"))))));
    Map<Integer, List<FiringAt>> firings = new HashMap<>();
    tx.run(
        "MATCH (x:Pattern {graph: $name})-[f:FIRES_ON]->(i:Image) RETURN x.id AS p, i.id AS image,"
            + " f.x AS x, f.y AS y, f.score AS score, f.rank AS rank",
        p,
        r ->
            firings
                .computeIfAbsent(StoredValues.intOf(r.get("p")), k -> new ArrayList<>())
                .add(
                    new FiringAt(
                        StoredValues.intOf(r.get("rank")),
                        new Firing(
                            (String) r.get("image"),
                            StoredValues.dbl(r.get("x")),
                            StoredValues.dbl(r.get("y")),
                            StoredValues.dbl(r.get("score"))))));

    List<Map<String, Object>> layerRows =
        tx.list(
            "MATCH (:ExplanatoryGraph {name: $name})-[:HAS_LAYER]->(l:Layer) RETURN l.name AS name,"
                + " l.index AS index, l.channels AS channels, l.mapH AS h, l.mapW AS w,"
                + " l.stride AS stride, l.firstCenter AS firstCenter,"
                + " l.receptiveField AS rf, l.inputSize AS inputSize, l.scoreScale AS scoreScale,"
                + " l.negativeSigma AS negativeSigma ORDER BY l.index",
            p);
    List<List<Pattern>> patternsByLayer = new ArrayList<>();
    layerRows.forEach(l -> patternsByLayer.add(new ArrayList<>()));
    tx.run(
        "MATCH (x:Pattern {graph: $name}) RETURN x.id AS id, x.layer AS layer,"
            + " x.channel AS channel, x.slot AS slot, x.muX AS muX, x.muY AS muY,"
            + " x.sigma AS sigma, x.meanScore AS meanScore ORDER BY x.id",
        p,
        r -> {
          int id = StoredValues.intOf(r.get("id"));
          int layer = StoredValues.intOf(r.get("layer"));
          patternsByLayer
              .get(layer)
              .add(
                  new Pattern(
                      id,
                      layer,
                      StoredValues.intOf(r.get("channel")),
                      StoredValues.intOf(r.get("slot")),
                      StoredValues.dbl(r.get("muX")),
                      StoredValues.dbl(r.get("muY")),
                      StoredValues.dbl(r.get("sigma")),
                      StoredValues.dbl(r.get("meanScore")),
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
              StoredValues.intOf(l.get("index")),
              StoredValues.intOf(l.get("channels")),
              StoredValues.intOf(l.get("h")),
              StoredValues.intOf(l.get("w")),
              StoredValues.dbl(l.get("stride")),
              StoredValues.dbl(l.get("firstCenter")),
              StoredValues.dbl(l.get("rf")),
              StoredValues.intOf(l.get("inputSize")));
      layers.add(
          new GraphLayer(
              geometry,
              StoredValues.floats(l.get("negativeSigma")),
              StoredValues.dbl(l.get("scoreScale")),
              patternsByLayer.get(i)));
    }
    return new ExplanatoryGraph(
        (String) model.get("model"),
        (String) model.get("sha"),
        layers,
        parameters,
        StoredValues.strings(model.get("images")));
  }

  private record ParentLinkAt(int rank, ParentLink link) {}

  private record FiringAt(int rank, Firing firing) {}
}
