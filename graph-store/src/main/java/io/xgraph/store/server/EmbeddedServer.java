package io.xgraph.store.server;

import io.xgraph.store.ConnectionFile;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.RemoteTarget;
import io.xgraph.store.internal.EmbeddedNeo4j;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.Neo4jDatabaseManagementServiceBuilder;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
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
 * <p>Safe on a shared desktop (docs/reliability.md, "Threat model of a served store"):
 * authentication is always on (a password generated at start unless one is given), every HTTP
 * request must name a loopback host (or the listen address) and, if a web page sent it, come from
 * this server's own origin ({@link HttpGuard}), and {@code LOAD CSV} reads {@code file:} URLs only
 * from a stated import folder. The GraSS style sheet is served at {@code /xgraph/style.grass} and
 * Browser applies it after connecting; {@link #browserUrl()} opens Browser already connected.
 */
public final class EmbeddedServer implements AutoCloseable {

  /** Classpath resource of the Neo4j Browser style sheet. */
  public static final String STYLE_RESOURCE = "/io/xgraph/store/server/xgraph.grass";

  /** HTTP path of the style sheet. */
  public static final String STYLE_PATH = "/xgraph/style.grass";

  /** HTTP path of the page that connects Browser with the password in the link's fragment. */
  public static final String CONNECT_PATH = "/xgraph/connect";

  /** HTTP path of the Neo4j Browser guide ({@code :play} its URL). */
  public static final String GUIDE_PATH = "/xgraph/guide";

  /** HTTP path of the image patches of patterns' top images (PNG). */
  public static final String PATCH_PATH = "/xgraph/patch";

  private static final String USER = "neo4j";

  private final DatabaseManagementService dbms;
  private final GraphDatabaseService db;
  private final GraphStore store;
  private final ServerOptions options;
  private final String password;
  private final int boltPort;
  private final int httpPort;
  private volatile boolean closed;
  private ConnectionFile connectionFile;

  private EmbeddedServer(
      DatabaseManagementService dbms,
      GraphDatabaseService db,
      GraphStore store,
      ServerOptions options,
      String password,
      int boltPort,
      int httpPort) {
    this.dbms = dbms;
    this.db = db;
    this.store = store;
    this.options = options;
    this.password = password;
    this.boltPort = boltPort;
    this.httpPort = httpPort;
  }

  /**
   * Starts the server and opens the store in it (schema checked, leftovers of killed writes
   * removed), then registers the procedure classes.
   *
   * @throws IllegalArgumentException the import folder is not a folder
   * @throws IllegalStateException the folder is locked, a port is taken, or Neo4j cannot start
   */
  public static EmbeddedServer start(ServerOptions options) {
    String host = options.listenAddress();
    String advertised = advertisedHost(host);
    String password = options.password() != null ? options.password() : generatePassword();
    Path importFolder = options.importFolder();
    if (importFolder != null && !Files.isDirectory(importFolder)) {
      throw new IllegalArgumentException(
          "Value for `--import` was `"
              + importFolder
              + "`, but it is not a folder: create it, or leave --import out (LOAD CSV file URLs"
              + " off).");
    }
    HttpGuard guard = new HttpGuard(HttpGuard.namesFor(host, advertised));
    Neo4jDatabaseManagementServiceBuilder builder =
        EmbeddedNeo4j.configure(new GuardedServiceBuilder(options.store(), guard))
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress(host, options.boltPort()))
            .setConfig(
                BoltConnector.advertised_address, new SocketAddress(advertised, options.boltPort()))
            .setConfig(HttpConnector.enabled, options.http())
            .setConfig(HttpConnector.listen_address, new SocketAddress(host, options.httpPort()))
            .setConfig(
                HttpConnector.advertised_address, new SocketAddress(advertised, options.httpPort()))
            // Always on: any web page can open a Bolt WebSocket to a loopback port, and Bolt
            // checks neither Origin nor Host; only the password stops it.
            .setConfig(GraphDatabaseSettings.auth_enabled, true)
            // The HTTP API answers the Browser's own origin only; HttpGuard refuses other
            // origins before this header is written, so it never grants a foreign page.
            .setConfig(
                ServerSettings.http_access_control_allow_origin,
                options.httpPort() == 0
                    ? ""
                    : "http://" + hostForUrl(host) + ":" + options.httpPort())
            // LOAD CSV reads file: URLs only from the stated import folder, else not at all (the
            // embedded default reads any file the process can, e.g. file:///etc/passwd).
            .setConfig(GraphDatabaseSettings.allow_file_urls, importFolder != null)
            .setConfig(ServerSettings.allow_telemetry, false)
            .setConfig(ServerSettings.http_auth_allowlist, List.of("/", "/browser.*", "/xgraph.*"))
            .setConfig(
                ServerSettings.third_party_packages,
                List.of(new ThirdPartyJaxRsPackage("io.xgraph.store.server.web", "/xgraph")))
            .setConfig(
                ServerSettings.browser_remote_content_hostname_whitelist,
                "localhost,127.0.0.1," + host);
    if (importFolder != null) {
      builder.setConfig(
          GraphDatabaseSettings.load_csv_file_url_root, importFolder.toAbsolutePath().normalize());
    }
    if (options.password() == null) {
      // Neo4j locks a user for 5 s after 3 failed logins: against a 192-bit generated password
      // that guards nothing and would let any web page lock the user out. A chosen password keeps
      // the lock, which slows guessing.
      builder.setConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0);
    }
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
      setPassword(dbms, password);
      register(db, options.procedures());
      store = GraphStores.embedded(db, options.store().toAbsolutePath().toString(), true);
      ConnectorPortRegister ports =
          ((GraphDatabaseAPI) db)
              .getDependencyResolver()
              .resolveDependency(ConnectorPortRegister.class);
      int bolt = ports.getLocalAddress(ConnectorType.BOLT).getPort();
      int http = options.http() ? ports.getLocalAddress(ConnectorType.HTTP).getPort() : -1;
      if (http > 0) {
        ServedSites.register(
            http,
            new ServedSites.Site(
                db,
                options.imageRoot(),
                generatePassword(),
                "http://" + hostForUrl(host) + ":" + http));
      }
      return new EmbeddedServer(dbms, db, store, options, password, bolt, http);
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

  /** 24 random bytes as 32 URL-safe characters: nothing to escape in a link or a shell. */
  static String generatePassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static boolean isWildcard(String listen) {
    return List.of("0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0").contains(listen);
  }

  /**
   * The address clients are told to use: the listen address, or for a wildcard (all interfaces,
   * which Neo4j refuses to advertise) this machine's host name.
   */
  static String advertisedHost(String listen) {
    if (!isWildcard(listen)) {
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

  /** The user clients log in as. */
  public String user() {
    return USER;
  }

  /** The password of {@link #user()}: the one given, or the one generated at start. */
  public String password() {
    return password;
  }

  /** The Bolt credential of this server, for the Java Driver. */
  public AuthToken authToken() {
    return AuthTokens.basic(USER, password);
  }

  /** This server as a Bolt target of {@link GraphStores#openRemote}. */
  public RemoteTarget remoteTarget() {
    return new RemoteTarget(boltUri(), USER, password, "neo4j");
  }

  /**
   * The one-click Neo4j Browser link: the project's connect page, which hands the password from the
   * URL fragment (never sent over the network, so never in a log) to Browser and opens it
   * connected. Anyone who sees this link can use the store.
   */
  public String browserUrl() {
    return browserUrl("");
  }

  /**
   * As {@link #browserUrl()}, with more Browser parameters ({@code cmd=edit&arg=...}, already
   * encoded) passed on to Browser.
   */
  public String browserUrl(String browserParameters) {
    return "http://"
        + hostForUrl()
        + ":"
        + httpPort
        + CONNECT_PATH
        + "?dbms="
        + URLEncoder.encode(boltUri(), StandardCharsets.UTF_8)
        + (browserParameters.isEmpty() ? "" : "&" + browserParameters)
        + "#"
        + password;
  }

  /**
   * The one-click link that also plays the guide. Browser fetches a guide only from its allowlist,
   * which before connecting is its built-in one ({@code localhost}), so on loopback the guide is
   * named as localhost (a cross-origin read that {@link io.xgraph.store.server.web.GuideResource}
   * grants to this server's own origin only).
   */
  public String browserGuideUrl() {
    String guide =
        ServerOptions.isLoopback(options.listenAddress())
            ? "http://localhost:" + httpPort + GUIDE_PATH
            : guideUrl();
    return browserUrl("cmd=play&arg=" + URLEncoder.encode(guide, StandardCharsets.UTF_8));
  }

  /** Neo4j Browser itself, which asks for the password. */
  public String browserLoginUrl() {
    return "http://" + hostForUrl() + ":" + httpPort + "/browser/";
  }

  /**
   * Writes this server's {@link ConnectionFile} (owner-only), so that {@code --uri} commands and
   * the store-busy message find it; {@link #close()} deletes it.
   */
  public synchronized ConnectionFile publish() {
    connectionFile =
        ConnectionFile.write(boltUri(), boltPort, USER, password, browserUrl(), options.store());
    return connectionFile;
  }

  /** URL of the style sheet served by this server. */
  public String styleUrl() {
    return "http://" + hostForUrl() + ":" + httpPort + STYLE_PATH;
  }

  /** URL of the Browser guide of this store. */
  public String guideUrl() {
    return "http://" + hostForUrl() + ":" + httpPort + GUIDE_PATH;
  }

  /** The Browser command that plays the guide. */
  public String guideCommand() {
    return ":play " + guideUrl();
  }

  /**
   * The URL of the PNG patch of {@code patternKey}'s top image of rank {@code rank}, carrying this
   * server's patch key; empty without HTTP.
   */
  public java.util.Optional<String> patchUrl(String patternKey, long rank) {
    return ServedSites.onPort(httpPort).map(site -> site.patchUrl(patternKey, rank));
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
    if (httpPort > 0) {
      ServedSites.unregister(httpPort);
    }
    try {
      // Bounded on a full disk, so that SIGTERM ends the server with a message instead of a spin.
      EmbeddedNeo4j.shutdown(dbms, options.store());
    } finally {
      if (connectionFile != null) {
        connectionFile.delete();
      }
    }
  }
}
