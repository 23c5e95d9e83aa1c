package io.xgraph.cypher.query;

import io.xgraph.cypher.config.ConfigReader;
import io.xgraph.cypher.results.CompareResult;
import io.xgraph.cypher.results.CounterpartResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.Transaction;

/** Reads stored cross-model comparisons (written by {@code xgraph compare --store}). */
public final class CompareQueries {

  private static final RelationshipType MATCHES = RelationshipType.withName("MATCHES");
  private static final RelationshipType HAS_PATTERN = RelationshipType.withName("HAS_PATTERN");
  private static final Set<String> TABLES = Set.of("all", "layerPair", "model", "part");

  private CompareQueries() {}

  /** Rows of {@code xg.model.compare}. */
  public static Stream<CompareResult> compare(
      GraphDatabaseService db,
      Transaction tx,
      String modelA,
      String modelB,
      Map<String, Object> configuration) {
    ConfigReader c = new ConfigReader("xg.model.compare", configuration);
    String table = c.text("table", "all", TABLES);
    c.done();
    ModelRef a = Catalog.model(db, tx, modelA);
    ModelRef b = Catalog.model(db, tx, modelB);
    Node cmp = comparisonNode(tx, a, b);
    List<Map<String, Object>> rows = new ArrayList<>();
    tx.execute(
            "MATCH (c:Comparison)-[:HAS_ROW]->(r:ComparisonRow) WHERE elementId(c) = $id"
                + " RETURN properties(r) AS r ORDER BY r.order",
            Map.of("id", cmp.getElementId()))
        .forEachRemaining(
            row -> {
              @SuppressWarnings("unchecked")
              Map<String, Object> r = (Map<String, Object>) row.get("r");
              rows.add(r);
            });
    String ma = (String) cmp.getProperty("modelA");
    String mb = (String) cmp.getProperty("modelB");
    List<CompareResult> out = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      String kind = (String) r.get("kind");
      if (!"all".equals(table) && !table.equals(kind)) {
        continue;
      }
      CompareResult.Builder x = new CompareResult.Builder();
      x.table = kind;
      x.modelA = ma;
      x.modelB = mb;
      switch (kind) {
        case "layerPair" -> {
          x.layerA = (String) r.get("layerA");
          x.layerB = (String) r.get("layerB");
          x.nodesA = lng(r, "nodesA");
          x.nodesB = lng(r, "nodesB");
          x.matches = lng(r, "matches");
          x.fractionA = dbl(r, "fractionA");
          x.fractionB = dbl(r, "fractionB");
          x.meanDistance = dbl(r, "meanDistance");
          x.stabilityA = dbl(r, "stabilityA");
          x.stabilityB = dbl(r, "stabilityB");
          x.meanScoreA = dbl(r, "meanScoreA");
          x.meanScoreB = dbl(r, "meanScoreB");
        }
        case "model" -> {
          x.model = (String) r.get("model");
          x.patterns = lng(r, "patterns");
          x.withCounterpart = lng(r, "withCounterpart");
          x.graphPaper = dbl(r, "graphPaper");
          x.graphRelease = dbl(r, "graphRelease");
          x.rawPaper = dbl(r, "rawPaper");
          x.rawRelease = dbl(r, "rawRelease");
          x.meanScore = dbl(r, "meanScore");
        }
        default -> {
          x.partId = lng(r, "partId");
          x.part = (String) r.get("partName");
          x.stableA = lng(r, "stableA");
          x.stableB = lng(r, "stableB");
          x.pointingA = lng(r, "pointingA");
          x.pointingB = lng(r, "pointingB");
        }
      }
      out.add(x.build());
    }
    return out.stream();
  }

  /** Rows of {@code xg.pattern.counterparts}, closest first. */
  public static Stream<CounterpartResult> counterparts(
      GraphDatabaseService db,
      Transaction tx,
      String patternKey,
      String otherModel,
      Map<String, Object> configuration) {
    new ConfigReader("xg.pattern.counterparts", configuration).done();
    Node pattern = PatternQueries.patternNode(tx, patternKey);
    ModelRef own = Catalog.model(db, tx, (String) pattern.getProperty("graph"));
    ModelRef other = Catalog.model(db, tx, otherModel);
    comparisonNode(tx, own, other);
    List<Relationship> found = new ArrayList<>();
    for (Relationship r : pattern.getRelationships(Direction.BOTH, MATCHES)) {
      Node q = r.getOtherNode(pattern);
      if (q.hasLabel(Label.label("Pattern")) && otherModel.equals(q.getProperty("graph"))) {
        found.add(r);
      }
    }
    found.sort(
        (u, w) -> {
          int c = Double.compare(dist(u), dist(w));
          return c != 0
              ? c
              : Long.compare(
                  ((Number) u.getOtherNode(pattern).getProperty("id")).longValue(),
                  ((Number) w.getOtherNode(pattern).getProperty("id")).longValue());
        });
    List<CounterpartResult> out = new ArrayList<>();
    for (int k = 0; k < found.size(); k++) {
      Relationship r = found.get(k);
      Node q = r.getOtherNode(pattern);
      Relationship inLayer = q.getSingleRelationship(HAS_PATTERN, Direction.INCOMING);
      out.add(
          new CounterpartResult(
              patternKey,
              (String) q.getProperty("key"),
              otherModel,
              ((Number) q.getProperty("id")).longValue(),
              inLayer == null ? null : (String) inLayer.getStartNode().getProperty("name"),
              ((Number) q.getProperty("layer")).longValue(),
              dist(r),
              ((Number) r.getProperty("support")).longValue(),
              k,
              q));
    }
    return out.stream();
  }

  private static double dist(Relationship r) {
    return ((Number) r.getProperty("distance")).doubleValue();
  }

  /** The current comparison of two models (either order), or a clear error naming the command. */
  private static Node comparisonNode(Transaction tx, ModelRef a, ModelRef b) {
    List<Node> found = new ArrayList<>();
    tx.execute(
            "MATCH (c:Comparison) WHERE (c.modelA = $a AND c.modelB = $b)"
                + " OR (c.modelA = $b AND c.modelB = $a) RETURN c",
            Map.of("a", a.name(), "b", b.name()))
        .forEachRemaining(row -> found.add((Node) row.get("c")));
    String rerun =
        "xgraph compare --features-a <features of "
            + a.name()
            + "> --graph-a <graph file> --features-b <features of "
            + b.name()
            + "> --graph-b <graph file> --store <this store>";
    if (found.isEmpty()) {
      throw new IllegalArgumentException(
          "No comparison of `"
              + a.name()
              + "` and `"
              + b.name()
              + "` is stored; make one with `"
              + rerun
              + "`");
    }
    Node c = found.get(0);
    boolean aFirst = a.name().equals(c.getProperty("modelA"));
    long va = ((Number) c.getProperty("versionA")).longValue();
    long vb = ((Number) c.getProperty("versionB")).longValue();
    if ((aFirst ? va : vb) != a.version() || (aFirst ? vb : va) != b.version()) {
      throw new IllegalArgumentException(
          "The stored comparison of `"
              + a.name()
              + "` and `"
              + b.name()
              + "` was made with earlier versions of their graphs; re-run `"
              + rerun
              + "`");
    }
    return c;
  }

  private static Long lng(Map<String, Object> r, String k) {
    Object v = r.get(k);
    return v instanceof Number n ? n.longValue() : null;
  }

  private static Double dbl(Map<String, Object> r, String k) {
    Object v = r.get(k);
    return v instanceof Number n ? n.doubleValue() : null;
  }
}
