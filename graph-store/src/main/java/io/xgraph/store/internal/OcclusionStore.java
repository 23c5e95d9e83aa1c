package io.xgraph.store.internal;

import io.xgraph.learner.meaning.PatternOcclusion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Faithfulness figures on a stored graph's patterns: {@code occlusionDrop} (mean drop of the
 * image's top class probability when the pattern's region is occluded), {@code
 * occlusionControlDrop} (the same for random regions of the same size on the same images), {@code
 * occlusionImages} and {@code occlusionSide} (px), all numbers on {@code :Pattern}. See
 * docs/faithfulness.md.
 */
public final class OcclusionStore {

  private final CypherSession session;

  public OcclusionStore(CypherSession session) {
    this.session = session;
  }

  /**
   * Writes the figures of {@code rows} in one transaction; with {@code replace}, first removes them
   * from every pattern of the graph (a new batch measurement replaces the old one).
   *
   * @return the number of patterns written
   * @throws IllegalArgumentException the graph is not stored, or a row names a pattern it lacks;
   *     nothing is changed then
   */
  public long write(String graphName, List<PatternOcclusion> rows, boolean replace) {
    List<Map<String, Object>> params = new ArrayList<>();
    for (PatternOcclusion o : rows) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("pattern", graphName + ":" + o.patternId());
      r.put("drop", o.meanDrop());
      r.put("control", o.meanControlDrop());
      r.put("images", (long) o.images());
      r.put("side", o.side());
      params.add(r);
    }
    return session.write(
        tx -> {
          if (tx.list("MATCH (g:ExplanatoryGraph {name: $g}) RETURN g.name", Map.of("g", graphName))
              .isEmpty()) {
            throw GraphValidation.graphNotStored(graphName, session.location());
          }
          if (replace) {
            tx.exec(
                "MATCH (p:Pattern {graph: $g}) WHERE p.occlusionDrop IS NOT NULL"
                    + " REMOVE p.occlusionDrop, p.occlusionControlDrop, p.occlusionImages,"
                    + " p.occlusionSide",
                Map.of("g", graphName));
          }
          long written = 0;
          for (int from = 0; from < params.size(); from += CypherGraphStore.BATCH) {
            written +=
                tx.count(
                    "UNWIND $rows AS r MATCH (p:Pattern {key: r.pattern})"
                        + " SET p.occlusionDrop = r.drop, p.occlusionControlDrop = r.control,"
                        + " p.occlusionImages = r.images, p.occlusionSide = r.side"
                        + " RETURN count(*) AS n",
                    Map.of(
                        "rows",
                        params.subList(
                            from, Math.min(params.size(), from + CypherGraphStore.BATCH))));
          }
          if (written != params.size()) {
            // Throwing rolls the transaction back: the earlier figures stay.
            throw new IllegalArgumentException(
                "Only "
                    + written
                    + " of "
                    + params.size()
                    + " occluded patterns exist in the stored graph `"
                    + graphName
                    + "`: the figures were measured with another graph than the stored one; write"
                    + " the graph file to the store again or measure the stored graph's own file");
          }
          return written;
        });
  }
}
