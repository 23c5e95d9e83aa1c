package io.xgraph.cypher.query;

import org.neo4j.graphdb.Node;

/**
 * A current {@code Model} node and what identifies its version: caches are keyed by {@link
 * #cacheKey()}, so a re-written model (new version, or deleted and written again) is read afresh.
 *
 * @param database database name (caches are shared by all databases of a server)
 * @param name model name
 * @param version how many times the model was written
 * @param writtenAt when the version became current, as text
 * @param onnxSha256 SHA-256 of the ONNX file
 * @param node the Model node (valid in the reading transaction only)
 */
public record ModelRef(
    String database, String name, long version, String writtenAt, String onnxSha256, Node node) {

  /** Identifies this version of this model in this database. */
  public String cacheKey() {
    return database + "\u0000" + name + "\u0000" + version + "\u0000" + writtenAt;
  }
}
