package io.xgraph.store.internal;

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
    return writeCore(tx -> work.run(wrap(tx)));
  }

  /** Embedded Neo4j has no read-only transaction to ask for: a read commits like a write. */
  @Override
  public <T> T read(Work<T> work) {
    return writeCore(tx -> work.run(wrap(tx)));
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

  private static Tx wrap(Transaction tx) {
    return (cypher, params, rows) -> {
      try (Result result = tx.execute(cypher, params)) {
        while (result.hasNext()) {
          rows.accept(result.next());
        }
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

  @Override
  public void close() {
    if (owned != null) {
      owned.shutdown();
    }
  }
}
