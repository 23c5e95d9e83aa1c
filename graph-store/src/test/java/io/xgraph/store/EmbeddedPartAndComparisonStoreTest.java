package io.xgraph.store;

import io.xgraph.store.internal.EmbeddedNeo4j;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * The part and comparison contracts on embedded Neo4j, sharing one database (their models have
 * distinct names), so the class pays for one Neo4j start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedPartAndComparisonStoreTest {

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

  @Nested
  class Parts extends PartStoreContract {
    @Override
    GraphStore store() {
      return store;
    }

    @Override
    GraphDatabaseService raw() {
      return db;
    }
  }

  @Nested
  class Comparisons extends ComparisonStoreContract {
    @Override
    GraphStore store() {
      return store;
    }

    @Override
    GraphDatabaseService raw() {
      return db;
    }
  }
}
