package io.xgraph.store.server;

import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.internal.EmbeddedNeo4j;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.kernel.api.exceptions.ProcedureException;
import org.neo4j.kernel.api.procedure.GlobalProcedures;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.server.configuration.ServerSettings;
import org.neo4j.server.configuration.ThirdPartyJaxRsPackage;

/**
 * Embedded Neo4j on a store folder with Bolt and HTTP (Neo4j Browser) on loopback: what {@code
 * xgraph serve} runs, and what tests use as a real Bolt server.
 *
 * <p>Without a password, authentication is off and the server only listens on a loopback address;
 * {@link ServerOptions} refuses anything else. The GraSS style sheet is served at {@code
 * /xgraph/style.grass} and Browser applies it after connecting.
 */
public final class EmbeddedServer implements AutoCloseable {

  /** Classpath resource of the Neo4j Browser style sheet. */
  public static final String STYLE_RESOURCE = "/io/xgraph/store/server/xgraph.grass";

  /** HTTP path of the style sheet. */
  public static final String STYLE_PATH = "/xgraph/style.grass";

  private final DatabaseManagementService dbms;
  private final GraphDatabaseService db;
  private final GraphStore store;
  private final ServerOptions options;
  private final int boltPort;
  private final int httpPort;
  private volatile boolean closed;

  private EmbeddedServer(
      DatabaseManagementService dbms,
      GraphDatabaseService db,
      GraphStore store,
      ServerOptions options,
      int boltPort,
      int httpPort) {
    this.dbms = dbms;
    this.db = db;
    this.store = store;
    this.options = options;
    this.boltPort = boltPort;
    this.httpPort = httpPort;
  }

  /**
   * Starts the server and opens the store in it (schema checked, leftovers of killed writes
   * removed), then registers the procedure classes.
   *
   * @throws IllegalStateException the folder is locked, a port is taken, or Neo4j cannot start
   */
  public static EmbeddedServer start(ServerOptions options) {
    String host = options.listenAddress();
    String advertised = advertisedHost(host);
    DatabaseManagementServiceBuilder builder =
        EmbeddedNeo4j.builder(options.store())
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress(host, options.boltPort()))
            .setConfig(
                BoltConnector.advertised_address, new SocketAddress(advertised, options.boltPort()))
            .setConfig(HttpConnector.enabled, options.http())
            .setConfig(HttpConnector.listen_address, new SocketAddress(host, options.httpPort()))
            .setConfig(
                HttpConnector.advertised_address, new SocketAddress(advertised, options.httpPort()))
            .setConfig(GraphDatabaseSettings.auth_enabled, options.password() != null)
            .setConfig(ServerSettings.allow_telemetry, false)
            .setConfig(ServerSettings.http_auth_allowlist, List.of("/", "/browser.*", "/xgraph.*"))
            .setConfig(
                ServerSettings.third_party_packages,
                List.of(new ThirdPartyJaxRsPackage("io.xgraph.store.server.web", "/xgraph")))
            .setConfig(
                ServerSettings.browser_remote_content_hostname_whitelist,
                "localhost,127.0.0.1," + host);
    if (options.http() && options.httpPort() != 0) {
      // Browser runs this after connecting, so the graph is styled without any typing.
      builder.setConfig(
          ServerSettings.browser_post_connect_cmd,
          "style http://" + hostForUrl(host) + ":" + options.httpPort() + STYLE_PATH);
    }
    DatabaseManagementService dbms = EmbeddedNeo4j.start(builder, options.store());
    GraphStore store = null;
    try {
      GraphDatabaseService db = EmbeddedNeo4j.defaultDatabase(dbms, options.store());
      if (options.password() != null) {
        setPassword(dbms, options.password());
      }
      register(db, options.procedures());
      store = GraphStores.embedded(db, options.store().toAbsolutePath().toString(), true);
      ConnectorPortRegister ports =
          ((GraphDatabaseAPI) db)
              .getDependencyResolver()
              .resolveDependency(ConnectorPortRegister.class);
      int bolt = ports.getLocalAddress(ConnectorType.BOLT).getPort();
      int http = options.http() ? ports.getLocalAddress(ConnectorType.HTTP).getPort() : -1;
      return new EmbeddedServer(dbms, db, store, options, bolt, http);
    } catch (RuntimeException e) {
      dbms.shutdown();
      if (e.getMessage() != null && e.getMessage().contains("Address already in use")) {
        throw new IllegalStateException(
            "Port "
                + options.boltPort()
                + " or "
                + options.httpPort()
                + " on "
                + host
                + " is taken (another Neo4j or xgraph serve?). Stop it or choose --bolt-port"
                + " / --http-port.",
            e);
      }
      throw e;
    }
  }

  /**
   * The address clients are told to use: the listen address, or for a wildcard (all interfaces,
   * which Neo4j refuses to advertise) this machine's host name.
   */
  static String advertisedHost(String listen) {
    if (!List.of("0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0").contains(listen)) {
      return listen;
    }
    try {
      return java.net.InetAddress.getLocalHost().getCanonicalHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }

  private static void setPassword(DatabaseManagementService dbms, String password) {
    GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
    try {
      system.executeTransactionally(
          "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
    } catch (RuntimeException e) {
      // Neo4j refuses to "change" a password to the one already set: that is fine.
      if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be")) {
        throw new IllegalStateException("Could not set the password of user neo4j: " + e, e);
      }
    }
  }

  private static void register(GraphDatabaseService db, List<Class<?>> classes) {
    GlobalProcedures procedures =
        ((GraphDatabaseAPI) db).getDependencyResolver().resolveDependency(GlobalProcedures.class);
    for (Class<?> c : classes) {
      try {
        procedures.registerProcedure(c);
        procedures.registerFunction(c);
        procedures.registerAggregationFunction(c);
      } catch (ProcedureException e) {
        throw new IllegalStateException(
            "Procedure class " + c.getName() + " cannot be registered: " + e.getMessage(), e);
      }
    }
  }

  /** The store served (closed with the server). */
  public GraphStore store() {
    return store;
  }

  /** The embedded database (for procedures' tests and raw Cypher). */
  public GraphDatabaseService database() {
    return db;
  }

  public int boltPort() {
    return boltPort;
  }

  public int httpPort() {
    return httpPort;
  }

  /** Bolt URI, e.g. {@code bolt://127.0.0.1:7687}. */
  public String boltUri() {
    return "bolt://" + hostForUrl() + ":" + boltPort;
  }

  /** Neo4j Browser URL that connects without a login form when authentication is off. */
  public String browserUrl() {
    String auth = options.password() == null ? "NO_AUTH" : "BASIC";
    return "http://"
        + hostForUrl()
        + ":"
        + httpPort
        + "/browser/?preselectAuthMethod="
        + auth
        + "&dbms="
        + URLEncoder.encode(boltUri(), StandardCharsets.UTF_8)
        + "&connectURL="
        + URLEncoder.encode(boltUri(), StandardCharsets.UTF_8);
  }

  /** URL of the style sheet served by this server. */
  public String styleUrl() {
    return "http://" + hostForUrl() + ":" + httpPort + STYLE_PATH;
  }

  /** The Browser command that applies the project's style sheet. */
  public String styleCommand() {
    return ":style " + styleUrl();
  }

  private String hostForUrl() {
    return hostForUrl(options.listenAddress());
  }

  private static String hostForUrl(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** The project's GraSS style sheet for Neo4j Browser. */
  public static String styleSheet() {
    try (InputStream in = EmbeddedServer.class.getResourceAsStream(STYLE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Style sheet resource " + STYLE_RESOURCE + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the server (idempotent); with zero Bolt wait times this takes well under a second. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Bounded on a full disk, so that SIGTERM ends the server with a message instead of a spin.
    EmbeddedNeo4j.shutdown(dbms, options.store());
  }
}
