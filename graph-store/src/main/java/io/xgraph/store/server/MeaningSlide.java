package io.xgraph.store.server;

import java.util.Map;
import org.neo4j.graphdb.Result;
import org.neo4j.graphdb.Transaction;

/**
 * The guide's slide of a researcher's questions about what patterns mean (docs/meaning.md): the
 * patterns of a layer that track a part, the parts a graph covers, the patterns the class score
 * depends on most, and the most similar patterns of other graphs. Each query is filled in with the
 * store's own graph, layer and part; what is not stored yet names the command that writes it.
 */
final class MeaningSlide {

  /** What the store holds for the questions, read in one query. */
  record Facts(String part, int partLayer, boolean occlusion, boolean descriptors) {}

  private MeaningSlide() {}

  static Facts facts(Transaction tx, String graph) {
    try (Result r =
        tx.execute(
            "OPTIONAL MATCH (p:Pattern {graph: $g})-[:TRACKS]->(s:SemanticPart)"
                + " WITH s.name AS part, p.layer AS layer, count(*) AS n"
                + " ORDER BY n DESC, part LIMIT 1"
                + " RETURN part, layer,"
                + " EXISTS { MATCH (q:Pattern {graph: $g}) WHERE q.occlusionDrop IS NOT NULL }"
                + " AS occlusion,"
                + " EXISTS { MATCH (:ExplanatoryGraph {name: $g})-[:DESCRIBED_ON]->(:ProbeSet) }"
                + " AS descriptors",
            Map.of("g", graph))) {
      Map<String, Object> row = r.next();
      Object layer = row.get("layer");
      return new Facts(
          (String) row.get("part"),
          layer instanceof Number n ? n.intValue() : 0,
          Boolean.TRUE.equals(row.get("occlusion")),
          Boolean.TRUE.equals(row.get("descriptors")));
    }
  }

  /** The slide for graph {@code graph}, whose strongest top-layer pattern is {@code key}. */
  static String html(Facts f, String graph, String key) {
    String g = BrowserGuide.cypherString(graph);
    String part = BrowserGuide.cypherString(f.part() == null ? "beak" : f.part());
    StringBuilder text =
        new StringBuilder(
            "Which part is a pattern, does the CNN rely on it, where else does it appear"
                + " (docs/meaning.md, faithfulness.md, similar.md).");
    if (f.part() == null) {
      text.append(" No part labels yet: <code>xgraph part labels --store</code> writes TRACKS.");
    }
    if (!f.occlusion()) {
      text.append(
          " No occlusion figures yet: <code>xgraph part occlusion --store</code> writes them.");
    }
    if (!f.descriptors()) {
      text.append(
          " No descriptors yet: <code>xgraph part describe --store</code> writes them for"
              + " xg.pattern.similar.");
    }
    return BrowserGuide.slide(
        "What a pattern means",
        text.toString(),
        "// the patterns of a layer that track a part, best first\n"
            + "MATCH (p:Pattern {graph: "
            + g
            + ", layer: "
            + f.partLayer()
            + "})-[t:TRACKS]->(:SemanticPart {name: "
            + part
            + "})\nRETURN p.key, p.channel, t.share, t.chanceShare, t.firings"
            + " ORDER BY t.share DESC LIMIT 10",
        "// which parts the graph covers, and how well\n"
            + "MATCH (p:Pattern {graph: "
            + g
            + "})-[t:TRACKS]->(s:SemanticPart)\n"
            + "RETURN s.name, count(p) AS patterns, avg(t.share) AS meanShare,"
            + " collect(DISTINCT p.layer) AS layers ORDER BY patterns DESC",
        "// the patterns the class score depends on most (drop beyond a random region's)\n"
            + "MATCH (p:Pattern {graph: "
            + g
            + "}) WHERE p.occlusionImages >= 3\n"
            + "RETURN p.key, p.layer, p.occlusionDrop, p.occlusionControlDrop, p.occlusionImages"
            + " ORDER BY p.occlusionDrop - p.occlusionControlDrop DESC LIMIT 10",
        "// the patterns of other graphs (categories, CNNs) most like this one\n"
            + "CALL xg.pattern.similar("
            + BrowserGuide.cypherString(key)
            + ", 10, {otherGraphsOnly: true})");
  }
}
