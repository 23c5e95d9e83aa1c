package io.xgraph.store;

import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.bench.SyntheticGraphs;
import java.util.Map;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * What a store contract needs of a back end: the store under test and the same database in-process
 * for checks that bypass the store. The contracts are JUnit test interfaces, so one back-end class
 * runs all of them on one database (each test uses its own model names).
 */
interface StoreContract {

  /** The store under test (opened once per class). */
  GraphStore store();

  /** The same database, in-process, for checks that bypass the store. */
  GraphDatabaseService raw();

  /** The number a Cypher query returns as {@code n}. */
  default long count(String cypher, Map<String, Object> params) {
    return ((Number) raw().executeTransactionally(cypher, params, r -> r.next().get("n")))
        .longValue();
  }

  default long count(String cypher) {
    return count(cypher, Map.of());
  }

  /** Writes {@link SyntheticGraphs#tiny} of {@code model} and {@code seed}; returns the graph. */
  default ExplanatoryGraph writtenTiny(String model, long seed) {
    ExplanatoryGraph g = SyntheticGraphs.tiny(model, seed);
    store().write(g, Provenance.of("synthetic"));
    return g;
  }
}
