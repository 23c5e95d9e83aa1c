package io.xgraph.store.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;

/**
 * How to start the embedded server. Authentication is always on: without a password one is
 * generated at start ({@link EmbeddedServer#password()}), because a web page in the user's own
 * browser can open a Bolt WebSocket to a loopback port, which no Origin or Host check reaches.
 *
 * @param store the store folder
 * @param listenAddress address Bolt and HTTP listen on; loopback unless told otherwise
 * @param boltPort Bolt port (0 picks a free one)
 * @param httpPort HTTP port serving Neo4j Browser (0 picks a free one)
 * @param http whether to start the HTTP connector at all
 * @param password null to generate a random password at start (loopback only); else the password of
 *     user neo4j
 * @param importFolder the only folder {@code LOAD CSV} may read {@code file:} URLs from; null turns
 *     file URLs off
 * @param procedures procedure and function classes to register (e.g. the cypher module's)
 * @param imageRoot the dataset folder that {@code Image.path} values are relative to, read by the
 *     image patches served at {@code /xgraph/patch}; null serves no patches
 */
public record ServerOptions(
    Path store,
    String listenAddress,
    int boltPort,
    int httpPort,
    boolean http,
    String password,
    Path importFolder,
    List<Class<?>> procedures,
    Path imageRoot) {

  /** Neo4j's own minimum password length. */
  static final int MIN_PASSWORD_LENGTH = 8;

  public ServerOptions {
    procedures = List.copyOf(procedures);
    checkPort("--bolt-port", boltPort);
    checkPort("--http-port", httpPort);
    if (!isLoopback(listenAddress) && password == null) {
      // A generated password changes at every start and is only on this machine: clients on
      // other machines need one the user chose, and choosing it acknowledges the exposure.
      throw new IllegalArgumentException(
          "Refusing to listen on `"
              + listenAddress
              + "` (reachable from the network) with a generated password: give --password (not"
              + " `neo4j`, at least "
              + MIN_PASSWORD_LENGTH
              + " characters) for the clients on other machines, or listen on 127.0.0.1.");
    }
    if (password != null && (password.equals("neo4j") || password.length() < MIN_PASSWORD_LENGTH)) {
      throw new IllegalArgumentException(
          "Value for `--password` is the default or shorter than "
              + MIN_PASSWORD_LENGTH
              + " characters: choose another password.");
    }
  }

  /**
   * Loopback on the standard ports 7687 and 7474, a password generated at start, {@code LOAD CSV}
   * file URLs off, no procedures.
   */
  public static ServerOptions defaults(Path store) {
    return new ServerOptions(store, "127.0.0.1", 7687, 7474, true, null, null, List.of(), null);
  }

  public ServerOptions withPorts(int bolt, int httpPort) {
    return new ServerOptions(
        store, listenAddress, bolt, httpPort, http, password, importFolder, procedures, imageRoot);
  }

  public ServerOptions withHttp(boolean enabled) {
    return new ServerOptions(
        store,
        listenAddress,
        boltPort,
        httpPort,
        enabled,
        password,
        importFolder,
        procedures,
        imageRoot);
  }

  /** The password of user neo4j; null generates one at start. */
  public ServerOptions withPassword(String pw) {
    return new ServerOptions(
        store, listenAddress, boltPort, httpPort, http, pw, importFolder, procedures, imageRoot);
  }

  public ServerOptions withListenAddress(String address) {
    return new ServerOptions(
        store, address, boltPort, httpPort, http, password, importFolder, procedures, imageRoot);
  }

  /** The folder {@code LOAD CSV} may read {@code file:} URLs from; null turns them off. */
  public ServerOptions withImportFolder(Path folder) {
    return new ServerOptions(
        store, listenAddress, boltPort, httpPort, http, password, folder, procedures, imageRoot);
  }

  public ServerOptions withProcedures(List<Class<?>> classes) {
    return new ServerOptions(
        store, listenAddress, boltPort, httpPort, http, password, importFolder, classes, imageRoot);
  }

  /** The folder {@code Image.path} values are relative to; null serves no image patches. */
  public ServerOptions withImageRoot(Path folder) {
    return new ServerOptions(
        store, listenAddress, boltPort, httpPort, http, password, importFolder, procedures, folder);
  }

  private static void checkPort(String key, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "Value for `" + key + "` was `" + port + "`, but must be within the range [0, 65535].");
    }
  }

  static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "Value for `--listen` was `" + address + "`, but it is not a known host or address", e);
    }
  }
}
