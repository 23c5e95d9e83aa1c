package io.xgraph.cypher.procedures;

import io.xgraph.cypher.query.SimilarQueries;
import io.xgraph.cypher.results.SimilarResult;
import java.util.Map;
import java.util.stream.Stream;
import org.neo4j.graphdb.Transaction;
import org.neo4j.procedure.Context;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;

/** {@code xg.pattern.similar}: patterns of any graph that behave alike over the probe images. */
public class SimilarProcedures {

  @Context public Transaction tx;

  @Procedure(name = "xg.pattern.similar", mode = Mode.READ)
  @Description(
      "Returns the k patterns of any stored graph (any CNN) most similar to a pattern by their"
          + " descriptors over the same probe images (xgraph part describe), through the vector"
          + " index; the pattern itself first when its own graph is searched.")
  public Stream<SimilarResult> similar(
      @Name(
              value = "patternKey",
              description = "Pattern key '<model>:<id>', as returned by xg.pattern.lookup.")
          String patternKey,
      @Name(value = "k", defaultValue = "10", description = "Number of patterns, 1..1000.") Long k,
      @Name(
              value = "configuration",
              defaultValue = "{}",
              description =
                  "graph (only this graph's patterns; default any graph described on the same"
                      + " probe images), otherGraphsOnly (leave out the pattern's own graph,"
                      + " default false), layer (only patterns of this layer index, 0 = lowest;"
                      + " default all layers).")
          Map<String, Object> configuration) {
    return CallFailures.refusingCleanly(
        () -> SimilarQueries.similar(tx, patternKey, k, configuration));
  }
}
