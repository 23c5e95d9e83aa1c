package io.xgraph.store.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.neo4j.graphdb.Transaction;

/**
 * Runs Cypher in transactions on one database, embedded or over Bolt. Rows come back as maps of
 * plain Java values (Long, Double, String, Boolean, List, arrays, java.time values).
 */
public interface CypherSession extends AutoCloseable {

  /** Runs {@code work} in one write transaction and commits it; may retry on transient errors. */
  <T> T write(Work<T> work);

  /** Runs {@code work} in one read transaction. */
  <T> T read(Work<T> work);

  /** The database folder or the server URI and database. */
  String location();

  /** "embedded" or "bolt". */
  String backend();

  @Override
  void close();

  /** Work done inside one transaction; must be repeatable (Bolt retries transient failures). */
  @FunctionalInterface
  interface Work<T> {
    T run(Tx tx);
  }

  /** One open transaction. */
  interface Tx {
    /** Runs a statement, streaming its rows to {@code rows}. */
    void run(String cypher, Map<String, Object> params, Consumer<Map<String, Object>> rows);

    /** The in-process transaction behind this one, for core-API reads; null over Bolt. */
    default Transaction core() {
      return null;
    }

    /** Runs a statement, ignoring its rows. */
    default void exec(String cypher, Map<String, Object> params) {
      run(cypher, params, row -> {});
    }

    /** Runs a statement and returns all rows. */
    default List<Map<String, Object>> list(String cypher, Map<String, Object> params) {
      List<Map<String, Object>> out = new ArrayList<>();
      run(cypher, params, out::add);
      return out;
    }

    /** Runs a statement returning one number column {@code n} in one row (0 when no row). */
    default long count(String cypher, Map<String, Object> params) {
      List<Map<String, Object>> rows = list(cypher, params);
      return rows.isEmpty() ? 0 : ((Number) rows.get(0).get("n")).longValue();
    }
  }
}
