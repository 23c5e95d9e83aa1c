package io.xgraph.evaluation;

import io.xgraph.learner.data.FeatureSource;
import io.xgraph.learner.data.ImageRecord;
import java.util.ArrayList;
import java.util.List;

/** A view of a feature source restricted to some of its images (for benchmarks). */
public final class SubsetFeatures extends ForwardingFeatures {
  private final int[] images;
  private final boolean allTrain;

  public SubsetFeatures(FeatureSource source, int[] images) {
    this(source, images, false);
  }

  private SubsetFeatures(FeatureSource source, int[] images, boolean allTrain) {
    super(source);
    this.images = images.clone();
    this.allTrain = allTrain;
  }

  /**
   * The first {@code n} images of a source whatever their split, all relabelled split "all" so the
   * learner trains on every one of them (the "learning on all 282 birds").
   */
  public static SubsetFeatures firstAll(FeatureSource source, int n) {
    int count = Math.min(n, source.images().size());
    int[] keep = new int[count];
    for (int i = 0; i < count; i++) {
      keep[i] = i;
    }
    return new SubsetFeatures(source, keep, true);
  }

  /** The first {@code n} training images of a source. */
  public static SubsetFeatures firstTrain(FeatureSource source, int n) {
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
  public List<ImageRecord> images() {
    List<ImageRecord> all = source.images();
    List<ImageRecord> out = new ArrayList<>(images.length);
    for (int i : images) {
      ImageRecord r = all.get(i);
      out.add(allTrain ? new ImageRecord(r.id(), "all", r.parts()) : r);
    }
    return out;
  }

  @Override
  public void read(int layer, int image, float[] dest) {
    source.read(layer, images[image], dest);
  }
}
