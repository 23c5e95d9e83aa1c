package io.xgraph.evaluation;

import io.xgraph.learner.data.FeatureSource;
import io.xgraph.learner.data.LayerGeometry;
import java.util.SplittableRandom;

/**
 * The negative control of {@code xgraph compare}: a feature source whose maps are permuted
 * spatially, one random permutation of the (row, col) units per image and layer, shared by all
 * channels of that image and layer. What a filter responds to stays the same, but where it responds
 * on the image becomes random, so a graph learned and inferred on these maps cannot correspond by
 * position to any real model. Deterministic in the seed.
 */
public final class ShuffledFeatures extends ForwardingFeatures {
  private final long seed;

  public ShuffledFeatures(FeatureSource source, long seed) {
    super(source);
    this.seed = seed;
  }

  @Override
  public void read(int layer, int image, float[] dest) {
    LayerGeometry g = source.layers().get(layer);
    float[] real = new float[g.size()];
    source.read(layer, image, real);
    int units = g.height() * g.width();
    int[] perm = permutation(units, layer, source.images().get(image).id());
    for (int c = 0; c < g.channels(); c++) {
      int base = c * units;
      for (int u = 0; u < units; u++) {
        dest[base + u] = real[base + perm[u]];
      }
    }
  }

  /** Fisher-Yates over the units, seeded by (seed, layer, image id) so it is the same per image. */
  private int[] permutation(int units, int layer, String imageId) {
    SplittableRandom rnd =
        new SplittableRandom(seed * 1_000_003L + layer * 7919L + imageId.hashCode());
    int[] perm = new int[units];
    for (int u = 0; u < units; u++) {
      perm[u] = u;
    }
    for (int u = units - 1; u > 0; u--) {
      int j = rnd.nextInt(u + 1);
      int t = perm[u];
      perm[u] = perm[j];
      perm[j] = t;
    }
    return perm;
  }
}
