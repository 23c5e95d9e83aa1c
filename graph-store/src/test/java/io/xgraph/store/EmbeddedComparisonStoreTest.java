package io.xgraph.store;

import io.xgraph.store.internal.EmbeddedNeo4j;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.graphdb.GraphDatabaseService;

/** The comparison contract on embedded Neo4j (one database for the class). */
class EmbeddedComparisonStoreTest extends ComparisonStoreContract {

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
  GraphStore store() {
    return store;
  }

  @Override
  GraphDatabaseService raw() {
    return db;
  }
}
