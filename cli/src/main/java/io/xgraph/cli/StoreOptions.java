package io.xgraph.cli;

import io.xgraph.store.ConnectionFile;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.RemoteTarget;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the store is: an embedded folder ({@code --store}, the default) or a Neo4j server ({@code
 * --uri} with user, password and database).
 */
public final class StoreOptions {

  /** The embedded store folder when none is given; {@code xgraph serve} serves it too. */
  static final String DEFAULT_STORE = "xgraph-work/store";

  /** Help of {@code --store}, the embedded store folder. */
  static final String STORE_HELP = "Embedded store folder (default: ${DEFAULT-VALUE}).";

  @Option(
      names = "--store",
      paramLabel = "DIR",
      description = STORE_HELP,
      defaultValue = DEFAULT_STORE)
  Path store;

  @Option(
      names = "--uri",
      paramLabel = "URI",
      description = "Neo4j server instead of --store, e.g. neo4j://host:7687 or bolt://host:7687.")
  String uri;

  @Option(
      names = "--user",
      description = "Neo4j user (default: ${DEFAULT-VALUE}).",
      defaultValue = "neo4j")
  String user;

  @Option(
      names = "--password",
      description =
          "Neo4j password (default: the NEO4J_PASSWORD environment variable, else for an"
              + " `xgraph serve` of this user on this machine the password it generated).",
      defaultValue = "${env:NEO4J_PASSWORD}")
  String password;

  @Option(
      names = "--database",
      description = "Neo4j database (default: ${DEFAULT-VALUE}).",
      defaultValue = "neo4j")
  String database;

  /** Opens the store these options name. */
  public GraphStore open() {
    if (uri == null) {
      return GraphStores.openEmbedded(store);
    }
    return GraphStores.openRemote(remote());
  }

  /**
   * Opens the store these options name, which must exist: for commands that read or manage a store,
   * so that a mistyped --store is named instead of becoming a new empty store.
   */
  public GraphStore openExisting() {
    if (uri == null) {
      return GraphStores.openExistingEmbedded(store);
    }
    return GraphStores.openRemote(remote());
  }

  /** The remote target, or null when the store is embedded. */
  public RemoteTarget remote() {
    if (uri == null) {
      return null;
    }
    if (password == null) {
      // Jupyter-style: `xgraph serve` left its generated password in an owner-only file.
      Optional<ConnectionFile> served = ConnectionFile.forUri(uri);
      if (served.isPresent()) {
        return new RemoteTarget(uri, user, served.get().password(), database);
      }
      throw new IllegalArgumentException(
          "No password for "
              + uri
              + ": give --password or set NEO4J_PASSWORD. (An `xgraph serve` of yours on this"
              + " machine is found without them, through its file in "
              + ConnectionFile.directory()
              + "; no running one serves this URI.)");
    }
    return new RemoteTarget(uri, user, password, database);
  }
}
