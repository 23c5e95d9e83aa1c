package io.xgraph.cypher.procedures;

import io.xgraph.cypher.query.CrossGraphQueries;
import io.xgraph.cypher.results.SharedFilterResult;
import java.util.Map;
import java.util.stream.Stream;
import org.neo4j.graphdb.Transaction;
import org.neo4j.procedure.Context;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;

/** {@code xg.filter.*}: the CNN's filters across the graphs learned on it (one per category). */
public class FilterProcedures {

  @Context public Transaction tx;

  @Procedure(name = "xg.filter.shared", mode = Mode.READ)
  @Description(
      "Finds the filters of a CNN whose patterns appear in several of its graphs (one graph"
          + " per category): per layer and channel the graphs, their categories, the pattern count"
          + " and mean score, most widely shared first.")
  public Stream<SharedFilterResult> shared(
      @Name(
              value = "model",
              description =
                  "CNN name (ExplanatoryGraph.model, as listed by xg.model.list()); null or '' ="
                      + " the only CNN.")
          String model,
      @Name(
              value = "configuration",
              defaultValue = "{}",
              description =
                  "minGraphs (default 2), layer (layer name; default all layers), limit (1..10000,"
                      + " default 100).")
          Map<String, Object> configuration) {
    return CallFailures.refusingCleanly(
        () -> CrossGraphQueries.sharedFilters(tx, model, configuration));
  }
}
