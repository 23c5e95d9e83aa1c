package io.xgraph.store.internal;

import io.xgraph.learner.compare.CompareParameters;
import io.xgraph.learner.compare.Comparison;
import io.xgraph.store.Counterpart;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stored cross-model comparisons: {@code (:Pattern)-[:MATCHES {distance, support}]->(:Pattern)}
 * from model A to model B, and one {@code (:Comparison)} node per pair of models, linked to both
 * {@code Model} nodes by {@code COMPARES {side}} and holding its tables as {@code (:ComparisonRow
 * {kind, order, ...})} nodes. Writing a pair replaces its previous comparison (either order) in one
 * transaction.
 */
public final class ComparisonStore {

  private final CypherSession session;

  public ComparisonStore(CypherSession session) {
    this.session = session;
  }

  /** Saves {@code c}, replacing any earlier comparison of the same two models. */
  public void write(Comparison c) {
    String a = c.modelA();
    String b = c.modelB();
    if (a.equals(b)) {
      throw new IllegalArgumentException(
          "A comparison needs two different model names, got `" + a + "` twice");
    }
    List<Map<String, Object>> matches = new ArrayList<>();
    for (Comparison.Match m : c.matches()) {
      matches.add(
          Map.of(
              "a",
              a + ":" + m.patternA(),
              "b",
              b + ":" + m.patternB(),
              "distance",
              m.distance(),
              "support",
              (long) m.support()));
    }
    List<Map<String, Object>> rows = rows(c);
    session.write(
        tx -> {
          Map<String, Long> versions = new HashMap<>();
          for (String name : List.of(a, b)) {
            List<Map<String, Object>> found =
                tx.list(
                    "MATCH (m:ExplanatoryGraph {name: $n}) RETURN m.version AS v, m.patternCount AS p",
                    Map.of("n", name));
            if (found.isEmpty()) {
              throw new IllegalArgumentException(
                  "Model `"
                      + name
                      + "` is not in the store "
                      + session.location()
                      + ": write its graph first (xgraph compare --write-graphs, or xgraph demo)");
            }
            versions.put(name, ((Number) found.get(0).get("v")).longValue());
          }
          Map<String, Object> pair = Map.of("a", a, "b", b);
          tx.exec(
              "MATCH (c:Comparison) WHERE (c.modelA = $a AND c.modelB = $b)"
                  + " OR (c.modelA = $b AND c.modelB = $a)"
                  + " OPTIONAL MATCH (c)-[:HAS_ROW]->(r:ComparisonRow) DETACH DELETE c, r",
              pair);
          tx.exec(
              "MATCH (p:Pattern {graph: $a})-[r:MATCHES]-(q:Pattern {graph: $b}) DELETE r", pair);
          Map<String, Object> props = new LinkedHashMap<>();
          props.put("key", a + "|" + b);
          props.put("modelA", a);
          props.put("modelB", b);
          props.put("versionA", versions.get(a));
          props.put("versionB", versions.get(b));
          props.put("images", (long) c.images());
          props.put("matchCount", (long) c.matches().size());
          CompareParameters p = c.parameters();
          props.put("minSupport", (long) p.minSupport());
          props.put("cap", p.cap());
          props.put("maxDistance", p.maxDistance());
          props.put("topImages", (long) p.topImages());
          props.put("detectorsPerLayer", (long) p.detectorsPerLayer());
          props.put("pointRadius", p.pointRadius());
          props.put("stableSpread", p.stableSpread());
          props.put("minVisible", (long) p.minVisible());
          tx.exec(
              "MATCH (ma:ExplanatoryGraph {name: $a}), (mb:ExplanatoryGraph {name: $b})"
                  + " CREATE (c:Comparison) SET c = $props, c.writtenAt = datetime()"
                  + " CREATE (c)-[:COMPARES {side: 'A'}]->(ma)"
                  + " CREATE (c)-[:COMPARES {side: 'B'}]->(mb)"
                  + " WITH c UNWIND $rows AS row"
                  + " CREATE (c)-[:HAS_ROW]->(r:ComparisonRow) SET r = row",
              Map.of("a", a, "b", b, "props", props, "rows", rows));
          for (int from = 0; from < matches.size(); from += CypherGraphStore.BATCH) {
            List<Map<String, Object>> batch =
                matches.subList(from, Math.min(matches.size(), from + CypherGraphStore.BATCH));
            long made =
                tx.count(
                    "UNWIND $rows AS m MATCH (p:Pattern {key: m.a}) MATCH (q:Pattern {key: m.b})"
                        + " CREATE (p)-[:MATCHES {distance: m.distance, support: m.support}]->(q)"
                        + " RETURN count(*) AS n",
                    Map.of("rows", batch));
            if (made != batch.size()) {
              throw new IllegalArgumentException(
                  "Only "
                      + made
                      + " of "
                      + batch.size()
                      + " matched patterns exist in the stored graphs of `"
                      + a
                      + "` and `"
                      + b
                      + "`: the comparison was made with other graphs than the stored ones;"
                      + " re-run xgraph compare with --write-graphs");
            }
          }
          return null;
        });
  }

  private static List<Map<String, Object>> rows(Comparison c) {
    List<Map<String, Object>> rows = new ArrayList<>();
    int order = 0;
    for (Comparison.LayerPairSummary r : c.layerPairs()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", "layerPair");
      m.put("order", (long) order++);
      m.put("layerA", r.layerA());
      m.put("layerB", r.layerB());
      m.put("nodesA", (long) r.nodesA());
      m.put("nodesB", (long) r.nodesB());
      m.put("matches", (long) r.matches());
      m.put("fractionA", r.fractionA());
      m.put("fractionB", r.fractionB());
      m.put("meanDistance", r.meanDistance());
      m.put("stabilityA", r.stabilityA());
      m.put("stabilityB", r.stabilityB());
      m.put("meanScoreA", r.meanScoreA());
      m.put("meanScoreB", r.meanScoreB());
      rows.add(m);
    }
    for (Comparison.ModelSummary s : c.models()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", "model");
      m.put("order", (long) order++);
      m.put("model", s.model());
      m.put("patterns", (long) s.patterns());
      m.put("withCounterpart", (long) s.withCounterpart());
      m.put("graphPaper", s.graphPaper());
      m.put("graphRelease", s.graphRelease());
      m.put("rawPaper", s.rawPaper());
      m.put("rawRelease", s.rawRelease());
      m.put("meanScore", s.meanScore());
      rows.add(m);
    }
    for (Comparison.PartCoverage p : c.coverage()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", "part");
      m.put("order", (long) order++);
      m.put("partId", (long) p.partId());
      m.put("partName", p.partName());
      m.put("stableA", (long) p.stableA());
      m.put("stableB", (long) p.stableB());
      m.put("pointingA", (long) p.pointingA());
      m.put("pointingB", (long) p.pointingB());
      rows.add(m);
    }
    return rows;
  }

  /**
   * The stored comparison of two models (in either order, returned as stored), with its matches.
   *
   * @throws IllegalStateException when a model was re-written since the comparison was made
   */
  public Optional<Comparison> read(String modelA, String modelB) {
    return session.read(
        tx -> {
          List<Map<String, Object>> found =
              tx.list(
                  "MATCH (c:Comparison) WHERE (c.modelA = $a AND c.modelB = $b)"
                      + " OR (c.modelA = $b AND c.modelB = $a)"
                      + " OPTIONAL MATCH (ma:ExplanatoryGraph {name: c.modelA})"
                      + " OPTIONAL MATCH (mb:ExplanatoryGraph {name: c.modelB})"
                      + " RETURN properties(c) AS c, ma.version AS va, mb.version AS vb",
                  Map.of("a", modelA, "b", modelB));
          if (found.isEmpty()) {
            return Optional.empty();
          }
          @SuppressWarnings("unchecked")
          Map<String, Object> c = (Map<String, Object>) found.get(0).get("c");
          String a = (String) c.get("modelA");
          String b = (String) c.get("modelB");
          Object va = found.get(0).get("va");
          Object vb = found.get(0).get("vb");
          if (va == null
              || vb == null
              || ((Number) va).longValue() != num(c, "versionA")
              || ((Number) vb).longValue() != num(c, "versionB")) {
            throw new IllegalStateException(
                "The stored comparison of `"
                    + a
                    + "` and `"
                    + b
                    + "` was made with graphs that have since been re-written or deleted: re-run"
                    + " xgraph compare with --store");
          }
          CompareParameters p =
              new CompareParameters(
                  (int) num(c, "minSupport"),
                  dbl(c, "cap"),
                  dbl(c, "maxDistance"),
                  (int) num(c, "topImages"),
                  (int) num(c, "detectorsPerLayer"),
                  dbl(c, "pointRadius"),
                  dbl(c, "stableSpread"),
                  (int) num(c, "minVisible"));
          List<Comparison.LayerPairSummary> pairs = new ArrayList<>();
          List<Comparison.ModelSummary> models = new ArrayList<>();
          List<Comparison.PartCoverage> parts = new ArrayList<>();
          for (Map<String, Object> row :
              tx.list(
                  "MATCH (c:Comparison {key: $key})-[:HAS_ROW]->(r:ComparisonRow)"
                      + " RETURN properties(r) AS r ORDER BY r.order",
                  Map.of("key", c.get("key")))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) row.get("r");
            switch ((String) r.get("kind")) {
              case "layerPair" ->
                  pairs.add(
                      new Comparison.LayerPairSummary(
                          (String) r.get("layerA"),
                          (String) r.get("layerB"),
                          (int) num(r, "nodesA"),
                          (int) num(r, "nodesB"),
                          (int) num(r, "matches"),
                          dbl(r, "fractionA"),
                          dbl(r, "fractionB"),
                          dbl(r, "meanDistance"),
                          dbl(r, "stabilityA"),
                          dbl(r, "stabilityB"),
                          dbl(r, "meanScoreA"),
                          dbl(r, "meanScoreB")));
              case "model" ->
                  models.add(
                      new Comparison.ModelSummary(
                          (String) r.get("model"),
                          (int) num(r, "patterns"),
                          (int) num(r, "withCounterpart"),
                          dbl(r, "graphPaper"),
                          dbl(r, "graphRelease"),
                          dbl(r, "rawPaper"),
                          dbl(r, "rawRelease"),
                          dbl(r, "meanScore")));
              case "part" ->
                  parts.add(
                      new Comparison.PartCoverage(
                          (int) num(r, "partId"),
                          (String) r.get("partName"),
                          (int) num(r, "stableA"),
                          (int) num(r, "stableB"),
                          (int) num(r, "pointingA"),
                          (int) num(r, "pointingB")));
              default ->
                  throw new IllegalStateException(
                      "Unknown ComparisonRow kind `"
                          + r.get("kind")
                          + "` in "
                          + session.location());
            }
          }
          List<Comparison.Match> matches = new ArrayList<>();
          for (Map<String, Object> m :
              tx.list(
                  "MATCH (p:Pattern {graph: $a})-[r:MATCHES]->(q:Pattern {graph: $b})"
                      + " RETURN p.layer AS la, p.id AS pa, q.layer AS lb, q.id AS pb,"
                      + " r.distance AS d, r.support AS s ORDER BY la, pa, lb, pb",
                  Map.of("a", a, "b", b))) {
            matches.add(
                new Comparison.Match(
                    (int) num(m, "la"),
                    (int) num(m, "pa"),
                    (int) num(m, "lb"),
                    (int) num(m, "pb"),
                    dbl(m, "d"),
                    (int) num(m, "s")));
          }
          return Optional.of(
              new Comparison(a, b, (int) num(c, "images"), p, matches, pairs, models, parts));
        });
  }

  /** Counterparts of one pattern in another model, closest first. */
  public List<Counterpart> counterparts(String model, int patternId, String otherModel) {
    return session.read(
        tx -> {
          List<Counterpart> out = new ArrayList<>();
          for (Map<String, Object> m :
              tx.list(
                  "MATCH (p:Pattern {key: $key})-[r:MATCHES]-(q:Pattern {graph: $other})"
                      + " OPTIONAL MATCH (l:Layer)-[:HAS_PATTERN]->(q)"
                      + " RETURN q.id AS id, q.layer AS layer, l.name AS layerName,"
                      + " r.distance AS d, r.support AS s ORDER BY d, id",
                  Map.of("key", model + ":" + patternId, "other", otherModel))) {
            out.add(
                new Counterpart(
                    otherModel,
                    (int) num(m, "id"),
                    (int) num(m, "layer"),
                    (String) m.get("layerName"),
                    dbl(m, "d"),
                    (int) num(m, "s")));
          }
          return out;
        });
  }

  private static long num(Map<String, Object> m, String k) {
    return ((Number) m.get(k)).longValue();
  }

  private static double dbl(Map<String, Object> m, String k) {
    return ((Number) m.get(k)).doubleValue();
  }
}
