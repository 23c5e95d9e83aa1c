package io.xgraph.store.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The server refuses to be reachable from the network without a password the user chose; on
 * loopback it generates one ({@link ServedStoreSecurityTest} shows it is enforced).
 */
class ServerOptionsTest {

  final ServerOptions local = ServerOptions.defaults(Path.of("store"));

  @Test
  void defaultsAreLoopbackWithAGeneratedPasswordAndNoFileUrls() {
    assertEquals("127.0.0.1", local.listenAddress());
    assertEquals(7687, local.boltPort());
    assertEquals(7474, local.httpPort());
    assertEquals(null, local.password(), "null: generated at start");
    assertEquals(null, local.importFolder(), "null: LOAD CSV file URLs off");
  }

  @Test
  void generatedPasswordsAreLongAndDifferEveryTime() {
    String a = EmbeddedServer.generatePassword();
    String b = EmbeddedServer.generatePassword();
    assertEquals(32, a.length());
    assertTrue(a.matches("[A-Za-z0-9_-]+"), a);
    assertTrue(!a.equals(b));
  }

  @Test
  void anotherAddressWithoutAPasswordIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> local.withListenAddress("0.0.0.0"));
    assertTrue(e.getMessage().contains("0.0.0.0"), e.getMessage());
    assertTrue(e.getMessage().contains("--password"), e.getMessage());
  }

  @Test
  void theDefaultOrAShortPasswordIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> local.withPassword("neo4j").withListenAddress("0.0.0.0"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> local.withPassword("short"));
    assertTrue(e.getMessage().contains("`--password`"), e.getMessage());
  }

  @Test
  void anotherAddressWithAGoodPasswordIsAccepted() {
    ServerOptions o = local.withPassword("a-long-password").withListenAddress("0.0.0.0");
    assertEquals("0.0.0.0", o.listenAddress());
  }

  @Test
  void aMissingImportFolderIsRefusedBeforeNeo4jStarts() {
    Path missing = Path.of("target", "no-such-import-folder");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EmbeddedServer.start(local.withImportFolder(missing)));
    assertTrue(e.getMessage().contains("`--import`"), e.getMessage());
    assertTrue(e.getMessage().contains("no-such-import-folder"), e.getMessage());
  }

  @Test
  void portsOutOfRangeAreRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> local.withPorts(70000, 7474));
    assertTrue(e.getMessage().contains("`--bolt-port`"), e.getMessage());
  }
}
