package io.xgraph.cypher.inference;

import io.xgraph.ingest.ImageFeatureExtractor;
import io.xgraph.ingest.image.Box;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.em.InferenceResult;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.GraphLayer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One model version ready for inference: its graph compiled for inference and an ONNX Runtime
 * session reading out the graph's layers. Calls run concurrently under a read lock; {@link #close}
 * waits for them, so an evicted session is never closed under a running call.
 */
final class LoadedModel implements AutoCloseable {

  private final ExplanatoryGraph graph;
  private final GraphInference inference;
  private final ImageFeatureExtractor extractor;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  LoadedModel(ExplanatoryGraph graph, ImageFeatureExtractor extractor) {
    this.graph = graph;
    this.extractor = extractor;
    List<LayerGeometry> read = extractor.layers();
    for (int i = 0; i < graph.layers().size(); i++) {
      LayerGeometry stored = graph.layers().get(i).geometry();
      LayerGeometry actual = read.get(i);
      if (stored.channels() != actual.channels()
          || stored.height() != actual.height()
          || stored.width() != actual.width()) {
        throw new IllegalStateException(
            "Layer `"
                + stored.name()
                + "` of model `"
                + graph.modelName()
                + "` is stored as "
                + stored.channels()
                + "x"
                + stored.height()
                + "x"
                + stored.width()
                + ", but the ONNX model gives "
                + actual.channels()
                + "x"
                + actual.height()
                + "x"
                + actual.width());
      }
    }
    this.inference = new GraphInference(graph);
  }

  ExplanatoryGraph graph() {
    return graph;
  }

  /** The image's maps (cropped to {@code box}, null = whole) run through the graph. */
  InferenceResult infer(Path image, Box box) {
    return infer(image, box, false);
  }

  /** As {@link #infer(Path, Box)}, on the left-right mirror of the crop when {@code mirrored}. */
  InferenceResult infer(Path image, Box box, boolean mirrored) {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException(
            "Model `" + graph.modelName() + "` was replaced while in use; call again");
      }
      return inference.infer(extractor.extractFlat(image, box, mirrored));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Layer names, lowest first. */
  List<String> layerNames() {
    List<String> out = new ArrayList<>();
    for (GraphLayer l : graph.layers()) {
      out.add(l.geometry().name());
    }
    return out;
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        extractor.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
