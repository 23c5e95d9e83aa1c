package io.xgraph.cypher.procedures;

import io.xgraph.cypher.query.CompareQueries;
import io.xgraph.cypher.results.CompareResult;
import io.xgraph.cypher.results.CounterpartResult;
import java.util.Map;
import java.util.stream.Stream;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;
import org.neo4j.procedure.Context;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;

/** Cross-model comparison: {@code xg.model.compare} and {@code xg.pattern.counterparts}. */
public class CompareProcedures {

  @Context public GraphDatabaseService db;

  @Context public Transaction tx;

  @Procedure(name = "xg.model.compare", mode = Mode.READ)
  @Description(
      "Returns the stored comparison of two models (xgraph compare --store): per layer pair the"
          + " node counts, fraction with a counterpart, mean distance, stability and mean score;"
          + " each model's stability next to its raw-filter baseline; and the part coverage"
          + " table.")
  public Stream<CompareResult> compare(
      @Name(value = "modelA", description = "First model name.") String modelA,
      @Name(value = "modelB", description = "Second model name.") String modelB,
      @Name(
              value = "configuration",
              defaultValue = "{}",
              description = "table: 'all' (default), 'layerPair', 'model' or 'part'.")
          Map<String, Object> configuration) {
    return CallFailures.refusingCleanly(
        () -> CompareQueries.compare(db, tx, modelA, modelB, configuration));
  }

  @Procedure(name = "xg.pattern.counterparts", mode = Mode.READ)
  @Description(
      "Returns the counterparts (mutual best matches by inferred position, MATCHES) of a pattern"
          + " in another model, closest first.")
  public Stream<CounterpartResult> counterparts(
      @Name(
              value = "patternKey",
              description = "Pattern key '<model>:<id>', as returned by xg.pattern.lookup.")
          String patternKey,
      @Name(value = "otherModel", description = "The other model's name.") String otherModel,
      @Name(
              value = "configuration",
              defaultValue = "{}",
              description = "No keys yet; reserved for options.")
          Map<String, Object> configuration) {
    return CallFailures.refusingCleanly(
        () -> CompareQueries.counterparts(db, tx, patternKey, otherModel, configuration));
  }
}
