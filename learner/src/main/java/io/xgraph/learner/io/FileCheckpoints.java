package io.xgraph.learner.io;

import io.xgraph.learner.em.LayerCheckpoints;
import io.xgraph.learner.model.GraphLayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checkpoints as files {@code layer-<index>.xgl} in a directory (format of {@link GraphCodec}). A
 * file from another run (different features, images or parameters) is ignored and overwritten.
 */
public final class FileCheckpoints implements LayerCheckpoints {

  private final Path dir;

  public FileCheckpoints(Path dir) {
    this.dir = dir;
  }

  private Path file(int layer) {
    return dir.resolve("layer-" + layer + ".xgl");
  }

  @Override
  public Optional<GraphLayer> load(int layer, String runKey) {
    Path f = file(layer);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    if (!runKey.equals(GraphCodec.readLayerRunKey(f))) {
      return Optional.empty();
    }
    return Optional.of(GraphCodec.readLayer(f));
  }

  @Override
  public void save(int layer, String runKey, GraphLayer finished) {
    GraphCodec.writeLayer(finished, runKey, file(layer));
  }
}
