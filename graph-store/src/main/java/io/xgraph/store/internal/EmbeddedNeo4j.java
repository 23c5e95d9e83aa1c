package io.xgraph.store.internal;

import io.xgraph.store.ConnectionFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.dbms.api.Neo4jDatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.impl.transaction.log.checkpoint.CheckPointer;
import org.neo4j.kernel.impl.transaction.log.checkpoint.SimpleTriggerInfo;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/** Starting embedded Neo4j on a store folder, with the project's settings and clear errors. */
public final class EmbeddedNeo4j {

  private EmbeddedNeo4j() {}

  /** Builder with modest memory, short transaction-log retention and no network connectors. */
  public static DatabaseManagementServiceBuilder builder(Path folder) {
    return configure(new DatabaseManagementServiceBuilder(folder));
  }

  /** Applies the settings of {@link #builder(Path)} to another builder (the embedded server's). */
  public static <B extends Neo4jDatabaseManagementServiceBuilder> B configure(B builder) {
    builder
        .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(512))
        .setConfig(GraphDatabaseSettings.keep_logical_logs, "256M size")
        .setConfig(BoltConnector.enabled, false)
        .setConfig(HttpConnector.enabled, false)
        .setConfig(HttpsConnector.enabled, false)
        .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ZERO)
        .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ZERO);
    return builder;
  }

  /**
   * Builds and starts the DBMS, turning a held lock into a message that says what to do.
   *
   * @throws IllegalStateException another process holds the folder, or Neo4j cannot start
   */
  public static DatabaseManagementService start(
      Neo4jDatabaseManagementServiceBuilder builder, Path folder) {
    try {
      return builder.build();
    } catch (RuntimeException e) {
      throw translate(e, folder);
    }
  }

  /** The default database ("neo4j"), available. */
  public static GraphDatabaseService defaultDatabase(DatabaseManagementService dbms, Path folder) {
    try {
      GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
      if (!db.isAvailable(Duration.ofSeconds(60).toMillis())) {
        throw new IllegalStateException(
            "Neo4j database in store "
                + folder.toAbsolutePath()
                + " did not become available; see "
                + folder.toAbsolutePath().resolve("logs/debug.log"));
      }
      return db;
    } catch (RuntimeException e) {
      dbms.shutdown();
      throw translate(e, folder);
    }
  }

  /**
   * Flushes everything committed so far to the store files (a Neo4j checkpoint), so that a later
   * shutdown, which always checkpoints, has little left to write.
   *
   * @throws IllegalStateException the flush failed
   */
  public static void checkpoint(GraphDatabaseService db, String reason) {
    try {
      ((GraphDatabaseAPI) db)
          .getDependencyResolver()
          .resolveDependency(CheckPointer.class)
          .forceCheckPoint(new SimpleTriggerInfo(reason));
    } catch (IOException e) {
      throw new IllegalStateException(
          "Checkpoint of Neo4j database " + db.databaseName() + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Names the server that holds the folder, with its actual Bolt URI, when an {@code xgraph serve}
   * left its connection file; the password is then read from that file by {@code --uri}.
   */
  static String busyMessage(Path folder) {
    String start = "Store folder " + folder.toAbsolutePath() + " is in use by another process";
    Optional<ConnectionFile> served = ConnectionFile.forStore(folder);
    if (served.isPresent()) {
      ConnectionFile c = served.get();
      return start
          + ": `xgraph serve` (process "
          + c.pid()
          + ") serves it at "
          + c.boltUri()
          + ". Connect to it with --uri "
          + c.boltUri()
          + " (the password is read from "
          + c.file()
          + "), or stop that server, or use another --store. Nothing was changed.";
    }
    return start
        + " (an `xgraph serve` or another xgraph command?). Stop that process, or use another"
        + " --store; if it is an `xgraph serve`, connect to it with --uri and the Bolt URI it"
        + " printed. Nothing was changed.";
  }

  private static RuntimeException translate(RuntimeException e, Path folder) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (t.getClass().getSimpleName().equals("FileLockException")
          || message.contains("locked by another process")) {
        return new IllegalStateException(busyMessage(folder), e);
      }
    }
    if (e instanceof IllegalStateException || e instanceof IllegalArgumentException) {
      return e;
    }
    return new IllegalStateException(
        "Neo4j could not open store folder " + folder.toAbsolutePath() + ": " + e.getMessage(), e);
  }
}
