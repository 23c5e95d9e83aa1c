package io.xgraph.store.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;

/**
 * How to start the embedded server.
 *
 * @param store the store folder
 * @param listenAddress address Bolt and HTTP listen on; loopback unless told otherwise
 * @param boltPort Bolt port (0 picks a free one)
 * @param httpPort HTTP port serving Neo4j Browser (0 picks a free one)
 * @param http whether to start the HTTP connector at all
 * @param password null for no authentication (loopback only); else the password of user neo4j
 * @param procedures procedure and function classes to register (e.g. the cypher module's)
 */
public record ServerOptions(
    Path store,
    String listenAddress,
    int boltPort,
    int httpPort,
    boolean http,
    String password,
    List<Class<?>> procedures) {

  /** Neo4j's own minimum password length. */
  static final int MIN_PASSWORD_LENGTH = 8;

  public ServerOptions {
    procedures = List.copyOf(procedures);
    checkPort("--bolt-port", boltPort);
    checkPort("--http-port", httpPort);
    if (!isLoopback(listenAddress)) {
      if (password == null) {
        throw new IllegalArgumentException(
            "Refusing to listen on `"
                + listenAddress
                + "` without authentication: anyone on the network could read and change the"
                + " store. Give --password (not `neo4j`, at least "
                + MIN_PASSWORD_LENGTH
                + " characters), or listen on 127.0.0.1.");
      }
    }
    if (password != null && (password.equals("neo4j") || password.length() < MIN_PASSWORD_LENGTH)) {
      throw new IllegalArgumentException(
          "Value for `--password` is the default or shorter than "
              + MIN_PASSWORD_LENGTH
              + " characters: choose another password.");
    }
  }

  /** Loopback on the standard ports 7687 and 7474, no authentication, no procedures. */
  public static ServerOptions defaults(Path store) {
    return new ServerOptions(store, "127.0.0.1", 7687, 7474, true, null, List.of());
  }

  public ServerOptions withPorts(int bolt, int httpPort) {
    return new ServerOptions(store, listenAddress, bolt, httpPort, http, password, procedures);
  }

  public ServerOptions withHttp(boolean enabled) {
    return new ServerOptions(
        store, listenAddress, boltPort, httpPort, enabled, password, procedures);
  }

  public ServerOptions withPassword(String pw) {
    return new ServerOptions(store, listenAddress, boltPort, httpPort, http, pw, procedures);
  }

  public ServerOptions withListenAddress(String address) {
    return new ServerOptions(store, address, boltPort, httpPort, http, password, procedures);
  }

  public ServerOptions withProcedures(List<Class<?>> classes) {
    return new ServerOptions(store, listenAddress, boltPort, httpPort, http, password, classes);
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
