package io.xgraph.evaluation;

import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.ingest.store.Normalization;
import io.xgraph.learner.data.FeatureSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A feature store's raw maps normalised with another negative sigma: the mirrored store (ingest
 * --mirrored, whose sigma comes from the flipped negatives) read with the sigma of the unflipped
 * store, i.e. the graph's own, as {@code xg.part.*} and {@code xg.image.infer} normalise the
 * mirrored crop.
 */
public final class RenormalizedFeatures extends ForwardingFeatures {
  private final FeatureStore store;
  private final List<float[]> sigma;

  public RenormalizedFeatures(FeatureStore store, FeatureSource sigmaOf) {
    super(store);
    if (!store.layers().equals(sigmaOf.layers())) {
      throw new IllegalArgumentException(
          "Feature store `"
              + store.dir()
              + "` has other layers than the store whose sigma it should use; ingest both with"
              + " the same model and layers");
    }
    this.store = store;
    this.sigma = new ArrayList<>();
    for (int l = 0; l < store.layers().size(); l++) {
      sigma.add(sigmaOf.negativeSigma(l));
    }
  }

  @Override
  public void read(int layer, int image, float[] dest) {
    store.readRaw(layer, image, dest);
    Normalization.normalize(dest, sigma.get(layer), dest);
  }

  @Override
  public float[] negativeSigma(int layer) {
    return sigma.get(layer).clone();
  }
}
