package io.xgraph.cypher.procedures;

import io.xgraph.cypher.query.ModelQueries;
import io.xgraph.cypher.results.ModelResult;
import java.util.Map;
import java.util.stream.Stream;
import org.neo4j.graphdb.Transaction;
import org.neo4j.procedure.Context;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;

/** {@code xg.model.*}: the stored models. */
public class ModelProcedures {

  @Context public Transaction tx;

  @Procedure(name = "xg.model.list", mode = Mode.READ)
  @Description("Lists the stored models with their sizes and provenance.")
  public Stream<ModelResult> list(
      @Name(
              value = "configuration",
              defaultValue = "{}",
              description = "No keys yet; reserved for options.")
          Map<String, Object> configuration) {
    return CallFailures.refusingCleanly(() -> ModelQueries.listModels(tx, configuration));
  }
}
