package io.xgraph.cypher.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.cypher.testing.BirdFixture;
import io.xgraph.cypher.testing.LiteralGraph;
import io.xgraph.ingest.SharedData;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.Provenance;
import io.xgraph.store.RemoteTarget;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.ClientException;

/**
 * The shaded plugin jar in a stock Neo4j 5.26 server started in a separate JVM, reached over Bolt.
 *
 * <p>The server's class path is built like Neo4j's own launcher builds it (bin/neo4j: {@code lib/*}
 * plus {@code plugins/*}): Neo4j's jars, taken from this test's class path after dropping
 * target/classes, target/test-classes, every xgraph jar, test libraries and every jar whose classes
 * the plugin bundles, plus the plugins folder holding only the plugin jar. So xgraph classes can
 * only come from the plugin jar. {@code dbms.security.procedures.unrestricted} is not set.
 */
class PluginJarIT {

  @TempDir static Path home;
  static Process server;
  static Path log;
  static String bolt;

  @BeforeAll
  static void startServer() throws Exception {
    Path jar = Path.of(System.getProperty("xgraph.pluginJar", "target/missing-plugin.jar"));
    assertTrue(Files.isRegularFile(jar), "plugin jar " + jar + " not built: run mvn verify");
    Path plugins = Files.createDirectories(home.resolve("plugins"));
    Files.copy(jar, plugins.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    Path conf = Files.createDirectories(home.resolve("conf"));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    bolt = "bolt://127.0.0.1:" + port;
    Path data = SharedData.locate(null);
    Files.writeString(
        conf.resolve("neo4j.conf"),
        String.join(
            "\n",
            "server.directories.plugins=" + plugins,
            "server.directories.data=" + home.resolve("data"),
            "server.directories.logs=" + home.resolve("logs"),
            "server.bolt.listen_address=127.0.0.1:" + port,
            "server.bolt.advertised_address=127.0.0.1:" + port,
            "server.http.enabled=false",
            "server.https.enabled=false",
            "dbms.security.auth_enabled=false",
            "server.memory.pagecache.size=64m",
            "dbms.usage_report.enabled=false",
            "server.xgraph.image_root=" + SharedData.cubDev(data),
            "server.xgraph.model_root=" + data.resolve("models"),
            ""));
    List<String> cp = neo4jClassPath(jar);
    cp.add(plugins + File.separator + "*");
    log = home.resolve("server.log");
    server =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp",
                String.join(File.pathSeparator, cp),
                "org.neo4j.server.CommunityEntryPoint",
                "--home-dir=" + home,
                "--config-dir=" + conf)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    while (true) {
      try (Driver d = GraphDatabase.driver(bolt, AuthTokens.none())) {
        d.verifyConnectivity();
        break;
      } catch (RuntimeException e) {
        if (!server.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Neo4j did not start; its output:\n" + Files.readString(log), e);
        }
        Thread.sleep(1000);
      }
    }
    try (GraphStore store =
        GraphStores.openRemote(new RemoteTarget(bolt, "neo4j", "unused", "neo4j"))) {
      store.write(LiteralGraph.graph(), Provenance.of("plugin test"));
      store.write(
          BirdFixture.realGeometryGraph("real-geometry", 1.0),
          BirdFixture.modelFileProvenance("plugin test"));
    }
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.destroy();
      if (!server.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  /** This JVM's class path minus our classes, test libraries and what the plugin bundles. */
  static List<String> neo4jClassPath(Path pluginJar) throws IOException {
    Set<String> bundled = new HashSet<>();
    try (ZipFile z = new ZipFile(pluginJar.toFile())) {
      z.stream()
          .map(ZipEntry::getName)
          .filter(n -> n.endsWith(".class") && !n.startsWith("io/xgraph/shaded/"))
          .forEach(bundled::add);
    }
    String full =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> out = new ArrayList<>();
    for (String entry : full.split(File.pathSeparator)) {
      Path p = Path.of(entry);
      String name = p.getFileName().toString();
      if (!Files.isRegularFile(p)
          || !name.endsWith(".jar")
          || name.startsWith("xgraph-")
          || name.matches("(junit|opentest4j|apiguardian|surefire|failsafe|neo4j-java-driver).*")) {
        continue;
      }
      boolean overlaps;
      try (ZipFile z = new ZipFile(p.toFile())) {
        overlaps = z.stream().anyMatch(e -> bundled.contains(e.getName()));
      }
      if (!overlaps) {
        out.add(entry);
      }
    }
    return out;
  }

  private static List<String> goldenProcedureNames() throws IOException {
    try (var lines = Files.lines(Path.of("src/test/resources/xg-procedures.golden.txt"))) {
      return lines.filter(l -> l.startsWith("xg.")).map(String::strip).sorted().toList();
    }
  }

  private static Driver driver() {
    return GraphDatabase.driver(bolt, AuthTokens.none());
  }

  @Test
  void proceduresAreLoadedAndAnswer() throws Exception {
    try (Driver d = driver();
        Session s = d.session()) {
      // every procedure and function of the golden file (kept equal to the registered ones by
      // LiteralGraphProceduresTest) is loaded by the stock server from the jar
      List<String> loaded = new java.util.ArrayList<>();
      for (String show : List.of("SHOW PROCEDURES", "SHOW FUNCTIONS")) {
        loaded.addAll(
            s.run(show + " YIELD name WHERE name STARTS WITH 'xg.' RETURN name")
                .list(r -> r.get("name").asString()));
      }
      assertEquals(goldenProcedureNames(), loaded.stream().sorted().toList());
    }
    try (Driver d = driver();
        Session s = d.session()) {
      List<Record> models = s.run("CALL xg.model.list() YIELD name RETURN name").list();
      assertEquals(2, models.size());
      assertEquals(
          List.of(5L, 4L),
          s.run("CALL xg.pattern.lookup('literal', {layer: 'high'}) YIELD id RETURN id")
              .list(r -> r.get("id").asLong()));
      // The image root comes from neo4j.conf through the plugin's SettingsDeclaration.
      ClientException e =
          assertThrows(
              ClientException.class,
              () -> s.run("CALL xg.image.infer('literal', '../x.jpg')").list());
      assertTrue(
          e.getMessage().contains("leads outside the folder of `server.xgraph.image_root`"),
          e.getMessage());
    }
  }

  @Test
  void imageInferenceRunsOnnxRuntimeInsideTheServer() throws Exception {
    try (Driver d = driver();
        Session s = d.session()) {
      List<Record> rows =
          s.run(
                  "CALL xg.image.infer('real-geometry', $p, {onlyFired: false, wholeImage: true})"
                      + " YIELD key, x, y, score RETURN key, x, y, score",
                  Map.of("p", firstBirdPath()))
              .list();
      assertEquals(BirdFixture.LAYERS.size(), rows.size());
      for (Record r : rows) {
        double x = r.get("x").asDouble();
        assertTrue(x >= 0 && x <= 224, r.toString());
        assertFalse(Double.isNaN(r.get("score").asDouble()), r.toString());
      }
    }
  }

  private static String firstBirdPath() {
    FeatureStore store = BirdFixture.ingestedStore();
    return BirdFixture.relativePath(
        SharedData.cubDev(SharedData.locate(null)), store.storedImages().get(0));
  }
}
