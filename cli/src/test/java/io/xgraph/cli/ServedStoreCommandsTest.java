package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.store.ConnectionFile;
import io.xgraph.store.Provenance;
import io.xgraph.store.bench.SyntheticGraphs;
import io.xgraph.store.server.EmbeddedServer;
import io.xgraph.store.server.ServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that talk to a served store, against a real server with the serve defaults (a
 * generated password, published in its connection file as {@code xgraph serve} does): {@code --uri}
 * finds the password without {@code --password}, a URI no running serve answers asks for it, and
 * {@code --store} on the served folder names the server's actual Bolt URI.
 */
class ServedStoreCommandsTest {

  @TempDir static Path folder;
  @TempDir static Path runtime;
  static EmbeddedServer server;

  @BeforeAll
  static void serve() {
    System.setProperty(ConnectionFile.DIR_PROPERTY, runtime.resolve("xgraph").toString());
    server =
        EmbeddedServer.start(
            ServerOptions.defaults(folder.resolve("store")).withPorts(0, 0).withHttp(false));
    server.store().write(SyntheticGraphs.tiny("served", 1), Provenance.of("synthetic"));
    server.publish();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    System.clearProperty(ConnectionFile.DIR_PROPERTY);
  }

  /** Exit code, standard output and standard error of one in-process run. */
  record Run(int code, String out, String err) {}

  static Run xgraph(String... args) {
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliRun run;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      run = CliRun.of(args);
    } finally {
      System.setErr(oldErr);
    }
    return new Run(run.code(), run.out(), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void uriCommandsFindTheGeneratedPasswordThemselves() {
    Run info = xgraph("store", "info", "--uri", server.boltUri());
    assertEquals(0, info.code(), info.out() + info.err());
    assertTrue(info.out().contains("served"), info.out());
    Run list = xgraph("store", "list", "--uri", server.boltUri().replace("bolt:", "neo4j:"));
    assertEquals(0, list.code(), list.out() + list.err());
    assertTrue(list.out().contains("served"), list.out());
    Run check = xgraph("check", "--uri", server.boltUri());
    assertEquals(0, check.code(), check.out() + check.err());
  }

  @Test
  void aUriNoRunningServeAnswersAsksForThePassword() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Run r = xgraph("store", "info", "--uri", "bolt://127.0.0.1:" + port);
    assertEquals(Main.EXIT_USAGE, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("No password for bolt://127.0.0.1:" + port), r.err());
    assertTrue(r.err().contains("give --password or set NEO4J_PASSWORD"), r.err());
  }

  @Test
  void theServedFolderNamesTheServersActualBoltUri() {
    Run r = xgraph("store", "info", "--store", folder.resolve("store").toString());
    assertEquals(Main.EXIT_FAILURE, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("--uri " + server.boltUri() + " "), r.err());
    assertTrue(r.err().contains(ConnectionFile.fileFor(server.boltPort()).toString()), r.err());
  }
}
