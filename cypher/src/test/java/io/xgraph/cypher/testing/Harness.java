package io.xgraph.cypher.testing;

import io.xgraph.cypher.XgProcedures;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Result;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;

/** An in-process Neo4j with the xg procedures, and a helper to run Cypher into lists of maps. */
public final class Harness {

  private Harness() {}

  /** A harness builder with every procedure class registered; {@code tune} adds settings. */
  public static Neo4j start(boolean bolt, Consumer<Neo4jBuilder> tune) {
    Neo4jBuilder b = Neo4jBuilders.newInProcessBuilder();
    if (!bolt) {
      b = b.withDisabledServer();
    }
    for (Class<?> c : XgProcedures.CLASSES) {
      b = b.withProcedure(c).withFunction(c);
    }
    tune.accept(b);
    return b.build();
  }

  /** Runs a query in its own transaction and returns the rows. */
  public static List<Map<String, Object>> rows(
      GraphDatabaseService db, String cypher, Map<String, Object> params) {
    return db.executeTransactionally(
        cypher,
        params,
        (Result r) ->
            r.stream().map(m -> (Map<String, Object>) new java.util.HashMap<>(m)).toList());
  }

  /** The message of the root cause of a failed query. */
  public static String failure(GraphDatabaseService db, String cypher, Map<String, Object> params) {
    try {
      rows(db, cypher, params);
    } catch (RuntimeException e) {
      Throwable t = e;
      while (t.getCause() != null) {
        t = t.getCause();
      }
      // A root cause without a message (a NullPointerException) shows its class instead.
      return t.getMessage() == null ? t.toString() : t.getMessage();
    }
    throw new AssertionError("Expected a failure of: " + cypher);
  }
}
