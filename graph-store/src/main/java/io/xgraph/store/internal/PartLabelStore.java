package io.xgraph.store.internal;

import io.xgraph.learner.meaning.PartLabel;
import io.xgraph.learner.meaning.TrackingRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Part labels of a stored graph's patterns: {@code (:Pattern)-[:TRACKS {share, chanceShare,
 * firings, meanDx, meanDy, spread, radius, minShare, minFirings, heldOutImages}]->(:SemanticPart
 * {key, dataset, name})}. A {@code SemanticPart} is an annotated part of a dataset (CUB's
 * keypoints), keyed {@code "<dataset>:<name>"} and shared by every graph learned on that dataset.
 * Writing a graph's labels replaces its earlier ones in one transaction.
 */
public final class PartLabelStore {

  private final CypherSession session;

  public PartLabelStore(CypherSession session) {
    this.session = session;
  }

  /**
   * Replaces the TRACKS relationships of graph {@code graphName}'s patterns with {@code labels}.
   *
   * @return the number of TRACKS relationships written
   * @throws IllegalArgumentException the graph is not in the store, or a labelled pattern is not
   *     one of its patterns (labels computed from another graph); nothing is changed then
   */
  public long write(
      String graphName, List<PartLabel> labels, TrackingRule rule, int heldOutImages) {
    session.write(
        tx -> {
          // Schema statements run in their own transaction; IF NOT EXISTS makes this idempotent.
          tx.exec(
              "CREATE CONSTRAINT xg_semantic_part_key IF NOT EXISTS FOR (n:SemanticPart)"
                  + " REQUIRE n.key IS UNIQUE",
              Map.of());
          return null;
        });
    List<Map<String, Object>> rows = new ArrayList<>();
    for (PartLabel l : labels) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("pattern", graphName + ":" + l.patternId());
      r.put("part", l.part());
      r.put("share", l.share());
      r.put("chanceShare", l.chanceShare());
      r.put("firings", (long) l.firings());
      r.put("meanDx", l.meanDx());
      r.put("meanDy", l.meanDy());
      r.put("spread", l.spread());
      r.put("radius", l.radius());
      rows.add(r);
    }
    return session.write(
        tx -> {
          List<Map<String, Object>> found =
              tx.list(
                  "MATCH (g:ExplanatoryGraph {name: $g}) RETURN coalesce(g.dataset, '') AS d",
                  Map.of("g", graphName));
          if (found.isEmpty()) {
            throw GraphValidation.graphNotStored(graphName, session.location());
          }
          String dataset = (String) found.get(0).get("d");
          tx.exec(
              "MATCH (p:Pattern {graph: $g})-[t:TRACKS]->(:SemanticPart) DELETE t",
              Map.of("g", graphName));
          Map<String, Object> common = new LinkedHashMap<>();
          common.put("minShare", rule.minShare());
          common.put("minFirings", (long) rule.minFirings());
          common.put("radiusFraction", rule.radiusFraction());
          common.put("heldOutImages", (long) heldOutImages);
          long made = 0;
          for (int from = 0; from < rows.size(); from += CypherGraphStore.BATCH) {
            List<Map<String, Object>> batch =
                rows.subList(from, Math.min(rows.size(), from + CypherGraphStore.BATCH));
            made +=
                tx.count(
                    "UNWIND $rows AS r MATCH (p:Pattern {key: r.pattern})"
                        + " MERGE (s:SemanticPart {key: $prefix + r.part})"
                        + " ON CREATE SET s.dataset = $dataset, s.name = r.part"
                        + " CREATE (p)-[t:TRACKS]->(s)"
                        + " SET t = $common, t.share = r.share, t.chanceShare = r.chanceShare,"
                        + " t.firings = r.firings, t.meanDx = r.meanDx, t.meanDy = r.meanDy,"
                        + " t.spread = r.spread, t.radius = r.radius"
                        + " RETURN count(*) AS n",
                    Map.of(
                        "rows",
                        batch,
                        "prefix",
                        dataset.isEmpty() ? "" : dataset + ":",
                        "dataset",
                        dataset,
                        "common",
                        common));
          }
          if (made != rows.size()) {
            // Throwing rolls the transaction back: the earlier labels stay.
            throw new IllegalArgumentException(
                "Only "
                    + made
                    + " of "
                    + rows.size()
                    + " labelled patterns exist in the stored graph `"
                    + graphName
                    + "`: the labels were computed with another graph than the stored one; write"
                    + " the graph file to the store again or label the stored graph's own file");
          }
          return made;
        });
  }

  /**
   * The stored part labels of graph {@code graphName}'s patterns, by pattern id then share (best
   * first); empty when it has none (or is not stored).
   */
  public List<PartLabel> read(String graphName) {
    List<Map<String, Object>> rows =
        session.read(
            tx ->
                tx.list(
                    "MATCH (p:Pattern {graph: $g})-[t:TRACKS]->(s:SemanticPart)"
                        + " RETURN p.id AS id, s.name AS part, t.firings AS firings,"
                        + " t.share AS share, t.chanceShare AS chance, t.meanDx AS dx,"
                        + " t.meanDy AS dy, t.spread AS spread, t.radius AS radius"
                        + " ORDER BY id, share DESC",
                    Map.of("g", graphName)));
    List<PartLabel> out = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      out.add(
          new PartLabel(
              ((Number) r.get("id")).intValue(),
              (String) r.get("part"),
              ((Number) r.get("firings")).intValue(),
              dbl(r.get("share")),
              dbl(r.get("chance")),
              dbl(r.get("dx")),
              dbl(r.get("dy")),
              dbl(r.get("spread")),
              dbl(r.get("radius"))));
    }
    return out;
  }

  private static double dbl(Object v) {
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
