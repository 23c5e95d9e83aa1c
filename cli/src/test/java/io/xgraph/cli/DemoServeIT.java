package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.xgraph.store.ConnectionFile;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.AuthenticationException;

/**
 * {@code xgraph demo --serve} run as a user runs it: the packaged jar as a separate process on the
 * shared data (40 birds, two layers, two EM iterations), waited for until it prints the Neo4j
 * Browser URL; then the one-click Browser link over HTTP, the owner-only connection file with the
 * generated password, the learned patterns and the stored head part over Bolt with the Java Driver
 * and that password (refused without it), {@code store info --uri} finding the password by itself
 * and the busy-store message naming the actual Bolt port, SIGTERM (what Ctrl-C sends besides
 * SIGINT) removing the connection file, and the store checked after the server stopped. Runs after
 * {@code package}.
 */
class DemoServeIT {

  private static final String MODEL = "squeezenet1.1-fp16";

  /** Generous: the demo on 40 birds takes about a minute idle, much longer on a loaded machine. */
  private static final Duration DEMO_WAIT = Duration.ofMinutes(20);

  @TempDir Path tmp;

  @Test
  void demoServeAnswersOverHttpAndBoltAndStopsCleanlyOnSigterm() throws Exception {
    Path work = tmp.resolve("work");
    Path out = tmp.resolve("demo.out");
    Path err = tmp.resolve("demo.err");
    int bolt = freePort();
    int http = freePort();
    List<String> args = new ArrayList<>(XgraphBinaryIT.reducedDemo(work));
    args.addAll(
        List.of(
            "--serve",
            "--bolt-port",
            Integer.toString(bolt),
            "--http-port",
            Integer.toString(http)));
    // The connection file goes to a folder of this test, never to the user's own.
    Map<String, String> env = Map.of(ConnectionFile.DIR_ENV, tmp.resolve("runtime").toString());
    Path connectionFile = tmp.resolve("runtime").resolve("serve-" + bolt + ".properties");
    Process demo = XgraphBinaryIT.start(env, out, err, args.toArray(String[]::new));
    try {
      String browser = awaitBrowserUrl(demo, out, err);
      assertTrue(browser.startsWith("http://127.0.0.1:" + http + "/xgraph/connect?"), browser);
      String password = browser.substring(browser.indexOf('#') + 1);
      assertEquals(32, password.length(), "the generated password is the link's fragment");
      Properties connection = new Properties();
      try (var in = Files.newBufferedReader(connectionFile)) {
        connection.load(in);
      }
      assertEquals(password, connection.getProperty("password"));
      assertEquals("bolt://127.0.0.1:" + bolt, connection.getProperty("uri"));
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(connectionFile)),
          "readable by its owner only");
      String report = Files.readString(out, StandardCharsets.UTF_8);
      assertTrue(report.contains("== xgraph demo report"), report);
      assertTrue(report.contains("part head-forehead: normalized localisation error"), report);
      assertTrue(report.contains("10 draws of 3 annotated train images (flipped crops"), report);

      HttpResponse<String> page =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(browser))
                      .timeout(Duration.ofMinutes(1))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode(), "GET " + browser);
      assertTrue(page.body().contains("neo4j.connections"), "the connect page: " + page.body());

      try (Driver anonymous = GraphDatabase.driver("bolt://127.0.0.1:" + bolt, AuthTokens.none());
          Session session = anonymous.session()) {
        assertThrows(AuthenticationException.class, () -> session.run("RETURN 1").consume());
      }
      try (Driver driver =
              GraphDatabase.driver(
                  "bolt://127.0.0.1:" + bolt, AuthTokens.basic("neo4j", password));
          Session session = driver.session()) {
        Record patterns =
            session
                .run(
                    "MATCH (p:Pattern {model: $model}) RETURN count(p) AS patterns,"
                        + " count(DISTINCT p.layer) AS layers",
                    Map.of("model", MODEL))
                .single();
        assertTrue(patterns.get("patterns").asLong() > 1000, "learned patterns: " + patterns);
        assertEquals(2, patterns.get("layers").asLong(), "two layers learned");
        // The demo's own example query for the part.
        String partQuery = DemoCommand.exampleCypher(MODEL).get(4);
        List<Record> uses = session.run(partQuery).list();
        assertTrue(!uses.isEmpty(), "the stored head part uses patterns: " + partQuery);
        Record part =
            session
                .run(
                    "MATCH (:ExplanatoryGraph {name: $model})-[:HAS_PART]->(p:Part {name: 'head-forehead'})"
                        + " RETURN p.taughtBy AS by, p.inferenceSearch AS search,"
                        + " p.flippedCrops AS flipped",
                    Map.of("model", MODEL))
                .single();
        assertEquals("xgraph demo", part.get("by").asString());
        assertEquals("MAP", part.get("search").asString());
        assertTrue(part.get("flipped").asBoolean(), "taught with the flipped crops");
      }

      // Another command on the served store: --uri finds the password in the connection file,
      // and --store names the server's actual Bolt URI.
      XgraphBinaryIT.Run info = run(env, "store", "info", "--uri", "bolt://127.0.0.1:" + bolt);
      assertEquals(0, info.code(), info.out() + info.err());
      assertTrue(info.out().contains(MODEL), info.out());
      XgraphBinaryIT.Run busy =
          run(env, "store", "info", "--store", work.resolve("store").toString());
      assertEquals(1, busy.code(), busy.out() + busy.err());
      assertTrue(busy.err().contains("--uri bolt://127.0.0.1:" + bolt + " "), busy.err());
      assertTrue(busy.err().contains(connectionFile.toString()), busy.err());
    } finally {
      demo.destroy(); // SIGTERM: the serve command's shutdown hook closes the database
    }
    if (!demo.waitFor(3, TimeUnit.MINUTES)) {
      demo.destroyForcibly().waitFor();
      fail("demo --serve did not stop within 3 minutes of SIGTERM\n" + tail(out) + tail(err));
    }
    // 143 = 128 + SIGTERM: the JVM's exit after its shutdown hooks ran.
    assertEquals(143, demo.exitValue(), "exit after SIGTERM\n" + tail(out) + tail(err));
    String printed = Files.readString(out, StandardCharsets.UTF_8);
    assertTrue(printed.contains("Stopped in "), "the shutdown hook closed the server\n" + printed);
    assertTrue(!Files.readString(err).contains("Exception"), "no exception: " + tail(err));
    assertTrue(!Files.exists(connectionFile), "the connection file went with the server");

    Path checkOut = tmp.resolve("check.out");
    Path checkErr = tmp.resolve("check.err");
    Process check =
        XgraphBinaryIT.start(
            checkOut, checkErr, "check", "--store", work.resolve("store").toString());
    if (!check.waitFor(5, TimeUnit.MINUTES)) {
      check.destroyForcibly().waitFor();
      fail("xgraph check did not finish within 5 minutes\n" + tail(checkOut) + tail(checkErr));
    }
    String checked = Files.readString(checkOut, StandardCharsets.UTF_8);
    assertEquals(0, check.exitValue(), checked + tail(checkErr));
    assertTrue(checked.contains(": OK"), checked);
  }

  /** Runs the packaged xgraph with {@code env} to its end. */
  private XgraphBinaryIT.Run run(Map<String, String> env, String... args) throws Exception {
    Path o = Files.createTempFile(tmp, "run", ".out");
    Path e = Files.createTempFile(tmp, "run", ".err");
    Process p = XgraphBinaryIT.start(env, o, e, args);
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      fail("xgraph " + String.join(" ", args) + " did not finish within 5 minutes" + tail(e));
    }
    return new XgraphBinaryIT.Run(
        p.exitValue(),
        Files.readString(o, StandardCharsets.UTF_8),
        Files.readString(e, StandardCharsets.UTF_8));
  }

  /** Polls the demo's output for the Browser URL; fails early if the process ends first. */
  private static String awaitBrowserUrl(Process demo, Path out, Path err) throws Exception {
    long deadline = System.nanoTime() + DEMO_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> url =
          Files.readString(out, StandardCharsets.UTF_8)
              .lines()
              .filter(l -> l.strip().startsWith("Neo4j Browser:"))
              .map(l -> l.strip().substring("Neo4j Browser:".length()).strip())
              .findFirst();
      if (url.isPresent()) {
        return url.get();
      }
      if (!demo.isAlive()) {
        fail(
            "demo --serve exited with "
                + demo.exitValue()
                + " before printing the Browser URL\n"
                + tail(out)
                + tail(err));
      }
      Thread.sleep(1000);
    }
    fail("demo --serve printed no Browser URL within " + DEMO_WAIT + "\n" + tail(out) + tail(err));
    return null;
  }

  /** The last lines of a log, for failure messages. */
  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "";
    }
    List<String> lines = Files.readString(log, StandardCharsets.UTF_8).lines().toList();
    return "\n--- "
        + log.getFileName()
        + " (last 40 lines)\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
