package io.xgraph.store.internal;

import io.xgraph.store.GraphStore;
import java.util.List;
import java.util.Map;

/**
 * Constraints, indexes and the schema version node. Created on first use; a store written by a
 * newer schema version is refused before anything is changed.
 */
final class Schema {

  private Schema() {}

  /** Label of the one node that records the schema version. */
  static final String VERSION_LABEL = "XgraphSchema";

  /**
   * Every lookup key has a constraint or index; hidden Staged and Retired labels included. Schema
   * 2's unique {@code Image.id} and its indexes on the hidden labels' {@code model} go first:
   * images are unique within their dataset, layers and patterns are found by {@code graph} since
   * schema 3.
   */
  static final List<String> STATEMENTS =
      List.of(
          "DROP CONSTRAINT xg_image_id IF EXISTS",
          "DROP INDEX xg_staged_layer IF EXISTS",
          "DROP INDEX xg_staged_pattern IF EXISTS",
          "DROP INDEX xg_retired_layer IF EXISTS",
          "DROP INDEX xg_retired_pattern IF EXISTS",
          "CREATE CONSTRAINT xg_graph_name IF NOT EXISTS FOR (n:ExplanatoryGraph)"
              + " REQUIRE n.name IS UNIQUE",
          "CREATE CONSTRAINT xg_model_name IF NOT EXISTS FOR (n:Model) REQUIRE n.name IS UNIQUE",
          "CREATE CONSTRAINT xg_dataset_name IF NOT EXISTS FOR (n:Dataset)"
              + " REQUIRE n.name IS UNIQUE",
          "CREATE CONSTRAINT xg_layer_key IF NOT EXISTS FOR (n:Layer) REQUIRE n.key IS UNIQUE",
          "CREATE CONSTRAINT xg_pattern_key IF NOT EXISTS FOR (n:Pattern) REQUIRE n.key IS UNIQUE",
          "CREATE CONSTRAINT xg_image_key IF NOT EXISTS FOR (n:Image)"
              + " REQUIRE (n.dataset, n.id) IS UNIQUE",
          "CREATE CONSTRAINT xg_schema_name IF NOT EXISTS FOR (n:XgraphSchema)"
              + " REQUIRE n.name IS UNIQUE",
          "CREATE CONSTRAINT xg_part_key IF NOT EXISTS FOR (n:Part) REQUIRE n.key IS UNIQUE",
          "CREATE CONSTRAINT xg_part_template_key IF NOT EXISTS FOR (n:PartTemplate)"
              + " REQUIRE n.key IS UNIQUE",
          "CREATE INDEX xg_image_id_lookup IF NOT EXISTS FOR (n:Image) ON (n.id)",
          "CREATE INDEX xg_graph_model IF NOT EXISTS FOR (n:ExplanatoryGraph) ON (n.model)",
          "CREATE INDEX xg_graph_dataset IF NOT EXISTS FOR (n:ExplanatoryGraph) ON (n.dataset)",
          "CREATE INDEX xg_part_graph IF NOT EXISTS FOR (n:Part) ON (n.graph)",
          "CREATE INDEX xg_layer_graph IF NOT EXISTS FOR (n:Layer) ON (n.graph)",
          "CREATE INDEX xg_pattern_graph IF NOT EXISTS FOR (n:Pattern) ON (n.graph)",
          "CREATE INDEX xg_layer_model IF NOT EXISTS FOR (n:Layer) ON (n.model)",
          "CREATE INDEX xg_pattern_model IF NOT EXISTS FOR (n:Pattern) ON (n.model)",
          "CREATE INDEX xg_staged_model IF NOT EXISTS FOR (n:StagedModel) ON (n.name)",
          "CREATE INDEX xg_staged_layer_graph IF NOT EXISTS FOR (n:StagedLayer) ON (n.graph)",
          "CREATE INDEX xg_staged_pattern_graph IF NOT EXISTS FOR (n:StagedPattern) ON (n.graph)",
          "CREATE INDEX xg_staged_image IF NOT EXISTS FOR (n:StagedImage) ON (n.writer)",
          "CREATE INDEX xg_retired_model IF NOT EXISTS FOR (n:RetiredModel) ON (n.name)",
          "CREATE INDEX xg_retired_layer_graph IF NOT EXISTS FOR (n:RetiredLayer) ON (n.graph)",
          "CREATE INDEX xg_retired_pattern_graph IF NOT EXISTS FOR (n:RetiredPattern) ON (n.graph)");

  /**
   * Checks the stored schema version and creates what is missing.
   *
   * @return the schema version now stored
   * @throws IllegalStateException the store was written by a newer schema version
   */
  static int ensure(CypherSession session) {
    long stored =
        session.read(
            tx ->
                tx.count(
                    "MATCH (s:" + VERSION_LABEL + ") RETURN coalesce(max(s.version), 0) AS n",
                    Map.of()));
    if (stored > GraphStore.SCHEMA_VERSION) {
      throw new IllegalStateException(
          "Store "
              + session.location()
              + " was written with xgraph schema version "
              + stored
              + ", but this xgraph reads schema versions up to "
              + GraphStore.SCHEMA_VERSION
              + ". Use a newer xgraph for this store (nothing was changed), or pick another"
              + " store (--store / --database).");
    }
    if (stored > 0 && stored < GraphStore.SCHEMA_VERSION) {
      SchemaMigration.toVersion3(session);
    }
    runAll(session, STATEMENTS);
    session.write(
        tx -> {
          tx.exec(
              "MERGE (s:"
                  + VERSION_LABEL
                  + " {name: 'xgraph'}) ON CREATE SET s.version = $v, s.createdAt = datetime()",
              Map.of("v", GraphStore.SCHEMA_VERSION));
          return null;
        });
    session.read(
        tx -> {
          tx.exec("CALL db.awaitIndexes(300)", Map.of());
          return null;
        });
    return GraphStore.SCHEMA_VERSION;
  }

  private static void runAll(CypherSession session, List<String> statements) {
    for (String statement : statements) {
      session.write(
          tx -> {
            tx.exec(statement, Map.of());
            return null;
          });
    }
  }
}
