package io.xgraph.store;

import io.xgraph.store.server.EmbeddedServer;
import io.xgraph.store.server.ServerOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * The part and comparison contracts over real Bolt (the embedded server with authentication, Java
 * Driver), sharing one server (their models have distinct names).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoltPartAndComparisonStoreTest {

  static final String PASSWORD = "part-compare-contract-pw";

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

  @Nested
  class Parts extends PartStoreContract {
    @Override
    GraphStore store() {
      return store;
    }

    @Override
    GraphDatabaseService raw() {
      return server.database();
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
      return server.database();
    }
  }
}
