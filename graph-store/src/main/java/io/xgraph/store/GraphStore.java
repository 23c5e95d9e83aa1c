package io.xgraph.store;

import io.xgraph.learner.model.ExplanatoryGraph;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Neo4j database holding learned explanatory graphs by graph name: several graphs (e.g. one per
 * object category) of one CNN, of several CNNs and datasets.
 *
 * <p>Writes are all-or-nothing: a model's new graph is staged under hidden labels over several
 * transactions and made current in one small transaction, so readers (and Cypher users) see the
 * previous version or the new one, never a half graph. Re-writing a model replaces its graph; the
 * store counts versions on the {@code Model} node. Implementations are thread-compatible: use one
 * writer at a time per model.
 */
public interface GraphStore extends AutoCloseable {

  /**
   * Highest schema version this build reads and writes; stored in the database. Version 2 (from
   * version 1): a PARENT edge stores {@code sigma} only when it differs from its parent pattern's
   * {@code sigma}, and float-exact values are stored as 32-bit floats. Schema-1 stores are read as
   * they are and marked version 2 by the first write. Version 3 (from 2): the graph root is an
   * {@code ExplanatoryGraph} named by the writer, of a {@code Model} (the CNN) and a {@code
   * Dataset}; layers and patterns carry {@code graph} and are keyed {@code "<graph>:<...>"}; images
   * are unique within their dataset. Schema-2 stores are migrated in place when opened.
   */
  int SCHEMA_VERSION = 3;

  /** Writes (or replaces) the graph of {@code graph.modelName()}. */
  default WriteSummary write(ExplanatoryGraph graph, Provenance provenance) {
    return write(graph, provenance, WriteListener.NONE);
  }

  /**
   * Writes (or replaces) the graph of {@code graph.modelName()}, reporting each committed batch to
   * {@code listener}. If the listener or the database fails, nothing of the new version stays
   * visible and the previous version is untouched.
   */
  default WriteSummary write(
      ExplanatoryGraph graph, Provenance provenance, WriteListener listener) {
    return write(graph, provenance, List.of(), listener);
  }

  /**
   * Writes (or replaces) the graph and stores {@code images} metadata ({@code path}, {@code box},
   * {@code split}) on the {@code Image} nodes the graph fires on, in the same all-or-nothing write
   * (the metadata becomes visible when the new version does). Entries for images the graph does not
   * fire on are ignored; an image already in the store keeps metadata not given here.
   *
   * @throws IllegalArgumentException two entries have the same image id, or the graph is invalid
   */
  default WriteSummary write(
      ExplanatoryGraph graph,
      Provenance provenance,
      Collection<ImageInfo> images,
      WriteListener listener) {
    return write(graph.modelName(), graph, provenance, images, listener);
  }

  /**
   * Writes (or replaces) the graph named {@code graphName}: as the other writes, under a name of
   * the caller's choosing, so that several graphs of one model (one per category) live side by
   * side. {@code images} metadata is stored for every image given (all splits), unique within the
   * provenance's dataset.
   *
   * @throws IllegalArgumentException the name holds a graph of another model or category (delete it
   *     first or choose another name), the store holds the model with another ONNX digest, two
   *     entries have the same image id, or the graph is invalid
   */
  WriteSummary write(
      String graphName,
      ExplanatoryGraph graph,
      Provenance provenance,
      Collection<ImageInfo> images,
      WriteListener listener);

  /**
   * Metadata stored on the images of a graph's dataset, by image id (images without a path
   * omitted).
   */
  Map<String, ImageInfo> images(String graphName);

  /** Reads back the current graph of a model, equal to the one written; empty if absent. */
  Optional<ExplanatoryGraph> read(String modelName);

  /** Summary of one stored model; empty if absent. */
  Optional<ModelInfo> model(String modelName);

  /** Summaries of all stored models, by name. */
  List<ModelInfo> listModels();

  /** Deletes a model's graph (and images no other model uses); false if it was absent. */
  boolean delete(String modelName);

  /**
   * The semantic parts (And-Or graphs) learned on the stored models; they are deleted with the
   * model version they were learned on (see {@link PartStore}).
   */
  PartStore parts();

  /**
   * Saves a cross-model comparison: {@code MATCHES} relationships from A's to B's patterns and a
   * {@code Comparison} node with its tables, replacing an earlier comparison of the same two models
   * (either order) in one transaction.
   *
   * @throws IllegalArgumentException a model is not in the store, or a matched pattern is missing
   */
  void writeComparison(io.xgraph.learner.compare.Comparison comparison);

  /**
   * The stored comparison of two models (either order; returned as stored, A first), with its
   * matches; empty if none.
   *
   * @throws IllegalStateException a model was re-written or deleted since the comparison
   */
  Optional<io.xgraph.learner.compare.Comparison> comparison(String modelA, String modelB);

  /**
   * The stored counterparts of pattern {@code patternId} of {@code model} in {@code otherModel}.
   */
  List<Counterpart> counterparts(String model, int patternId, String otherModel);

  /**
   * Replaces the part labels of graph {@code graphName}'s patterns: {@code
   * (:Pattern)-[:TRACKS]->(:SemanticPart)}, one per label (see docs/meaning.md), in one
   * transaction.
   *
   * @param heldOutImages images the labels were measured on
   * @return the number of TRACKS relationships written
   * @throws IllegalArgumentException the graph is not stored, or a label names a pattern it lacks
   */
  long writePartLabels(
      String graphName,
      List<io.xgraph.learner.meaning.PartLabel> labels,
      io.xgraph.learner.meaning.TrackingRule rule,
      int heldOutImages);

  /** The stored part labels (TRACKS) of graph {@code graphName}, by pattern id then share. */
  List<io.xgraph.learner.meaning.PartLabel> partLabels(String graphName);

  /**
   * Writes occlusion (faithfulness) figures on graph {@code graphName}'s patterns ({@code
   * occlusionDrop, occlusionControlDrop, occlusionImages, occlusionSide}; docs/faithfulness.md) in
   * one transaction; {@code replace} first clears them from all of its patterns.
   *
   * @return the number of patterns written
   * @throws IllegalArgumentException the graph is not stored, or a row names a pattern it lacks
   */
  long writeOcclusion(
      String graphName, List<io.xgraph.learner.meaning.PatternOcclusion> rows, boolean replace);

  /** Where the store is, which back end, schema and server versions, and its models. */
  /** Replaces the descriptors of a graph's patterns (docs/similar.md); see DescriptorStore. */
  DescriptorWrite writeDescriptors(
      String graphName, io.xgraph.learner.meaning.ProbeSet probes, Map<Integer, float[]> d);

  /** The k patterns most similar to pattern {@code key} (docs/similar.md); see SimilarSearch. */
  List<SimilarPattern> similarPatterns(String key, long k, String graph, boolean otherGraphsOnly);

  StoreInfo info();

  /** Releases the database (an embedded store folder is unlocked). */
  @Override
  void close();
}
