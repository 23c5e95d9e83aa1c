package io.xgraph.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.ingest.store.Normalization;
import io.xgraph.learner.data.FeatureSource;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.LayerGeometry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The views of a feature store the evaluations read through, on the reduced real run's store:
 * subsets map their indices to the store's, the shuffled control permutes where each map responds
 * (one permutation for all channels, fixed by the seed), and the renormalised view divides the raw
 * maps by another store's sigma.
 */
class FeatureViewsTest {

  static FeatureStore store;
  static LayerGeometry layer;

  @BeforeAll
  static void openTheRun() {
    store = SmallRealRun.shared().features;
    layer = store.layers().get(0);
  }

  @Test
  void aSubsetReadsTheStoresImagesAtItsIndices() {
    int[] chosen = {5, 0, 9};
    SubsetFeatures subset = new SubsetFeatures(store, chosen);
    chosen[0] = 1; // the view keeps its own copy
    int[] expected = {5, 0, 9};
    assertEquals(ids(store, expected), subset.images().stream().map(ImageRecord::id).toList());
    for (int j = 0; j < expected.length; j++) {
      assertArrayEquals(map(store, expected[j]), map(subset, j), "image " + j + " of the subset");
      assertEquals(
          store.images().get(expected[j]).split(), subset.images().get(j).split(), "split kept");
    }
    assertEquals(store.layers(), subset.layers());
    assertArrayEquals(store.negativeSigma(0), subset.negativeSigma(0));
    assertEquals(store.modelName(), subset.modelName());
  }

  @Test
  void firstTrainKeepsTheFirstTrainingImagesInStoreOrder() {
    List<Integer> train = new ArrayList<>();
    for (int i = 0; i < store.images().size(); i++) {
      if ("train".equals(store.images().get(i).split())) {
        train.add(i);
      }
    }
    assertTrue(train.size() > 3, "the run holds training birds: " + train);
    SubsetFeatures three = SubsetFeatures.firstTrain(store, 3);
    int[] firstThree = train.subList(0, 3).stream().mapToInt(Integer::intValue).toArray();
    assertEquals(ids(store, firstThree), three.images().stream().map(ImageRecord::id).toList());
    assertArrayEquals(map(store, firstThree[2]), map(three, 2));
    // asking for more than there are gives all of them, and no test image
    assertEquals(train.size(), SubsetFeatures.firstTrain(store, 1000).images().size());
  }

  @Test
  void firstAllRelabelsEveryImageForTraining() {
    SubsetFeatures four = SubsetFeatures.firstAll(store, 4);
    assertEquals(
        ids(store, new int[] {0, 1, 2, 3}), four.images().stream().map(ImageRecord::id).toList());
    for (ImageRecord r : four.images()) {
      assertEquals("all", r.split(), r.id());
      assertTrue(r.isTrain(), r.id());
    }
    assertEquals(store.images().get(3).parts(), four.images().get(3).parts(), "parts kept");
    assertArrayEquals(map(store, 3), map(four, 3));
    assertEquals(SmallRealRun.BIRDS, SubsetFeatures.firstAll(store, 1000).images().size());
  }

  @Test
  void theShuffledControlMovesWholeUnitsNotSingleResponses() {
    ShuffledFeatures shuffled = new ShuffledFeatures(store, 7);
    for (int image : new int[] {0, 6, 11}) {
      float[] real = map(store, image);
      float[] moved = map(shuffled, image);
      assertFalse(Arrays.equals(real, moved), "image " + image + " keeps its layout");
      // One permutation of the (row, col) units for all channels: the set of per-unit channel
      // vectors is the same, which a per-channel shuffle or a changed value would break.
      assertTrue(
          unitVectors(real).equals(unitVectors(moved)),
          "image " + image + ": the units' channel vectors changed");
    }
  }

  @Test
  void theShuffledControlIsFixedByItsSeed() {
    float[] seven = map(new ShuffledFeatures(store, 7), 4);
    assertArrayEquals(seven, map(new ShuffledFeatures(store, 7), 4), "the same seed");
    assertFalse(Arrays.equals(seven, map(new ShuffledFeatures(store, 8), 4)), "another seed");
    // each image has its own permutation: two birds are not moved alike
    int[] a = permutationOf(map(store, 1), map(new ShuffledFeatures(store, 7), 1));
    int[] b = permutationOf(map(store, 2), map(new ShuffledFeatures(store, 7), 2));
    assertFalse(Arrays.equals(a, b), "images 1 and 2 share a permutation");
  }

  @Test
  void theRenormalisedViewDividesTheMirroredRawMapsByTheUnflippedSigma() {
    FeatureStore mirrored = SmallRealRun.shared().mirrored();
    float[] sigma = store.negativeSigma(0);
    assertFalse(
        Arrays.equals(sigma, mirrored.negativeSigma(0)),
        "the flipped negatives give another sigma");
    RenormalizedFeatures view = new RenormalizedFeatures(mirrored, store);
    assertArrayEquals(sigma, view.negativeSigma(0));
    for (int image : new int[] {0, 7}) {
      float[] raw = new float[layer.size()];
      mirrored.readRaw(0, image, raw);
      float[] expected = new float[layer.size()];
      Normalization.normalize(raw, sigma, expected);
      float[] read = map(view, image);
      assertArrayEquals(expected, read, "image " + image);
      assertFalse(Arrays.equals(map(mirrored, image), read), "not the mirrored store's own");
    }
    assertEquals(mirrored.images(), view.images());
  }

  private static float[] map(FeatureSource source, int image) {
    float[] m = new float[layer.size()];
    source.read(0, image, m);
    return m;
  }

  private static List<String> ids(FeatureSource source, int[] indices) {
    return Arrays.stream(indices).mapToObj(i -> source.images().get(i).id()).toList();
  }

  /** Each unit's values over all channels, as text, sorted: the multiset of unit vectors. */
  private static List<String> unitVectors(float[] map) {
    List<String> out = new ArrayList<>(units(map));
    out.sort(null);
    return out;
  }

  /** For each unit of {@code moved}, the unit of {@code real} with the same channel vector. */
  private static int[] permutationOf(float[] real, float[] moved) {
    List<String> realUnits = units(real);
    return units(moved).stream().mapToInt(realUnits::indexOf).toArray();
  }

  /** Unit u's values over all channels (the map is channel-major), as text, in unit order. */
  private static List<String> units(float[] map) {
    int units = layer.height() * layer.width();
    List<String> out = new ArrayList<>();
    for (int u = 0; u < units; u++) {
      float[] v = new float[layer.channels()];
      for (int c = 0; c < v.length; c++) {
        v[c] = map[c * units + u];
      }
      out.add(Arrays.toString(v));
    }
    return out;
  }
}
