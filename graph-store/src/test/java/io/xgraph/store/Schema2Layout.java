package io.xgraph.store;

import java.util.List;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Turns a store back into the layout xgraph wrote with schema version 2 (before graphs had names of
 * their own), to test the upgrade: the root {@code Model} node was the graph, layers, patterns and
 * parts named it in {@code model}, images had a global {@code id} and no dataset, and the hidden
 * labels were indexed on {@code model}.
 */
final class Schema2Layout {

  private Schema2Layout() {}

  static void rewrite(GraphDatabaseService db, String expectedGraph) {
    for (String drop :
        List.of(
            "DROP CONSTRAINT xg_graph_name IF EXISTS",
            "DROP CONSTRAINT xg_dataset_name IF EXISTS",
            "DROP CONSTRAINT xg_image_key IF EXISTS",
            "DROP INDEX xg_image_id_lookup IF EXISTS",
            "DROP INDEX xg_graph_model IF EXISTS",
            "DROP INDEX xg_graph_dataset IF EXISTS",
            "DROP INDEX xg_part_graph IF EXISTS",
            "DROP INDEX xg_layer_graph IF EXISTS",
            "DROP INDEX xg_pattern_graph IF EXISTS",
            "DROP INDEX xg_staged_layer_graph IF EXISTS",
            "DROP INDEX xg_staged_pattern_graph IF EXISTS",
            "DROP INDEX xg_retired_layer_graph IF EXISTS",
            "DROP INDEX xg_retired_pattern_graph IF EXISTS",
            "CREATE INDEX xg_staged_layer IF NOT EXISTS FOR (n:StagedLayer) ON (n.model)",
            "CREATE INDEX xg_staged_pattern IF NOT EXISTS FOR (n:StagedPattern) ON (n.model)",
            "CREATE INDEX xg_retired_layer IF NOT EXISTS FOR (n:RetiredLayer) ON (n.model)",
            "CREATE INDEX xg_retired_pattern IF NOT EXISTS FOR (n:RetiredPattern) ON (n.model)")) {
      db.executeTransactionally(drop);
    }
    db.executeTransactionally(
        "MATCH (g:ExplanatoryGraph {name: '"
            + expectedGraph
            + "'}) WHERE g.model <> g.name"
            + " CALL { RETURN 1/0 AS schema2CannotHoldAGraphNamedOtherThanItsModel } RETURN 1");
    db.executeTransactionally("MATCH (n) WHERE n:Dataset OR n:Model DETACH DELETE n");
    db.executeTransactionally(
        "MATCH (g:ExplanatoryGraph) SET g:Model REMOVE g:ExplanatoryGraph, g.model, g.category,"
            + " g.learnedAt");
    db.executeTransactionally(
        "MATCH (x) WHERE x:Layer OR x:Pattern OR x:Part OR x:PartTemplate"
            + " SET x.model = x.graph REMOVE x.graph");
    db.executeTransactionally("MATCH (i:Image) REMOVE i.dataset");
    db.executeTransactionally("MATCH (s:XgraphSchema) SET s.version = 2");
  }
}
