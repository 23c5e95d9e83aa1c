package io.xgraph.store.internal;

import io.xgraph.learner.io.DiskSpace;
import io.xgraph.store.ConnectionFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.dbms.DatabaseStateService;
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
    return builder(folder, Files.exists(folder.resolve(INTERRUPTED_MARKER)));
  }

  /**
   * As {@link #builder(Path)}; {@code dropTornLogTail} lets recovery cut a transaction log that
   * ends in a torn entry (a write cut short by a full disk: its own uncommitted batch) instead of
   * refusing to start. Neo4j keeps the cut bytes in {@code corrupted-*.zip} beside the log.
   */
  public static DatabaseManagementServiceBuilder builder(Path folder, boolean dropTornLogTail) {
    return configure(new DatabaseManagementServiceBuilder(folder), dropTornLogTail);
  }

  /** Applies the settings of {@link #builder(Path)} to another builder (the embedded server's). */
  public static <B extends Neo4jDatabaseManagementServiceBuilder> B configure(B builder) {
    return configure(builder, false);
  }

  private static <B extends Neo4jDatabaseManagementServiceBuilder> B configure(
      B builder, boolean dropTornLogTail) {
    builder
        .setConfig(GraphDatabaseInternalSettings.fail_on_corrupted_log_files, !dropTornLogTail)
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
   * Free space below which a store is not opened: Neo4j writes on every open (its logs, the
   * leftovers of an interrupted write are removed, a checkpoint at close, recovery after a crash),
   * and on a full disk it retries its page flushes forever instead of failing.
   */
  public static final long MIN_FREE_TO_OPEN = 64L << 20;

  /**
   * Seconds a start or shutdown may go on while the disk stays full before it is given up with a
   * message (Neo4j's page cache retries a flush until there is room).
   */
  static final int STUCK_SECONDS = 10;

  /** File of the room a running write keeps for Neo4j's shutdown (see StoreSpace). */
  public static final String RESERVE_FILE = "xgraph-write-reserve.bin";

  /**
   * File left by a write that failed on a full disk: its transaction log may end in a torn entry,
   * which the next open cuts (see {@link #builder(Path, boolean)}); deleted once the store is open.
   */
  public static final String INTERRUPTED_MARKER = "xgraph-interrupted-write.txt";

  /** Leaves {@link #INTERRUPTED_MARKER} in {@code folder} (call after the reserve is released). */
  public static void markInterrupted(Path folder, String what) {
    try {
      Files.writeString(folder.resolve(INTERRUPTED_MARKER), what + System.lineSeparator());
    } catch (IOException e) {
      // Without it the next open names the fix (`xgraph store recover`).
    }
  }

  /** A disk with less than this usable is full for the watchdog. */
  static final long FULL_BYTES = 1L << 20;

  /**
   * Checks, before Neo4j touches it, that {@code folder} can be a store: not a file, writable
   * (Neo4j writes even to read: locks, logs, recovery) and on a disk with room to open it.
   *
   * @param create false when the store must exist already (info, list, delete, check, reads)
   * @throws IllegalArgumentException the path is a file, or no store is there and none may be made
   * @throws IllegalStateException the folder or a file in it is read-only, or the disk is full
   */
  public static void checkFolder(Path folder, boolean create) {
    Path abs = folder.toAbsolutePath();
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new IllegalArgumentException(
          "Store path `"
              + folder
              + "` is a file, not a store folder: give --store the folder of a store (or a new"
              + " folder to create one)");
    }
    if (!create && !Files.isDirectory(abs.resolve("data/databases"))) {
      throw new IllegalArgumentException(
          "No store in `"
              + folder
              + "` ("
              + (Files.isDirectory(abs) ? "the folder holds no Neo4j store" : "no such folder")
              + "): give the --store of an existing store (`xgraph demo` writes one to "
              + "xgraph-work/store), or --uri for a Neo4j server");
    }
    Path readOnly = firstReadOnly(abs);
    if (readOnly != null) {
      throw new IllegalStateException(
          "Store "
              + (readOnly.equals(abs)
                  ? "folder `" + folder + "`"
                  : (Files.isDirectory(readOnly) ? "folder `" : "file `") + readOnly + "`")
              + " is read-only, and Neo4j writes to its store even to read it (locks, logs,"
              + " recovery): make it writable (chmod -R u+w "
              + folder
              + "), or copy the folder to a writable place and give the copy as --store. Nothing"
              + " was changed.");
    }
    // A reserve left by a killed write is deleted once the store is open: count its room as free.
    long free = DiskSpace.usable(abs);
    long stale = 0;
    try {
      Path reserve = abs.resolve(StoreSpace.RESERVE_FILE);
      stale = Files.isRegularFile(reserve) ? Files.size(reserve) : 0;
    } catch (IOException e) {
      // counted as not there
    }
    if (free >= 0 && free + stale < MIN_FREE_TO_OPEN) {
      throw new IllegalStateException(
          DiskSpace.notEnough(abs, MIN_FREE_TO_OPEN, free + stale, "opening store `" + folder + "`")
              + " (Neo4j writes on every open, and on a full disk it cannot close again)");
    }
  }

  /** Deletes the reserve of a killed write (call with the store open: its lock held). */
  public static void removeStaleReserve(Path folder) {
    try {
      Files.deleteIfExists(folder.toAbsolutePath().resolve(StoreSpace.RESERVE_FILE));
    } catch (IOException e) {
      // Tried again at the next open.
    }
  }

  /** The store folder (or the nearest folder above a new one) or a file in it that is read-only. */
  private static Path firstReadOnly(Path folder) {
    Path existing = DiskSpace.existingFolder(folder);
    if (!Files.isWritable(existing)) {
      return existing.equals(folder) ? folder : existing;
    }
    if (!Files.isDirectory(folder)) {
      return null;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(f -> !Files.isWritable(f)).findFirst().orElse(null);
    } catch (IOException | UncheckedIOException e) {
      return null; // Neo4j reports what it cannot read
    }
  }

  /**
   * Builds and starts the DBMS, turning a held lock into a message that says what to do. A start
   * that hangs on a full disk is given up after {@link #STUCK_SECONDS} with a message.
   *
   * @throws IllegalStateException another process holds the folder, or Neo4j cannot start
   */
  public static DatabaseManagementService start(
      Neo4jDatabaseManagementServiceBuilder builder, Path folder) {
    checkFolder(folder, true);
    try {
      return bounded(folder, "open", builder::build);
    } catch (RuntimeException e) {
      throw translate(e, folder);
    }
  }

  /**
   * Shuts the DBMS down. On a full disk Neo4j retries flushing its pages until there is room; after
   * {@link #STUCK_SECONDS} of a full disk this gives up with a message and leaves the flush to a
   * background thread (it finishes if room is made, or the process ends and the next open recovers
   * the store).
   *
   * @throws IllegalStateException the shutdown is stuck on a full disk
   */
  public static void shutdown(DatabaseManagementService dbms, Path folder) {
    bounded(
        folder,
        "close",
        () -> {
          dbms.shutdown();
          return null;
        });
  }

  /**
   * Runs {@code work} on a daemon thread and waits for it as long as it needs, unless the disk
   * holding {@code folder} stays full for {@link #STUCK_SECONDS} meanwhile: a Neo4j stuck in its
   * page flush never returns, so the caller is given the reason instead of a spin.
   */
  static <T> T bounded(Path folder, String what, Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                result.complete(work.get());
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            },
            "xgraph-neo4j-" + what);
    t.setDaemon(true);
    t.start();
    int fullSeconds = 0;
    while (true) {
      try {
        return result.get(1, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        long free = DiskSpace.usable(folder);
        fullSeconds = free >= 0 && free < FULL_BYTES ? fullSeconds + 1 : 0;
        if (fullSeconds >= STUCK_SECONDS) {
          throw new IllegalStateException(
              "Neo4j cannot "
                  + what
                  + " store `"
                  + folder
                  + "`: "
                  + DiskSpace.shortage(folder, MIN_FREE_TO_OPEN, free)
                      .replaceFirst(" has ", " is full: ")
                  + " (Neo4j retries writing its pages until there is room; nothing committed is"
                  + " lost: the store is recovered when it is next opened with room on the disk)");
        }
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while Neo4j was busy with " + folder, e);
      }
    }
  }

  /** The default database ("neo4j"), available. */
  public static GraphDatabaseService defaultDatabase(DatabaseManagementService dbms, Path folder) {
    try {
      GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
      for (int second = 0; second < 60; second++) {
        if (db.isAvailable(1000)) {
          try {
            Files.deleteIfExists(folder.toAbsolutePath().resolve(INTERRUPTED_MARKER));
          } catch (IOException e) {
            // Deleted at the next open.
          }
          return db;
        }
        // A database that failed to start never becomes available: report why at once.
        Throwable failure = causeOfFailure(dbms, db);
        if (failure != null) {
          throw new RuntimeException(failure.getMessage(), failure); // translated below
        }
      }
      throw new IllegalStateException(
          "Neo4j database in store "
              + folder.toAbsolutePath()
              + " did not become available; see "
              + folder.toAbsolutePath().resolve("logs/debug.log"));
    } catch (RuntimeException e) {
      try {
        shutdown(dbms, folder);
      } catch (RuntimeException stuck) {
        e.addSuppressed(stuck);
      }
      throw translate(e, folder);
    }
  }

  /** Why the database failed to start, or null (it is still starting, or no reason is known). */
  private static Throwable causeOfFailure(DatabaseManagementService dbms, GraphDatabaseService db) {
    try {
      GraphDatabaseAPI system =
          (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
      return system
          .getDependencyResolver()
          .resolveDependency(DatabaseStateService.class)
          .causeOfFailure(((GraphDatabaseAPI) db).databaseId())
          .orElse(null);
    } catch (RuntimeException e) {
      return null;
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
        Path readOnly = firstReadOnly(folder.toAbsolutePath());
        if (readOnly != null) {
          return new IllegalStateException(
              "Store `"
                  + readOnly
                  + "` is read-only, and Neo4j writes to its store even to read it: make it"
                  + " writable (chmod -R u+w "
                  + folder
                  + "), or copy the folder to a writable place and give the copy as --store."
                  + " Nothing was changed.",
              e);
        }
        return new IllegalStateException(busyMessage(folder), e);
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains("Error reading transaction logs")) {
        return new IllegalStateException(
            "Neo4j cannot recover store "
                + folder.toAbsolutePath()
                + ": its transaction log ends in a torn entry (a write cut short, e.g. by a full"
                + " disk). `xgraph store recover --store "
                + folder
                + "` cuts that entry (Neo4j keeps the cut bytes in a corrupted-*.zip beside the"
                + " log) and removes what the cut write left; everything committed before it"
                + " stays. Or delete the folder and write the graph again.",
            e);
      }
    }
    if (DiskSpace.isFull(e)) {
      return new IllegalStateException(
          "Neo4j could not open store folder "
              + folder.toAbsolutePath()
              + ": "
              + DiskSpace.shortage(folder, MIN_FREE_TO_OPEN, DiskSpace.usable(folder)),
          e);
    }
    if (e instanceof IllegalStateException || e instanceof IllegalArgumentException) {
      return e;
    }
    return new IllegalStateException(
        "Neo4j could not open store folder "
            + folder.toAbsolutePath()
            + ": "
            + rootMessage(e)
            + ". If a write into it was cut short (a full disk, a killed process): make room on"
            + " its disk and run `xgraph store recover --store "
            + folder
            + "` (it cuts a torn end of the transaction log and removes what the cut write"
            + " left), or delete the folder and write the graph again",
        e);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return root == e ? m : e.getMessage() + " (" + m + ")";
  }
}
