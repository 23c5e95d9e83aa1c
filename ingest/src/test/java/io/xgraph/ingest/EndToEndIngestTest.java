package io.xgraph.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.image.Box;
import io.xgraph.ingest.image.Dataset;
import io.xgraph.ingest.image.DatasetImage;
import io.xgraph.ingest.image.ImageCrops;
import io.xgraph.ingest.image.Preprocessing;
import io.xgraph.ingest.onnx.CnnModel;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.LayerGeometry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Ingests real CUB birds with both shared models under ONNX Runtime. */
class EndToEndIngestTest {

  /** Enough birds to exercise commits (every 16) without slowing the suite. */
  private static final int BIRDS = 18;

  /** ImageNet class 146 is "albatross"; the first CUB class is the Black-footed Albatross. */
  private static final int IMAGENET_ALBATROSS = 146;

  @TempDir Path tmp;

  static Path data() {
    return SharedData.locate(null);
  }

  @ParameterizedTest
  @EnumSource(KnownModel.class)
  void ingestsBirdsWithPlausibleMapsAndResumes(KnownModel known) {
    Path model = SharedData.model(data(), known.alias());
    Path images = SharedData.cubDev(data());
    Path out = tmp.resolve("store");
    IngestOptions options =
        new IngestOptions(model, List.of(), images, out, null, "all", BIRDS, 2, null);
    IngestResult first = Ingestor.run(options, IngestListener.SILENT);
    assertEquals(BIRDS, first.images());
    assertEquals(BIRDS, first.writtenThisRun());
    assertTrue(first.negatives() >= BIRDS / 2, "background crops found: " + first.negatives());

    // A second run with the same options has nothing left to do.
    IngestResult again = Ingestor.run(options, IngestListener.SILENT);
    assertEquals(0, again.writtenThisRun());
    assertEquals(0, again.negatives());

    FeatureStore store = FeatureStore.open(out);
    assertEquals(known.defaultLayers().size(), store.layers().size());
    assertEquals(BIRDS, store.images().size());
    for (LayerGeometry g : store.layers()) {
      assertEquals(known.defaultLayers().get(g.index()), g.name());
      float[] map = new float[g.size()];
      float[] sigma = store.negativeSigma(g.index());
      for (float s : sigma) {
        assertTrue(s > 0 && Float.isFinite(s), "sigma " + s);
      }
      int positive = 0;
      float max = 0;
      for (int k = 0; k < BIRDS; k++) {
        store.read(g.index(), k, map);
        for (float f : map) {
          assertTrue(f == -1f || (f > 0 && Float.isFinite(f)), "normalised value " + f);
          if (f > 0) {
            positive++;
            max = Math.max(max, f);
          }
        }
      }
      // The maps are read before the ReLU: the raw values include negatives.
      store.readRaw(g.index(), 0, map);
      float minRaw = 0;
      for (float x : map) {
        minRaw = Math.min(minRaw, x);
      }
      assertTrue(minRaw < 0, g.name() + " raw minimum " + minRaw + ": not pre-ReLU");
      double fraction = positive / (double) (BIRDS * g.size());
      // Pre-ReLU maps are sparse but not empty; some units fire several sigmas above background.
      assertTrue(fraction > 0.02 && fraction < 0.9, g.name() + " positive fraction " + fraction);
      assertTrue(max > 3, g.name() + " max normalised value " + max);
    }
    // Parts are carried into the 224 crop: CUB parts lie on the bird, so mostly inside the crop.
    int parts = 0;
    int inside = 0;
    for (ImageRecord r : store.images()) {
      for (var p : r.parts().values()) {
        parts++;
        if (p.x() >= -2 && p.x() <= 226 && p.y() >= -2 && p.y() <= 226) {
          inside++;
        }
      }
    }
    assertTrue(parts > BIRDS * 5, "visible parts " + parts);
    assertTrue(inside > 0.95 * parts, inside + " of " + parts + " parts inside the crop");
  }

  /**
   * The preprocessing is right if the model recognises the birds: most Black-footed Albatross crops
   * get ImageNet class 146 (albatross) in their top 5 with the model's own profile, and fewer with
   * the other profile (so the check tells the profiles apart).
   */
  @ParameterizedTest
  @EnumSource(KnownModel.class)
  void recognisesAlbatrosses(KnownModel known) {
    Path model = SharedData.model(data(), known.alias());
    Dataset birds = Dataset.open(SharedData.cubDev(data())).select("all", 10);
    // The other channel order: the two Caffe profiles differ by less than 0.4 in their means.
    Preprocessing wrong =
        known.preprocessing() == Preprocessing.IMAGENET_RGB
            ? Preprocessing.CAFFE_BGR
            : Preprocessing.IMAGENET_RGB;
    try (CnnModel cnn = CnnModel.open(model, List.of(), 2)) {
      List<String> misses = new ArrayList<>();
      int hits = albatrossHits(cnn, birds, known.preprocessing(), misses);
      assertTrue(hits >= 7, known + ": albatross in top 5 for " + hits + " of 10; " + misses);
      int wrongHits = albatrossHits(cnn, birds, wrong, new ArrayList<>());
      assertTrue(wrongHits < hits, known + ": profile " + wrong + " also gets " + wrongHits);
    }
  }

  private static int albatrossHits(
      CnnModel cnn, Dataset birds, Preprocessing pre, List<String> misses) {
    int hits = 0;
    for (DatasetImage bird : birds.images()) {
      assertTrue(bird.file().toString().contains("Albatross"));
      ImageCrops.Decoded d = ImageCrops.decode(bird.file());
      Box box = ImageCrops.checkedBox(d, bird.box());
      float[] scores = cnn.run(pre.apply(ImageCrops.crop(d, box, 224), 224)).scores();
      assertEquals(1000, scores.length);
      if (rank(scores, IMAGENET_ALBATROSS) < 5) {
        hits++;
      } else {
        misses.add(bird.id() + " top1=" + argmax(scores));
      }
    }
    return hits;
  }

  /** The single-image API gives the same normalised maps as the store (float16 precision). */
  @ParameterizedTest
  @EnumSource(KnownModel.class)
  void singleImageExtractorMatchesStore(KnownModel known) {
    Path model = SharedData.model(data(), known.alias());
    Path out = tmp.resolve("store1");
    Ingestor.run(
        new IngestOptions(
            model, List.of(), SharedData.cubDev(data()), out, null, "test", 3, 2, null),
        IngestListener.SILENT);
    FeatureStore store = FeatureStore.open(out);
    var image = store.storedImages().get(1);
    try (ImageFeatureExtractor x = ImageFeatureExtractor.forStore(store, model, 2)) {
      List<float[][][]> maps =
          x.extract(SharedData.cubDev(data()).resolve(image.file()), image.box());
      for (LayerGeometry g : store.layers()) {
        float[] fromStore = new float[g.size()];
        store.read(g.index(), 1, fromStore);
        float[][][] m = maps.get(g.index());
        assertEquals(g.channels(), m.length);
        assertEquals(g.height(), m[0].length);
        assertEquals(g.width(), m[0][0].length);
        int k = 0;
        for (int c = 0; c < g.channels(); c++) {
          for (int r = 0; r < g.height(); r++) {
            for (int col = 0; col < g.width(); col++, k++) {
              float a = m[c][r][col];
              float b = fromStore[k];
              assertTrue(
                  Math.abs(a - b) <= 2e-3 * Math.abs(a) + 1e-3,
                  g.name() + " element " + k + ": " + a + " vs " + b);
            }
          }
        }
      }
    }
  }

  private static int rank(float[] scores, int cls) {
    int r = 0;
    for (float s : scores) {
      if (s > scores[cls]) {
        r++;
      }
    }
    return r;
  }

  private static int argmax(float[] scores) {
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    return best;
  }
}
