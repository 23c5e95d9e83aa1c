package io.xgraph.store;

import io.xgraph.learner.aog.PartModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Semantic parts (And-Or graphs, {@link PartModel}) learned on a stored model's graph:
 *
 * <pre>
 * (:ExplanatoryGraph)-[:HAS_PART]-&gt;(:Part {key, model, name, patternCount, modelVersion, ...})
 *   -[:HAS_TEMPLATE {index}]-&gt;(:PartTemplate {key, index, sourceImageId, sourceMirrored,
 *                                            sourceX, sourceY, reliability})
 *   -[:USES {dx, dy, weight, rank}]-&gt;(:Pattern)
 * </pre>
 *
 * <p>A part belongs to the graph version it was learned on: its templates point at that version's
 * {@code Pattern} nodes, whose ids mean nothing in another version. Re-writing or deleting the
 * model therefore deletes its parts with the old version (they disappear from reads the moment the
 * new version is published, and are deleted with the old version's nodes); re-learn them on the new
 * graph.
 *
 * <p>Each write is one transaction: the part appears whole or not at all.
 */
public interface PartStore {

  /**
   * Stores {@code part} for model {@code modelName}.
   *
   * @param modelVersion the model version whose graph the part was learned on ({@link
   *     ModelInfo#version()}); the write fails if the model was re-written since
   * @param properties extra properties of the {@code Part} node (numbers, strings, booleans or
   *     lists of them; e.g. the learning parameters as JSON); may be empty
   * @param replace replace a part of the same name; if false such a part is an error
   * @return what was stored
   * @throws IllegalArgumentException the model does not exist, the part name is taken (and {@code
   *     replace} is false), the part's pattern count differs from the model's, a template uses a
   *     pattern id the model does not have, or a property name is reserved
   * @throws IllegalStateException the model's current version is not {@code modelVersion}
   */
  PartInfo writePart(
      String modelName,
      long modelVersion,
      PartModel part,
      Map<String, Object> properties,
      boolean replace);

  /** The part, equal to the one written; empty if the model or the part does not exist. */
  Optional<StoredPart> readPart(String modelName, String partName);

  /** The parts of the current version of a model, by name; empty if there are none. */
  List<PartInfo> listParts(String modelName);

  /** Deletes a part with its templates; false if it did not exist. */
  boolean deletePart(String modelName, String partName);
}
