package io.xgraph.store;

/**
 * What one {@link GraphStore#write} did.
 *
 * @param modelName the model written
 * @param version the version number the model now has (1 for the first write)
 * @param nodes nodes created (model, layers, patterns, new images)
 * @param relationships relationships created (HAS_LAYER, HAS_PATTERN, PARENT, FIRES_ON)
 * @param stageMillis time to stage the new version, milliseconds
 * @param publishMillis time of the one transaction that made it current, milliseconds
 * @param cleanupMillis time to delete the previous version, milliseconds
 */
public record WriteSummary(
    String modelName,
    long version,
    long nodes,
    long relationships,
    long stageMillis,
    long publishMillis,
    long cleanupMillis) {

  /** Total wall time of the write, milliseconds. */
  public long totalMillis() {
    return stageMillis + publishMillis + cleanupMillis;
  }
}
