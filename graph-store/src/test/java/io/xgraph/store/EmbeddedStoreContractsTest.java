package io.xgraph.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.bench.SyntheticGraphs;
import io.xgraph.store.internal.CypherSession;
import io.xgraph.store.internal.EmbeddedNeo4j;
import io.xgraph.store.internal.EmbeddedSession;
import io.xgraph.store.internal.StoredGraphRead;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.Transaction;

/**
 * The graph, part and comparison contracts on embedded Neo4j, sharing one database (each test uses
 * its own model names), so the back end pays for one Neo4j start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedStoreContractsTest implements StoreContracts {

  private static final RelationshipType FIRES_ON = RelationshipType.withName("FIRES_ON");

  @TempDir static Path folder;
  private DatabaseManagementService dbms;
  private GraphDatabaseService db;
  private GraphStore store;

  @BeforeAll
  void start() {
    dbms = EmbeddedNeo4j.start(EmbeddedNeo4j.builder(folder), folder);
    db = EmbeddedNeo4j.defaultDatabase(dbms, folder);
    store = GraphStores.embedded(db, folder.toString(), true);
  }

  @AfterAll
  void stop() {
    store.close();
    dbms.shutdown();
  }

  @Override
  public GraphStore store() {
    return store;
  }

  @Override
  public GraphDatabaseService raw() {
    return db;
  }

  @Override
  public GraphStore openAgain() {
    return GraphStores.embedded(db, folder.toString(), true);
  }

  @Test
  void floatExactValuesAreStoredAsFloatsAndOthersAsDoubles() {
    store.write(SyntheticGraphs.tiny("compact", 31), Provenance.of("x"));
    store.write(
        GraphStoreContract.withOddValues(SyntheticGraphs.tiny("not-compact", 32)),
        Provenance.of("x"));
    try (Transaction tx = db.beginTx()) {
      Node learned = tx.findNode(Label.label("Pattern"), "key", "compact:0");
      for (Relationship r : learned.getRelationships(Direction.OUTGOING, FIRES_ON)) {
        // Firings come from float feature maps: one property block each instead of two.
        assertInstanceOf(Float.class, r.getProperty("x"));
        assertInstanceOf(Float.class, r.getProperty("score"));
      }
      Node odd = tx.findNode(Label.label("Pattern"), "key", "not-compact:0");
      for (Relationship r : odd.getRelationships(Direction.OUTGOING, FIRES_ON)) {
        assertInstanceOf(Double.class, r.getProperty("x"));
        assertInstanceOf(Float.class, r.getProperty("y"), "-0.0 is float-exact");
      }
      assertInstanceOf(Double.class, odd.getProperty("muX"));
      tx.commit();
    }
  }

  /**
   * The one reader gives the same graph from both of its row sources: the core API (the embedded
   * store and the procedures) and Cypher (what it runs over Bolt), with and without top images.
   */
  @Test
  void theReaderGivesTheSameGraphThroughTheCoreApiAndThroughCypher() {
    ExplanatoryGraph graph =
        GraphStoreContract.withOddValues(SyntheticGraphs.tiny("two-sources", 33));
    store.write(graph, Provenance.of("x"));
    ExplanatoryGraph noTopImages =
        SyntheticGraphs.editPatterns(graph, p -> SyntheticGraphs.withTopImages(p, List.of()));
    try (Transaction tx = db.beginTx()) {
      CypherSession.Tx core = EmbeddedSession.over(tx);
      CypherSession.Tx cypherOnly = core::run;
      assertNull(cypherOnly.core());
      for (CypherSession.Tx source : List.of(core, cypherOnly)) {
        assertEquals(graph, StoredGraphRead.read(source, "two-sources", true));
        assertEquals(noTopImages, StoredGraphRead.read(source, "two-sources", false));
        assertNull(StoredGraphRead.read(source, "no-such-graph", true));
      }
    }
  }

  @Test
  void aPatternOfALayerTheModelDoesNotHaveIsReportedAsDamage() {
    store.write(SyntheticGraphs.tiny("damaged-layer", 34), Provenance.of("x"));
    try (Transaction tx = db.beginTx()) {
      tx.findNode(Label.label("Pattern"), "key", "damaged-layer:0").setProperty("layer", 9L);
      CypherSession.Tx core = EmbeddedSession.over(tx);
      CypherSession.Tx cypherOnly = core::run;
      for (CypherSession.Tx source : List.of(core, cypherOnly)) {
        IllegalStateException e =
            assertThrows(
                IllegalStateException.class,
                () -> StoredGraphRead.read(source, "damaged-layer", false));
        assertTrue(
            e.getMessage()
                .startsWith(
                    "Pattern `damaged-layer:0` names layer 9, but model `damaged-layer` has "),
            e.getMessage());
        assertTrue(
            e.getMessage().endsWith(" layers: the stored graph is damaged; write it again"),
            e.getMessage());
      }
      // Rolled back: the damage is never committed.
    }
  }
}
