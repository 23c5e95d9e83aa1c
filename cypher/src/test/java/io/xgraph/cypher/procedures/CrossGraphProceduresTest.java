package io.xgraph.cypher.procedures;

import static io.xgraph.cypher.testing.Harness.failure;
import static io.xgraph.cypher.testing.Harness.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.cypher.testing.Harness;
import io.xgraph.cypher.testing.LiteralGraph;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.Provenance;
import io.xgraph.store.WriteListener;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.harness.Neo4j;

/**
 * Two categories' graphs of one CNN in one store: every procedure takes the graph by name (none
 * given: refused listing both), and xg.filter.shared answers which filters both graphs use, the
 * same as the documented Cypher.
 */
class CrossGraphProceduresTest {

  static Neo4j neo4j;
  static GraphDatabaseService db;

  /** The literal graph with its low layer's channel-0 patterns moved to channel 1. */
  static ExplanatoryGraph secondCategory() {
    ExplanatoryGraph g = LiteralGraph.graph();
    List<GraphLayer> layers = new ArrayList<>();
    for (GraphLayer l : g.layers()) {
      List<Pattern> ps = new ArrayList<>();
      for (Pattern p : l.patterns()) {
        boolean move = p.layer() == 0 && p.channel() == 0;
        ps.add(
            new Pattern(
                p.id(),
                p.layer(),
                move ? 1 : p.channel(),
                move ? p.slot() + 2 : p.slot(),
                p.muX(),
                p.muY(),
                p.sigma(),
                p.meanScore(),
                p.parents(),
                p.topImages()));
      }
      layers.add(new GraphLayer(l.geometry(), l.negativeSigma(), l.scoreScale(), ps));
    }
    return new ExplanatoryGraph(
        g.modelName(), g.modelSha256(), layers, g.parameters(), g.trainingImageIds());
  }

  @BeforeAll
  static void start() {
    neo4j = Harness.start(false, b -> {});
    db = neo4j.defaultDatabaseService();
    try (GraphStore store = GraphStores.embedded(db, "cross-graph test", true)) {
      Provenance birds = Provenance.of("birds");
      store.write(
          "literal-001",
          LiteralGraph.graph(),
          birds.withCategory("001"),
          List.of(),
          WriteListener.NONE);
      store.write(
          "literal-002",
          secondCategory(),
          birds.withCategory("002"),
          List.of(),
          WriteListener.NONE);
    }
  }

  @AfterAll
  static void stop() {
    neo4j.close();
  }

  @Test
  void graphsAreListedWithModelCategoryAndTypedValues() {
    List<Map<String, Object>> graphs = rows(db, "CALL xg.model.list()", Map.of());
    assertEquals(
        List.of("literal-001", "literal-002"), graphs.stream().map(r -> r.get("name")).toList());
    Map<String, Object> g = graphs.get(1);
    assertEquals("literal", g.get("model"));
    assertEquals("002", g.get("category"));
    assertEquals("birds", g.get("dataset"));
    assertTrue(g.get("writtenAt") instanceof ZonedDateTime, String.valueOf(g.get("writtenAt")));
    assertTrue(g.get("learnedAt") instanceof ZonedDateTime, String.valueOf(g.get("learnedAt")));
    assertEquals(20L, ((Map<?, ?>) g.get("parameters")).get("iterations"));
    assertTrue(((Map<?, ?>) g.get("toolVersions")).containsKey("java"));
  }

  @Test
  void everyProcedureTakesTheGraphByNameAndRefusesToGuess() {
    assertEquals(
        List.of(0L, 1L, 2L, 3L),
        rows(
                db,
                "CALL xg.pattern.lookup('literal-002', {layer: 'low', orderBy: 'id'}) YIELD id"
                    + " RETURN id",
                Map.of())
            .stream()
            .map(r -> r.get("id"))
            .toList());
    assertEquals(
        List.of("literal-002:0"),
        rows(
                db,
                "CALL xg.pattern.lookup('literal-002', {layer: 'low', channel: 1, orderBy: 'id',"
                    + " limit: 1}) YIELD key RETURN key",
                Map.of())
            .stream()
            .map(r -> r.get("key"))
            .toList());
    String none = failure(db, "CALL xg.layer.list(null)", Map.of());
    assertTrue(
        none.contains("the store holds several graphs, name one of [literal-001, literal-002]"),
        none);
    String unknown = failure(db, "CALL xg.pattern.near('literal', 1.0, 1.0)", Map.of());
    assertTrue(
        unknown.contains(
            "Model `literal` does not exist; stored models: [literal-001, literal-002]"),
        unknown);
  }

  @Test
  void aStoreNotYetUpgradedIsRefusedNamingTheFix() {
    rows(db, "MATCH (s:XgraphSchema) SET s.version = 2", Map.of());
    try {
      for (String call :
          List.of("CALL xg.layer.list('literal-001')", "CALL xg.filter.shared('literal')")) {
        String old = failure(db, call, Map.of());
        assertTrue(old.contains("graphs of xgraph schema 2"), old);
        assertTrue(old.contains("open the store once with this xgraph"), old);
      }
    } finally {
      rows(db, "MATCH (s:XgraphSchema) SET s.version = 3", Map.of());
    }
    assertEquals(2, rows(db, "CALL xg.layer.list('literal-001')", Map.of()).size());
  }

  @Test
  void sharedFiltersAreThoseOfBothCategoriesAsTheDocumentedCypherSays() {
    List<Map<String, Object>> shared =
        rows(
            db,
            "CALL xg.filter.shared('literal') YIELD layer, channel, graphs, categories, patterns"
                + " RETURN layer, channel, graphs, categories, patterns",
            Map.of());
    assertEquals(
        List.of(
            Map.of(
                "layer",
                "low",
                "channel",
                1L,
                "graphs",
                List.of("literal-001", "literal-002"),
                "categories",
                List.of("001", "002"),
                "patterns",
                6L),
            Map.of(
                "layer",
                "high",
                "channel",
                0L,
                "graphs",
                List.of("literal-001", "literal-002"),
                "categories",
                List.of("001", "002"),
                "patterns",
                4L)),
        shared);
    List<Map<String, Object>> documented =
        rows(
            db,
            "MATCH (g:ExplanatoryGraph {model: 'literal'})-[:HAS_LAYER]->(l:Layer)"
                + "-[:HAS_PATTERN]->(p:Pattern)"
                + " WITH l.name AS layer, p.channel AS channel,"
                + " collect(DISTINCT g.category) AS categories"
                + " WHERE size(categories) > 1 RETURN layer, channel ORDER BY layer DESC",
            Map.of());
    assertEquals(
        List.of(Map.of("layer", "low", "channel", 1L), Map.of("layer", "high", "channel", 0L)),
        documented);
    List<Map<String, Object>> all =
        rows(
            db, "CALL xg.filter.shared(null, {minGraphs: 1}) YIELD graphs RETURN graphs", Map.of());
    assertEquals(3, all.size(), "low/0 is used by the first category only");
    assertEquals(List.of("literal-001"), all.get(2).get("graphs"));
    String noCnn = failure(db, "CALL xg.filter.shared('resnet50')", Map.of());
    assertTrue(
        noCnn.contains("CNN `resnet50` has no graph in the store; CNNs with graphs: [literal]"),
        noCnn);
  }
}
