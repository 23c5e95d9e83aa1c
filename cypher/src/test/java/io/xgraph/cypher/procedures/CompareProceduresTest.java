package io.xgraph.cypher.procedures;

import static io.xgraph.cypher.testing.Harness.failure;
import static io.xgraph.cypher.testing.Harness.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.cypher.testing.Harness;
import io.xgraph.learner.compare.CompareParameters;
import io.xgraph.learner.compare.Comparison;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.Provenance;
import io.xgraph.store.bench.SyntheticGraphs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.harness.Neo4j;

/** xg.model.compare and xg.pattern.counterparts on a comparison written by the real store. */
class CompareProceduresTest {

  static Neo4j neo4j;
  static GraphDatabaseService db;
  static ExplanatoryGraph a;
  static ExplanatoryGraph b;

  @BeforeAll
  static void start() {
    neo4j = Harness.start(false, x -> {});
    db = neo4j.defaultDatabaseService();
    a = SyntheticGraphs.tiny("ca", 1);
    b = SyntheticGraphs.tiny("cb", 2);
    try (GraphStore store = GraphStores.embedded(db, "compare test", true)) {
      store.write(a, Provenance.of("x"));
      store.write(b, Provenance.of("x"));
      store.write(SyntheticGraphs.tiny("cc", 3), Provenance.of("x"));
      store.writeComparison(
          new Comparison(
              "ca",
              "cb",
              40,
              CompareParameters.defaults(),
              List.of(
                  new Comparison.Match(0, id(a, 0, 2), 1, id(b, 1, 1), 0.03, 25),
                  new Comparison.Match(0, id(a, 0, 2), 0, id(b, 0, 4), 0.01, 30)),
              List.of(
                  new Comparison.LayerPairSummary(
                      "conv_a", "conv_a", 12, 12, 1, 1 / 12.0, 1 / 12.0, 0.01, 0.1, 0.2, 1, 2),
                  new Comparison.LayerPairSummary(
                      "conv_a", "conv_b", 12, 8, 1, 1 / 12.0, 1 / 8.0, 0.03, 0.1, 0.3, 1, 3)),
              List.of(
                  new Comparison.ModelSummary("ca", 28, 1, 0.1, 0.11, 0.14, 0.15, 1.5),
                  new Comparison.ModelSummary("cb", 28, 2, 0.2, 0.21, 0.24, 0.25, 2.5)),
              List.of(new Comparison.PartCoverage(6, "forehead", 2, 0, 3, 1))));
    }
  }

  @AfterAll
  static void stop() {
    neo4j.close();
  }

  private static int id(ExplanatoryGraph g, int layer, int k) {
    return g.layers().get(layer).patterns().get(k).id();
  }

  @Test
  void compareReturnsTheStoredTablesInEitherOrder() {
    List<Map<String, Object>> all = rows(db, "CALL xg.model.compare('ca', 'cb')", Map.of());
    assertEquals(5, all.size());
    Map<String, Object> pair = all.get(1);
    assertEquals("layerPair", pair.get("table"));
    assertEquals("conv_b", pair.get("layerB"));
    assertEquals(8L, pair.get("nodesB"));
    assertEquals(0.125, (Double) pair.get("fractionB"), 1e-12);
    assertNull(pair.get("partId"));
    Map<String, Object> model = all.get(2);
    assertEquals("ca", model.get("model"));
    assertEquals(0.15, (Double) model.get("rawRelease"), 1e-12);
    List<Map<String, Object>> parts =
        rows(db, "CALL xg.model.compare('cb', 'ca', {table: 'part'})", Map.of());
    assertEquals(1, parts.size());
    assertEquals("forehead", parts.get(0).get("part"));
    assertEquals(2L, parts.get(0).get("stableA"));
    assertEquals("ca", parts.get(0).get("modelA"), "rows say which model is A");
  }

  @Test
  void counterpartsAreClosestFirstAndWorkFromEitherSide() {
    List<Map<String, Object>> cp =
        rows(db, "CALL xg.pattern.counterparts($k, 'cb')", Map.of("k", "ca:" + id(a, 0, 2)));
    assertEquals(2, cp.size());
    assertEquals((long) id(b, 0, 4), cp.get(0).get("id"));
    assertEquals("conv_a", cp.get(0).get("layer"));
    assertEquals(0.01, (Double) cp.get(0).get("distance"), 1e-12);
    assertEquals(30L, cp.get(0).get("support"));
    assertEquals(0L, cp.get(0).get("rank"));
    assertEquals("conv_b", cp.get(1).get("layer"));
    List<Map<String, Object>> back =
        rows(db, "CALL xg.pattern.counterparts($k, 'ca')", Map.of("k", "cb:" + id(b, 1, 1)));
    assertEquals("ca:" + id(a, 0, 2), back.get(0).get("key"));
  }

  @Test
  void missingModelsAndMissingComparisonsNameTheFix() {
    String noModel = failure(db, "CALL xg.model.compare('ca', 'nope')", Map.of());
    assertTrue(noModel.contains("`nope` does not exist"), noModel);
    String none = failure(db, "CALL xg.model.compare('ca', 'cc')", Map.of());
    assertTrue(none.contains("No comparison of `ca` and `cc`"), none);
    assertTrue(none.contains("xgraph compare"), none);
    String cp =
        failure(db, "CALL xg.pattern.counterparts($k, 'cc')", Map.of("k", "ca:" + id(a, 0, 2)));
    assertTrue(cp.contains("xgraph compare"), cp);
    String badTable = failure(db, "CALL xg.model.compare('ca', 'cb', {table: 'x'})", Map.of());
    assertTrue(badTable.contains("table"), badTable);
  }
}
