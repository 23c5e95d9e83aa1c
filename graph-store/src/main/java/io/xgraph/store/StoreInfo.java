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
 */
public record StoreInfo(
    String location,
    String backend,
    int schemaVersion,
    String neo4jVersion,
    List<ModelInfo> models) {

  public StoreInfo {
    models = List.copyOf(models);
  }
}
