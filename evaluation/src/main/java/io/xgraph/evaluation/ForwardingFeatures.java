package io.xgraph.evaluation;

import io.xgraph.learner.data.FeatureSource;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.LayerGeometry;
import java.util.List;

/**
 * A view of another feature source that passes every call through to it; a subclass overrides only
 * what its view changes (which images, how a map is read, which sigma).
 */
public abstract class ForwardingFeatures implements FeatureSource {
  /** The source this view reads from. */
  protected final FeatureSource source;

  public ForwardingFeatures(FeatureSource source) {
    this.source = source;
  }

  @Override
  public String modelName() {
    return source.modelName();
  }

  @Override
  public String modelSha256() {
    return source.modelSha256();
  }

  @Override
  public List<LayerGeometry> layers() {
    return source.layers();
  }

  @Override
  public List<ImageRecord> images() {
    return source.images();
  }

  @Override
  public void read(int layer, int image, float[] dest) {
    source.read(layer, image, dest);
  }

  @Override
  public float[] negativeSigma(int layer) {
    return source.negativeSigma(layer);
  }
}
