package io.xgraph.store;

import java.util.List;

/**
 * What a store is.
 *
 * @param location the database folder (embedded) or URI and database name (remote)
 * @param backend "embedded" or "bolt"
 * @param schemaVersion schema version stored in the database
 * @param neo4jVersion version of the Neo4j kernel serving it
 * @param models the stored models
 * @param repaired what opening the store removed: leftovers of interrupted writes, one line per
 *     model (empty when there were none)
 */
public record StoreInfo(
    String location,
    String backend,
    int schemaVersion,
    String neo4jVersion,
    List<ModelInfo> models,
    List<String> repaired) {

  public StoreInfo {
    models = List.copyOf(models);
    repaired = List.copyOf(repaired);
  }

  /** A store with nothing repaired at open. */
  public StoreInfo(
      String location,
      String backend,
      int schemaVersion,
      String neo4jVersion,
      List<ModelInfo> models) {
    this(location, backend, schemaVersion, neo4jVersion, models, List.of());
  }
}
