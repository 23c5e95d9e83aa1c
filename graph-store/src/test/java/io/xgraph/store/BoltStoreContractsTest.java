package io.xgraph.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.store.bench.SyntheticGraphs;
import io.xgraph.store.server.EmbeddedServer;
import io.xgraph.store.server.ServerOptions;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * The graph, part and comparison contracts over real Bolt: a separately started Neo4j (the embedded
 * server, with authentication on, on a free loopback port) reached through the Java Driver. The
 * contracts share one server (each test uses its own model names), so the back end pays for one
 * Neo4j start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoltStoreContractsTest implements StoreContracts {

  static final String PASSWORD = "contract-test-pw";

  @TempDir static Path folder;
  private EmbeddedServer server;
  private GraphStore store;

  @BeforeAll
  void start() {
    server =
        EmbeddedServer.start(
            ServerOptions.defaults(folder).withPorts(0, 0).withHttp(false).withPassword(PASSWORD));
    store = GraphStores.openRemote(target(PASSWORD));
  }

  RemoteTarget target(String password) {
    return new RemoteTarget(server.boltUri(), "neo4j", password, "neo4j");
  }

  @AfterAll
  void stop() {
    store.close();
    server.close();
  }

  @Override
  public GraphStore store() {
    return store;
  }

  @Override
  public GraphDatabaseService raw() {
    return server.database();
  }

  @Override
  public GraphStore openAgain() {
    return GraphStores.openRemote(target(PASSWORD));
  }

  @Test
  void routingUrisAreAccepted() {
    String routing = server.boltUri().replace("bolt://", "neo4j://");
    try (GraphStore viaRouting =
        GraphStores.openRemote(new RemoteTarget(routing, "neo4j", PASSWORD, "neo4j"))) {
      viaRouting.write(SyntheticGraphs.tiny("routing", 20), Provenance.of("x"));
      assertTrue(viaRouting.read("routing").isPresent());
    }
  }

  @Test
  void aWrongPasswordIsAClearUserError() {
    long before = count("MATCH (n) RETURN count(n) AS n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> GraphStores.openRemote(target("wrong-password")));
    assertTrue(e.getMessage().contains("wrong user or password"), e.getMessage());
    assertTrue(e.getMessage().contains("--password"), e.getMessage());
    assertTrue(e.getMessage().contains(server.boltUri()), e.getMessage());
    assertEquals(before, count("MATCH (n) RETURN count(n) AS n"));
  }

  @Test
  void anUnknownDatabaseIsAClearUserError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                GraphStores.openRemote(
                    new RemoteTarget(server.boltUri(), "neo4j", PASSWORD, "nosuchdb")));
    assertTrue(e.getMessage().contains("nosuchdb"), e.getMessage());
    assertTrue(e.getMessage().contains("--database"), e.getMessage());
  }

  @Test
  void anUnreachableServerIsAClearError() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String uri = "bolt://127.0.0.1:" + closedPort;
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> GraphStores.openRemote(new RemoteTarget(uri, "neo4j", PASSWORD, "neo4j")));
    assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
    assertTrue(e.getMessage().contains(uri), e.getMessage());
    assertTrue(e.getMessage().contains("--uri"), e.getMessage());
  }

  @Test
  void aBadUriIsAClearUserError() {
    String http = "http://127.0.0.1:7474";
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RemoteTarget(http, "neo4j", PASSWORD, "neo4j"));
    assertTrue(e.getMessage().contains("--uri"), e.getMessage());
    assertTrue(e.getMessage().contains(http), "the message names the value: " + e.getMessage());
  }
}
