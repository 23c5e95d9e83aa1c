package io.xgraph.cypher.query;

import io.xgraph.cypher.config.ConfigReader;
import io.xgraph.cypher.results.SimilarResult;
import io.xgraph.store.SimilarSearch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.neo4j.graphdb.Result;
import org.neo4j.graphdb.Transaction;

/**
 * Facade of {@code xg.pattern.similar}: the store's {@link SimilarSearch} run in the procedure's
 * own transaction.
 */
public final class SimilarQueries {

  private SimilarQueries() {}

  /** The k patterns most similar to {@code patternKey}, most similar first. */
  public static Stream<SimilarResult> similar(
      Transaction tx, String patternKey, Long k, Map<String, Object> configuration) {
    ConfigReader c = new ConfigReader("xg.pattern.similar", configuration);
    String graph = c.text("graph", null, java.util.Set.of());
    boolean others = c.flag("otherGraphsOnly", false);
    int layer = (int) c.integer("layer", SimilarSearch.ANY_LAYER, 0, 1000);
    c.done();
    SimilarSearch search = new SimilarSearch((q, p) -> rows(tx, q, p));
    return search.similar(patternKey, k, graph, others, layer).stream()
        .map(
            s ->
                new SimilarResult(
                    patternKey,
                    s.rank(),
                    s.key(),
                    s.graph(),
                    s.layer(),
                    s.channel(),
                    s.cosine(),
                    tx.findNode(Catalog.PATTERN, "key", s.key())));
  }

  private static List<Map<String, Object>> rows(
      Transaction tx, String cypher, Map<String, Object> params) {
    List<Map<String, Object>> out = new ArrayList<>();
    try (Result r = tx.execute(cypher, params)) {
      r.forEachRemaining(out::add);
    }
    return out;
  }
}
