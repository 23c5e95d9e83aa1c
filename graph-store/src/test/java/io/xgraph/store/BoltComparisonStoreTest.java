package io.xgraph.store;

import io.xgraph.store.server.EmbeddedServer;
import io.xgraph.store.server.ServerOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.graphdb.GraphDatabaseService;

/** The comparison contract over real Bolt (a separately started Neo4j, authentication on). */
class BoltComparisonStoreTest extends ComparisonStoreContract {

  static final String PASSWORD = "compare-test-pw";

  @TempDir static Path folder;
  private EmbeddedServer server;
  private GraphStore store;

  @BeforeAll
  void start() {
    server =
        EmbeddedServer.start(
            ServerOptions.defaults(folder).withPorts(0, 0).withHttp(false).withPassword(PASSWORD));
    store = GraphStores.openRemote(new RemoteTarget(server.boltUri(), "neo4j", PASSWORD, "neo4j"));
  }

  @AfterAll
  void stop() {
    store.close();
    server.close();
  }

  @Override
  GraphStore store() {
    return store;
  }

  @Override
  GraphDatabaseService raw() {
    return server.database();
  }
}
