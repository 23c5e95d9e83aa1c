package io.xgraph.store.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.store.ConnectionFile;
import io.xgraph.store.GraphStores;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ClientException;

/**
 * A served store as {@code xgraph serve} starts it (defaults: loopback, generated password, file
 * URLs off, HTTP on), attacked over real HTTP, Bolt and a Bolt WebSocket the way a web page in the
 * user's browser or another local user could (docs/reliability.md, "Threat model of a served
 * store"). One server for the class; every refused request is also checked to have written nothing.
 */
class ServedStoreSecurityTest {

  static final String EVIL = "http://evil.example";

  @TempDir static Path folder;
  @TempDir static Path runtime;
  static EmbeddedServer server;
  static ConnectionFile published;
  static int http;
  static String own;

  @BeforeAll
  static void start() throws Exception {
    System.setProperty(ConnectionFile.DIR_PROPERTY, runtime.resolve("xgraph").toString());
    server =
        EmbeddedServer.start(
            ServerOptions.defaults(folder.resolve("store")).withPorts(freePort(), freePort()));
    published = server.publish();
    http = server.httpPort();
    own = "127.0.0.1:" + http;
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    System.clearProperty(ConnectionFile.DIR_PROPERTY);
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static long evilNodes() {
    return server
        .database()
        .executeTransactionally(
            "MATCH (n:Evil) RETURN count(n) AS n", Map.of(), r -> (Long) r.next().get("n"));
  }

  static Map<String, String> headers(String... nameValue) {
    Map<String, String> h = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      h.put(nameValue[i], nameValue[i + 1]);
    }
    return h;
  }

  static String credential() {
    return RawHttp.basic("neo4j", server.password());
  }

  @Test
  void aCrossOriginPreflightIsRefusedWithoutAnyGrant() throws Exception {
    RawHttp.Response r =
        RawHttp.send(
            http,
            "OPTIONS",
            "/db/neo4j/tx/commit",
            headers(
                "Host",
                own,
                "Origin",
                EVIL,
                "Access-Control-Request-Method",
                "POST",
                "Access-Control-Request-Headers",
                "content-type,authorization"),
            null);
    assertEquals(403, r.status(), r.toString());
    assertNull(r.header("Access-Control-Allow-Origin"), r.toString());
    assertNull(r.header("Access-Control-Allow-Methods"), r.toString());
    assertTrue(r.body().contains("origin `" + EVIL + "`"), r.body());
  }

  @Test
  void aCrossOriginPostToTheTransactionEndpointIsRefusedEvenWithTheCredential() throws Exception {
    String create = RawHttp.statement("CREATE (:Evil) RETURN 1");
    // Both the preflighted JSON request and the "simple" text/plain one a page sends unasked; the
    // credential is included to show the Origin alone decides.
    for (String type : new String[] {"application/json", "text/plain"}) {
      RawHttp.Response r =
          RawHttp.send(
              http,
              "POST",
              "/db/neo4j/tx/commit",
              headers(
                  "Host", own,
                  "Origin", EVIL,
                  "Content-Type", type,
                  "Authorization", credential()),
              create);
      assertEquals(403, r.status(), type + ": " + r);
      assertNull(r.header("Access-Control-Allow-Origin"), r.toString());
    }
    // An opaque origin (sandboxed frame, file: page) is foreign too.
    RawHttp.Response opaque =
        RawHttp.send(
            http,
            "POST",
            "/db/neo4j/tx/commit",
            headers("Host", own, "Origin", "null", "Content-Type", "application/json"),
            create);
    assertEquals(403, opaque.status(), opaque.toString());
    // Another local web app (e.g. a notebook server on another port) is another origin.
    RawHttp.Response otherPort =
        RawHttp.send(
            http,
            "POST",
            "/db/neo4j/tx/commit",
            headers(
                "Host",
                own,
                "Origin",
                "http://127.0.0.1:8888",
                "Content-Type",
                "application/json",
                "Authorization",
                credential()),
            create);
    assertEquals(403, otherPort.status(), otherPort.toString());
    assertEquals(0, evilNodes());
  }

  @Test
  void aForeignHostHeaderIsRefusedSoDnsRebindingFails() throws Exception {
    // A page at http://evil.example:PORT whose name was rebound to 127.0.0.1: same-origin to
    // itself, so its requests carry its own Host (and, for a POST, its own Origin).
    String rebound = "evil.example:" + http;
    for (String path : new String[] {"/", "/browser/", "/xgraph/style.grass", "/xgraph/connect"}) {
      RawHttp.Response r = RawHttp.send(http, "GET", path, headers("Host", rebound), null);
      assertEquals(403, r.status(), path + ": " + r);
      assertTrue(r.body().contains("Host `" + rebound + "`"), r.body());
    }
    RawHttp.Response post =
        RawHttp.send(
            http,
            "POST",
            "/db/neo4j/tx/commit",
            headers(
                "Host",
                rebound,
                "Origin",
                "http://" + rebound,
                "Content-Type",
                "application/json",
                "Authorization",
                credential()),
            RawHttp.statement("CREATE (:Evil) RETURN 1"));
    assertEquals(403, post.status(), post.toString());
    // Without any Host: Jetty refuses HTTP/1.1 itself (400), the guard refuses HTTP/1.0 (403).
    RawHttp.Response none11 = RawHttp.send(http, "GET", "/", headers(), null);
    assertEquals(400, none11.status(), none11.toString());
    RawHttp.Response none10 = RawHttp.send("HTTP/1.0", http, "GET", "/browser/", headers(), null);
    assertEquals(403, none10.status(), none10.toString());
    assertTrue(none10.body().contains("no Host header"), none10.body());
    assertEquals(0, evilNodes());
  }

  @Test
  void unauthenticatedWritesAreRefusedOverHttpAndBolt() throws Exception {
    RawHttp.Response anonymous =
        RawHttp.send(
            http,
            "POST",
            "/db/neo4j/tx/commit",
            headers("Host", own, "Content-Type", "application/json"),
            RawHttp.statement("CREATE (:Evil) RETURN 1"));
    assertEquals(401, anonymous.status(), anonymous.toString());
    RawHttp.Response queryApi =
        RawHttp.send(
            http,
            "POST",
            "/db/neo4j/query/v2",
            headers("Host", own, "Content-Type", "application/json"),
            "{\"statement\":\"CREATE (:Evil) RETURN 1\"}");
    assertEquals(401, queryApi.status(), queryApi.toString());
    try (Driver none = GraphDatabase.driver(server.boltUri(), AuthTokens.none());
        Session s = none.session()) {
      assertThrows(AuthenticationException.class, () -> s.run("CREATE (:Evil)").consume());
    }
    // Neo4j's default password, which a store served before this round still had.
    try (Driver dflt = GraphDatabase.driver(server.boltUri(), AuthTokens.basic("neo4j", "neo4j"));
        Session s = dflt.session()) {
      assertThrows(AuthenticationException.class, () -> s.run("CREATE (:Evil)").consume());
    }
    assertEquals(0, evilNodes());
  }

  @Test
  void aWebPagesBoltWebSocketIsRefusedWithoutThePassword() throws Exception {
    // Bolt answers WebSockets from any origin (Neo4j has no Origin check there): the password is
    // the only thing that stops a page, which is why authentication cannot be turned off.
    try (BoltWebSocket page = BoltWebSocket.open(server.boltPort(), EVIL)) {
      BoltWebSocket.Reply r = page.hello(Map.of("scheme", "none"));
      assertTrue(!r.success(), r.text());
      assertTrue(r.text().contains("Unauthorized"), r.text());
    }
    try (BoltWebSocket browser = BoltWebSocket.open(server.boltPort(), "http://" + own)) {
      BoltWebSocket.Reply r =
          browser.hello(
              Map.of("scheme", "basic", "principal", "neo4j", "credentials", server.password()));
      assertTrue(r.success(), "Browser's own WebSocket logs in with the password: " + r.text());
    }
  }

  @Test
  void aPageFailingLoginsCannotLockTheUserOut() throws Exception {
    // Neo4j's default locks user neo4j for 5 s after 3 failures; with a generated password that
    // lock would only serve a hostile page.
    for (int i = 0; i < 5; i++) {
      try (BoltWebSocket page = BoltWebSocket.open(server.boltPort(), EVIL)) {
        BoltWebSocket.Reply r =
            page.hello(
                Map.of("scheme", "basic", "principal", "neo4j", "credentials", "guess-" + i));
        assertTrue(!r.success(), r.text());
      }
    }
    try (Driver d = GraphDatabase.driver(server.boltUri(), server.authToken());
        Session s = d.session()) {
      assertEquals(1, s.run("RETURN 1 AS n").single().get("n").asInt());
    }
  }

  @Test
  void loadCsvFileUrlsAreRefusedWithTheSettingNamed() throws Exception {
    assertTrue(Files.isReadable(Path.of("/etc/hostname")), "the file the attack reads exists");
    String[] urls = {"file:///etc/hostname", "file:///../../../../etc/hostname", "file:/etc/hosts"};
    for (String url : urls) {
      RawHttp.Response r =
          RawHttp.send(
              http,
              "POST",
              "/db/neo4j/tx/commit",
              headers(
                  "Host",
                  own,
                  "Origin",
                  "http://" + own,
                  "Content-Type",
                  "application/json",
                  "Authorization",
                  credential()),
              RawHttp.statement("LOAD CSV FROM '" + url + "' AS line RETURN line"));
      assertEquals(200, r.status(), r.toString());
      assertTrue(
          r.body().contains("dbms.security.allow_csv_import_from_file_urls' is false"),
          url + ": " + r.body());
      assertTrue(!r.body().contains("\"row\""), "no line of the file came back: " + r.body());
    }
    try (Driver d = GraphDatabase.driver(server.boltUri(), server.authToken());
        Session s = d.session()) {
      ClientException e =
          assertThrows(
              ClientException.class,
              () -> s.run("LOAD CSV FROM 'file:///etc/hostname' AS line RETURN line").list());
      assertTrue(e.getMessage().contains("allow_csv_import_from_file_urls"), e.getMessage());
    }
  }

  @Test
  void theBrowsersOwnOriginWithTheCredentialWorks() throws Exception {
    for (String name : new String[] {"127.0.0.1", "localhost", "[::1]"}) {
      String host = name + ":" + http;
      RawHttp.Response r =
          RawHttp.send(
              http,
              "POST",
              "/db/neo4j/tx/commit",
              headers(
                  "Host",
                  host,
                  "Origin",
                  "http://" + host,
                  "Content-Type",
                  "application/json",
                  "Authorization",
                  credential()),
              RawHttp.statement("CREATE (n:OwnOrigin) RETURN count(n) AS created"));
      assertEquals(200, r.status(), host + ": " + r);
      assertTrue(r.body().contains("\"errors\":[]"), r.body());
      RawHttp.Response style =
          RawHttp.send(
              http,
              "GET",
              EmbeddedServer.STYLE_PATH,
              headers("Host", "127.0.0.1:" + http, "Origin", "http://" + host),
              null);
      assertEquals(200, style.status(), style.toString());
      assertEquals("http://" + host, style.header("Access-Control-Allow-Origin"));
    }
    long written =
        server
            .database()
            .executeTransactionally(
                "MATCH (n:OwnOrigin) DETACH DELETE n RETURN count(*) AS n",
                Map.of(),
                r -> (Long) r.next().get("n"));
    assertEquals(3, written, "every write went through");
    // Browser's discovery and the one-click page load from the own host, with no Origin.
    RawHttp.Response discovery =
        RawHttp.send(http, "GET", "/", headers("Host", own, "Accept", "application/json"), null);
    assertEquals(200, discovery.status(), discovery.toString());
    RawHttp.Response connect =
        RawHttp.send(http, "GET", EmbeddedServer.CONNECT_PATH, headers("Host", own), null);
    assertEquals(200, connect.status(), connect.toString());
    assertEquals("no-store", connect.header("Cache-Control"));
    assertTrue(connect.body().contains("neo4j.connections"), connect.body());
    assertTrue(!connect.body().contains(server.password()), "the page itself holds no secret");
  }

  @Test
  void theLinkAndTheConnectionFileCarryTheCredentialOwnerOnly() throws Exception {
    String link = server.browserUrl();
    assertTrue(link.startsWith("http://" + own + EmbeddedServer.CONNECT_PATH + "?"), link);
    assertTrue(link.endsWith("#" + server.password()), "password in the fragment only: " + link);
    Path file = published.file();
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    Optional<ConnectionFile> found = ConnectionFile.forUri(server.boltUri());
    assertTrue(found.isPresent(), "found by its Bolt URI");
    assertEquals(server.password(), found.get().password());
    try (Driver d =
            GraphDatabase.driver(
                server.boltUri(), AuthTokens.basic(found.get().user(), found.get().password()));
        Session s = d.session()) {
      assertEquals(1, s.run("RETURN 1 AS n").single().get("n").asInt());
    }
    assertTrue(!found.get().toString().contains(server.password()), found.get().toString());
  }

  @Test
  void theBusyStoreMessageNamesTheServersRealPortAndCredential() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> GraphStores.openEmbedded(folder.resolve("store")).close());
    String m = e.getMessage();
    assertTrue(m.contains("in use by another process"), m);
    assertTrue(m.contains("--uri " + server.boltUri()), m);
    assertTrue(m.contains(published.file().toString()), m);
    assertTrue(server.boltPort() == 7687 || !m.contains("7687"), m);
  }
}
