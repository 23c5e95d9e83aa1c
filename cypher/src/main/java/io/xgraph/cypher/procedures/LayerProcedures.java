package io.xgraph.cypher.procedures;

import io.xgraph.cypher.query.ModelQueries;
import io.xgraph.cypher.results.LayerResult;
import java.util.Map;
import java.util.stream.Stream;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;
import org.neo4j.procedure.Context;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;

/** {@code xg.layer.*}: the layers of a stored model. */
public class LayerProcedures {

  @Context public GraphDatabaseService db;

  @Context public Transaction tx;

  @Procedure(name = "xg.layer.list", mode = Mode.READ)
  @Description("Lists the layers of a stored model, lowest first, with geometry and pattern count.")
  public Stream<LayerResult> list(
      @Name(value = "model", description = ParameterTexts.MODEL) String model,
      @Name(
              value = "configuration",
              defaultValue = "{}",
              description = "No keys yet; reserved for options.")
          Map<String, Object> configuration) {
    return CallFailures.refusingCleanly(
        () -> ModelQueries.listLayers(db, tx, model, configuration));
  }
}
