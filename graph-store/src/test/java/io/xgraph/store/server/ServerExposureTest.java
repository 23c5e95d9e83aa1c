package io.xgraph.store.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ClientException;

/**
 * What a running server exposes in its non-default configurations (the defaults are {@link
 * ServedStoreSecurityTest}, the options themselves {@link ServerOptionsTest}): by default Bolt
 * listens on loopback only, so the machine's own network address is refused; on another address a
 * chosen password is required and a client without it is refused; with an import folder LOAD CSV
 * reads file URLs from that folder only.
 */
class ServerExposureTest {

  @TempDir Path folder;

  /** A non-loopback IPv4 address of this machine, if it has one. */
  private static Optional<InetAddress> networkAddress() throws Exception {
    for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!n.isUp() || n.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(n.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          return Optional.of(a);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean accepts(InetAddress host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 2000);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void theDefaultServerIsReachableOnLoopbackOnly() throws Exception {
    try (EmbeddedServer server =
        EmbeddedServer.start(ServerOptions.defaults(folder).withPorts(0, 0).withHttp(false))) {
      URI uri = URI.create(server.boltUri());
      assertEquals("127.0.0.1", uri.getHost());
      assertTrue(accepts(InetAddress.getLoopbackAddress(), uri.getPort()));
      Optional<InetAddress> lan = networkAddress();
      if (lan.isPresent()) {
        assertTrue(
            !accepts(lan.get(), uri.getPort()),
            "Bolt port " + uri.getPort() + " must not answer on " + lan.get());
      }
    }
  }

  @Test
  void loadCsvReadsFileUrlsOnlyFromTheImportFolder() throws Exception {
    Path imports = Files.createDirectories(folder.resolve("import"));
    Files.writeString(imports.resolve("ok.csv"), "a,b\n");
    try (EmbeddedServer server =
            EmbeddedServer.start(
                ServerOptions.defaults(folder.resolve("store"))
                    .withPorts(0, 0)
                    .withHttp(false)
                    .withImportFolder(imports));
        Driver driver = GraphDatabase.driver(server.boltUri(), server.authToken());
        Session s = driver.session()) {
      assertEquals(
          List.of("a", "b"),
          s.run("LOAD CSV FROM 'file:///ok.csv' AS l RETURN l")
              .single()
              .get("l")
              .asList(Value::asString));
      for (String url : List.of("file:///etc/hostname", "file:///../../../../etc/hostname")) {
        ClientException e =
            assertThrows(
                ClientException.class,
                () -> s.run("LOAD CSV FROM '" + url + "' AS l RETURN l").list());
        assertTrue(e.getMessage().contains("Couldn't load the external resource"), e.getMessage());
      }
    }
  }

  @Test
  void anotherAddressRequiresThePassword() {
    String password = "exposure-test-pw";
    try (EmbeddedServer server =
        EmbeddedServer.start(
            ServerOptions.defaults(folder)
                .withPorts(0, 0)
                .withHttp(false)
                .withPassword(password)
                .withListenAddress("0.0.0.0"))) {
      String uri = "bolt://127.0.0.1:" + URI.create(server.boltUri()).getPort();
      try (Driver anonymous = GraphDatabase.driver(uri, AuthTokens.none());
          Session s = anonymous.session()) {
        assertThrows(AuthenticationException.class, () -> s.run("RETURN 1").consume());
      }
      try (Driver wrong = GraphDatabase.driver(uri, AuthTokens.basic("neo4j", "neo4j"));
          Session s = wrong.session()) {
        assertThrows(AuthenticationException.class, () -> s.run("RETURN 1").consume());
      }
      try (Driver right = GraphDatabase.driver(uri, AuthTokens.basic("neo4j", password));
          Session s = right.session()) {
        assertEquals(1, s.run("RETURN 1 AS n").single().get("n").asInt());
      }
    }
  }
}
