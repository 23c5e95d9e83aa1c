package io.xgraph.store.internal;

import io.xgraph.learner.meaning.ProbeSet;
import io.xgraph.store.DescriptorWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pattern descriptors (docs/similar.md) and their vector index. Each probe set gets a node {@code
 * (:ProbeSet {key, dataset, images, dimensions, index, label})}, a node label {@code
 * DescribedOn_<key>} carried by the patterns described over it, and a cosine vector index {@code
 * xg_similar_<key>} over that label's {@code descriptor}; a graph's patterns are described over one
 * probe set, recorded as {@code (:ExplanatoryGraph)-[:DESCRIBED_ON {patterns, writtenAt}]->
 * (:ProbeSet)}. Descriptors of different probe sets never share an index, so they are never
 * compared.
 */
public final class DescriptorStore {

  /** Rows per UNWIND batch: a descriptor holds up to a few thousand floats. */
  static final int BATCH = 1_000;

  private final CypherSession session;

  public DescriptorStore(CypherSession session) {
    this.session = session;
  }

  /** The label of the patterns described over {@code probes}. */
  public static String label(ProbeSet probes) {
    return "DescribedOn_" + probes.key();
  }

  /** The vector index over the descriptors of {@code probes}. */
  public static String index(ProbeSet probes) {
    return "xg_similar_" + probes.key();
  }

  /**
   * Replaces the descriptors of graph {@code graphName}'s patterns with {@code descriptors}
   * (pattern id to descriptor), in one transaction, and waits for the index to be online.
   *
   * @throws IllegalArgumentException the graph is not stored, a descriptor has the wrong length, or
   *     a pattern id is not one of its patterns; nothing is changed then
   */
  public DescriptorWrite write(
      String graphName, ProbeSet probes, Map<Integer, float[]> descriptors) {
    int dims = probes.dimensions();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map.Entry<Integer, float[]> e : descriptors.entrySet()) {
      if (e.getValue().length != dims) {
        throw new IllegalArgumentException(
            "Descriptor of pattern "
                + e.getKey()
                + " has "
                + e.getValue().length
                + " values, the probe set of "
                + probes.imageIds().size()
                + " images needs "
                + dims
                + ": compute all descriptors over the same probe images");
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("key", graphName + ":" + e.getKey());
      r.put("v", e.getValue());
      rows.add(r);
    }
    String label = label(probes);
    String index = index(probes);
    long t0 = System.nanoTime();
    long written =
        session.write(
            tx -> {
              if (tx.list(
                      "MATCH (g:ExplanatoryGraph {name: $g}) RETURN g.name AS n",
                      Map.of("g", graphName))
                  .isEmpty()) {
                throw GraphValidation.graphNotStored(graphName, session.location());
              }
              // the graph's earlier descriptors, over whatever probe set
              for (Map<String, Object> old :
                  tx.list(
                      "MATCH (:ExplanatoryGraph {name: $g})-[d:DESCRIBED_ON]->(ps:ProbeSet)"
                          + " DELETE d RETURN ps.label AS label",
                      Map.of("g", graphName))) {
                tx.exec(
                    "MATCH (p:`"
                        + old.get("label")
                        + "` {graph: $g}) REMOVE p:`"
                        + old.get("label")
                        + "`, p.descriptor",
                    Map.of("g", graphName));
              }
              long made = 0;
              for (int from = 0; from < rows.size(); from += BATCH) {
                made +=
                    tx.count(
                        "UNWIND $rows AS r MATCH (p:Pattern {key: r.key}) SET p:`"
                            + label
                            + "` WITH p, r CALL db.create.setNodeVectorProperty(p, 'descriptor',"
                            + " r.v) RETURN count(*) AS n",
                        Map.of("rows", rows.subList(from, Math.min(rows.size(), from + BATCH))));
              }
              if (made != rows.size()) {
                // Throwing rolls the transaction back: the earlier descriptors stay.
                throw new IllegalArgumentException(
                    "Only "
                        + made
                        + " of "
                        + rows.size()
                        + " described patterns exist in the stored graph `"
                        + graphName
                        + "`: the descriptors were computed with another graph than the stored"
                        + " one; write the graph file to the store again or describe the stored"
                        + " graph's own file");
              }
              tx.exec(
                  "MERGE (ps:ProbeSet {key: $key}) ON CREATE SET ps.dataset = $dataset,"
                      + " ps.images = $images, ps.dimensions = $d, ps.index = $index,"
                      + " ps.label = $label WITH ps MATCH (g:ExplanatoryGraph {name: $g})"
                      + " CREATE (g)-[:DESCRIBED_ON {patterns: $n, writtenAt: datetime()}]->(ps)",
                  Map.of(
                      "key",
                      probes.key(),
                      "dataset",
                      probes.dataset(),
                      "images",
                      (long) probes.imageIds().size(),
                      "d",
                      (long) dims,
                      "index",
                      index,
                      "label",
                      label,
                      "g",
                      graphName,
                      "n",
                      made));
              return made;
            });
    long t1 = System.nanoTime();
    // Created after the first write, so that building it over those descriptors is timed here.
    session.write(
        tx -> {
          // Schema statements run in their own transaction; IF NOT EXISTS makes this idempotent.
          tx.exec(
              "CREATE VECTOR INDEX `"
                  + index
                  + "` IF NOT EXISTS FOR (p:`"
                  + label
                  + "`) ON p.descriptor OPTIONS {indexConfig: {`vector.dimensions`: "
                  + dims
                  + ", `vector.similarity_function`: 'cosine'}}",
              Map.of());
          return null;
        });
    session.write(
        tx -> {
          tx.exec("CALL db.awaitIndex($i, 3600)", Map.of("i", index));
          return null;
        });
    long t2 = System.nanoTime();
    return new DescriptorWrite(written, index, dims, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
  }
}
