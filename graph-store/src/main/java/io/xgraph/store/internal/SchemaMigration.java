package io.xgraph.store.internal;

import io.xgraph.store.GraphStore;
import java.util.List;
import java.util.Map;

/**
 * Upgrades a store of schema 1 or 2 to schema 3 in place, in one transaction: it commits whole or
 * not at all, so a killed upgrade leaves the old store, which the next open upgrades again.
 *
 * <p>Schema 2 keyed a graph by its model's name: the root {@code Model} node was the graph. It
 * becomes an {@code ExplanatoryGraph} of the same name (so keys {@code "<name>:<id>"} stay valid)
 * with {@code model} = that name, of a new {@code Model} node (name and ONNX digest) and of a
 * {@code Dataset} named by its provenance; layers, patterns and parts get {@code graph}; each image
 * gets the dataset of the first graph that fires on it (schema 2 image ids were global).
 */
final class SchemaMigration {

  private SchemaMigration() {}

  /** Labels whose nodes schema 2 tied to their graph by {@code model}. */
  private static final List<String> GRAPH_MEMBERS =
      List.of(
          "Layer",
          "Pattern",
          "StagedLayer",
          "StagedPattern",
          "RetiredLayer",
          "RetiredPattern",
          "Part",
          "PartTemplate");

  static void toVersion3(CypherSession session) {
    session.write(
        tx -> {
          // Roots, current and hidden (a crashed write's leftovers are removed after the upgrade).
          for (String label : List.of("Model", "StagedModel", "RetiredModel")) {
            tx.exec(
                "MATCH (g:"
                    + label
                    + ") WHERE g.layerCount IS NOT NULL AND g.model IS NULL"
                    + " SET g.model = g.name, g.category = '',"
                    + " g.learnedAt = coalesce(g.writtenAt, g.stagedAt)",
                Map.of());
          }
          tx.exec(
              "MATCH (g:Model) WHERE g.layerCount IS NOT NULL"
                  + " SET g:ExplanatoryGraph REMOVE g:Model",
              Map.of());
          tx.exec(
              "MATCH (g:ExplanatoryGraph) WHERE NOT (g)-[:OF_MODEL]->()"
                  + " MERGE (m:Model {name: g.model}) SET m.onnxSha256 = g.onnxSha256"
                  + " MERGE (g)-[:OF_MODEL]->(m)",
              Map.of());
          tx.exec(
              "MATCH (g:ExplanatoryGraph) WHERE g.dataset <> '' AND NOT (g)-[:LEARNED_ON]->()"
                  + " MERGE (d:Dataset {name: g.dataset}) MERGE (g)-[:LEARNED_ON]->(d)",
              Map.of());
          for (String label : GRAPH_MEMBERS) {
            tx.exec(
                "MATCH (x:" + label + ") WHERE x.graph IS NULL SET x.graph = x.model", Map.of());
          }
          tx.exec(
              "MATCH (i:Image) WHERE i.dataset IS NULL"
                  + " WITH i, head([(p:Pattern)-[:FIRES_ON]->(i) | p.graph]) AS name"
                  + " MATCH (g:ExplanatoryGraph {name: name}) SET i.dataset = g.dataset",
              Map.of());
          tx.exec(
              "MATCH (s:"
                  + Schema.VERSION_LABEL
                  + " {name: 'xgraph'}) WHERE s.version < $v"
                  + " SET s.upgradedFrom = s.version, s.version = $v, s.upgradedAt = datetime()",
              Map.of("v", GraphStore.SCHEMA_VERSION));
          return null;
        });
  }
}
