package io.xgraph.store.internal;

import io.xgraph.learner.io.DiskSpace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Result;
import org.neo4j.graphdb.Transaction;

/** Cypher on an embedded database, in-process. */
public final class EmbeddedSession implements CypherSession {

  private final GraphDatabaseService db;
  private final DatabaseManagementService owned;
  private final String location;

  /**
   * @param db the database
   * @param owned the management service to shut down on close, or null if the caller owns it
   * @param location the folder, for messages
   */
  public EmbeddedSession(
      GraphDatabaseService db, DatabaseManagementService owned, String location) {
    this.db = db;
    this.owned = owned;
    this.location = location;
  }

  @Override
  public <T> T write(Work<T> work) {
    return writeCore(tx -> work.run(over(tx)));
  }

  /** Embedded Neo4j has no read-only transaction to ask for: a read commits like a write. */
  @Override
  public <T> T read(Work<T> work) {
    return writeCore(tx -> work.run(over(tx)));
  }

  /**
   * Runs {@code work} in one write transaction through the core API and commits it (the fast path
   * for bulk staging: no Cypher planning or parameter conversion per row).
   */
  public <T> T writeCore(java.util.function.Function<Transaction, T> work) {
    try (Transaction tx = db.beginTx()) {
      T result = work.apply(tx);
      tx.commit();
      return result;
    }
  }

  /**
   * Cypher statements (and core-API reads) in a transaction someone else owns, e.g. a procedure's.
   */
  public static Tx over(Transaction tx) {
    return new Tx() {
      @Override
      public void run(
          String cypher, Map<String, Object> params, Consumer<Map<String, Object>> rows) {
        try (Result result = tx.execute(cypher, params)) {
          while (result.hasNext()) {
            rows.accept(result.next());
          }
        }
      }

      @Override
      public Transaction core() {
        return tx;
      }
    };
  }

  /** The underlying database (for the server launcher and tests). */
  public GraphDatabaseService database() {
    return db;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public String backend() {
    return "embedded";
  }

  /** The store folder, or null when the location is not a folder of this machine. */
  public Path folder() {
    Path p = Path.of(location);
    return Files.isDirectory(p) ? p : null;
  }

  /**
   * Records (nodes or relationships) committed between two checkpoints of a bulk write: the store
   * pages a shutdown must flush stay below about 100,000 x 104 bytes (the demo graph's store bytes
   * per relationship), well inside {@link StoreSpace#RESERVE_BYTES}.
   */
  static final long CHECKPOINT_RECORDS = 100_000;

  private long sinceCheckpoint;

  /**
   * Before a batch of a bulk write: stops the write while the disk still has room when the batch
   * may not fit, so that Neo4j never meets the full disk (it would tear its log and refuse all work
   * until restarted; see StoreSpace).
   *
   * @throws IllegalStateException "Not enough disk space ...", with the folder, free and needed
   */
  void requireRoom(long records) {
    Path folder = folder();
    if (folder != null) {
      DiskSpace.require(
          folder,
          records * StoreSpace.BYTES_PER_ELEMENT + EmbeddedNeo4j.FULL_BYTES,
          "the next " + records + " records of the write to store `" + folder + "`");
    }
  }

  /** Counts committed records of a bulk write and checkpoints every {@link #CHECKPOINT_RECORDS}. */
  void committed(long records) {
    sinceCheckpoint += records;
    if (sinceCheckpoint >= CHECKPOINT_RECORDS) {
      EmbeddedNeo4j.checkpoint(db, "xgraph bulk write");
      sinceCheckpoint = 0;
    }
  }

  /** Shuts the owned database down; bounded on a full disk ({@link EmbeddedNeo4j#shutdown}). */
  @Override
  public void close() {
    if (owned != null) {
      EmbeddedNeo4j.shutdown(owned, Path.of(location));
    }
  }
}
