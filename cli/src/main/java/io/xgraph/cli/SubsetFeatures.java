package io.xgraph.cli;

import io.xgraph.learner.data.FeatureSource;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.LayerGeometry;
import java.util.ArrayList;
import java.util.List;

/** A view of a feature source restricted to some of its images (for benchmarks). */
final class SubsetFeatures implements FeatureSource {
  private final FeatureSource source;
  private final int[] images;

  SubsetFeatures(FeatureSource source, int[] images) {
    this.source = source;
    this.images = images.clone();
  }

  /** The first {@code n} training images of a source. */
  static SubsetFeatures firstTrain(FeatureSource source, int n) {
    List<Integer> keep = new ArrayList<>();
    List<ImageRecord> all = source.images();
    for (int i = 0; i < all.size() && keep.size() < n; i++) {
      if (all.get(i).isTrain()) {
        keep.add(i);
      }
    }
    return new SubsetFeatures(source, keep.stream().mapToInt(Integer::intValue).toArray());
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
    List<ImageRecord> all = source.images();
    List<ImageRecord> out = new ArrayList<>(images.length);
    for (int i : images) {
      out.add(all.get(i));
    }
    return out;
  }

  @Override
  public void read(int layer, int image, float[] dest) {
    source.read(layer, images[image], dest);
  }

  @Override
  public float[] negativeSigma(int layer) {
    return source.negativeSigma(layer);
  }
}
