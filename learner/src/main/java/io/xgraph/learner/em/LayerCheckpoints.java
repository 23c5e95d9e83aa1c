package io.xgraph.learner.em;

import io.xgraph.learner.model.GraphLayer;
import java.util.Optional;

/**
 * Where finished layers are kept so that an interrupted run resumes at the last finished layer. The
 * learner stays free of I/O: it only calls this interface (the file-based one lives in
 * io.xgraph.learner.io). {@code runKey} identifies the features, images and parameters of the run;
 * a stored layer with another key must not be returned.
 */
public interface LayerCheckpoints {

  /** The finished layer {@code layer} of the run {@code runKey}, if one was saved. */
  Optional<GraphLayer> load(int layer, String runKey);

  /** Keeps a finished layer. */
  void save(int layer, String runKey, GraphLayer finished);

  /** No checkpoints. */
  static LayerCheckpoints none() {
    return new LayerCheckpoints() {
      @Override
      public Optional<GraphLayer> load(int layer, String runKey) {
        return Optional.empty();
      }

      @Override
      public void save(int layer, String runKey, GraphLayer finished) {}
    };
  }
}
