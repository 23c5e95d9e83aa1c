package io.xgraph.store;

import io.xgraph.learner.model.ExplanatoryGraph;
import java.util.List;
import java.util.Optional;

/**
 * A Neo4j database holding learned explanatory graphs, one per model name.
 *
 * <p>Writes are all-or-nothing: a model's new graph is staged under hidden labels over several
 * transactions and made current in one small transaction, so readers (and Cypher users) see the
 * previous version or the new one, never a half graph. Re-writing a model replaces its graph; the
 * store counts versions on the {@code Model} node. Implementations are thread-compatible: use one
 * writer at a time per model.
 */
public interface GraphStore extends AutoCloseable {

  /** Highest schema version this build reads and writes; stored in the database. */
  int SCHEMA_VERSION = 1;

  /** Writes (or replaces) the graph of {@code graph.modelName()}. */
  default WriteSummary write(ExplanatoryGraph graph, Provenance provenance) {
    return write(graph, provenance, WriteListener.NONE);
  }

  /**
   * Writes (or replaces) the graph of {@code graph.modelName()}, reporting each committed batch to
   * {@code listener}. If the listener or the database fails, nothing of the new version stays
   * visible and the previous version is untouched.
   */
  WriteSummary write(ExplanatoryGraph graph, Provenance provenance, WriteListener listener);

  /** Reads back the current graph of a model, equal to the one written; empty if absent. */
  Optional<ExplanatoryGraph> read(String modelName);

  /** Summary of one stored model; empty if absent. */
  Optional<ModelInfo> model(String modelName);

  /** Summaries of all stored models, by name. */
  List<ModelInfo> listModels();

  /** Deletes a model's graph (and images no other model uses); false if it was absent. */
  boolean delete(String modelName);

  /** Where the store is, which back end, schema and server versions, and its models. */
  StoreInfo info();

  /** Releases the database (an embedded store folder is unlocked). */
  @Override
  void close();
}
