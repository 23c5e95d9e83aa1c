package io.xgraph.ingest.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.image.Box;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.data.Point;
import io.xgraph.learner.testing.SmallDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trip, resume after a crash, and refusal of mismatched reuse. */
class FeatureStoreTest {

  @TempDir Path tmp;

  private static final List<LayerGeometry> LAYERS =
      List.of(
          new LayerGeometry("low", 0, 3, 4, 4, 8, 7, 63, 224),
          new LayerGeometry("high", 1, 5, 2, 2, 16, 15, 143, 224));

  private static final List<List<String>> SOURCES = List.of(List.of("a", "b"), List.of("c"));

  private static Properties identity(String sha) {
    Properties p = new Properties();
    p.setProperty("model.name", "tiny");
    p.setProperty("model.sha256", sha);
    p.setProperty("preprocessing", "caffe-bgr");
    return p;
  }

  /** Deterministic raw maps of image k: values of both signs, exactly representable in fp16. */
  private static List<float[]> raw(int k) {
    Random r = new Random(k);
    List<float[]> out = new java.util.ArrayList<>();
    for (LayerGeometry g : LAYERS) {
      float[] m = new float[g.size()];
      for (int i = 0; i < m.length; i++) {
        m[i] = (r.nextInt(2001) - 1000) / 64f;
      }
      out.add(m);
    }
    return out;
  }

  private static StoredImage image(int k) {
    return new StoredImage(
        new ImageRecord("img" + k, k % 2 == 0 ? "train" : "test", Map.of(1, new Point(k, 2.5))),
        "dir/img" + k + ".jpg",
        new Box(1, 2, 30, 40),
        k);
  }

  private static List<float[]> sigma() {
    return List.of(filled(LAYERS.get(0).size(), 2f), filled(LAYERS.get(1).size(), 0.5f));
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  private FeatureStoreWriter writer(Path dir, String sha) {
    return FeatureStoreWriter.open(dir, identity(sha), LAYERS, SOURCES);
  }

  @Test
  void roundTripNormalisesOnRead() {
    Path dir = tmp.resolve("s");
    try (FeatureStoreWriter w = writer(dir, "aa")) {
      w.writeSigma(sigma(), new Properties());
      for (int k = 0; k < 5; k++) {
        w.append(image(k), raw(k));
      }
      w.commit();
    }
    FeatureStore store = FeatureStore.open(dir);
    assertEquals("tiny", store.modelName());
    assertEquals("aa", store.modelSha256());
    assertEquals(LAYERS, store.layers());
    assertEquals(5, store.images().size());
    assertEquals(image(3).record(), store.images().get(3));
    assertEquals(image(3).box(), store.storedImages().get(3).box());
    for (int k = 0; k < 5; k++) {
      for (LayerGeometry g : LAYERS) {
        float[] expected = raw(k).get(g.index());
        float[] got = new float[g.size()];
        store.readRaw(g.index(), k, got);
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(got));
        store.read(g.index(), k, got);
        float s = g.index() == 0 ? 2f : 0.5f;
        for (int i = 0; i < got.length; i++) {
          assertEquals(expected[i] > 0 ? expected[i] / s : -1f, got[i], 0f);
        }
      }
    }
  }

  /** Maps are streamed from the files: reads from several threads, in any order, give the maps. */
  @Test
  void concurrentReadsInAnyOrderGiveEveryImagesMaps() throws Exception {
    Path dir = tmp.resolve("c");
    int images = 12;
    try (FeatureStoreWriter w = writer(dir, "cc")) {
      w.writeSigma(sigma(), new Properties());
      for (int k = 0; k < images; k++) {
        w.append(image(k), raw(k));
      }
      w.commit();
    }
    FeatureStore store = FeatureStore.open(dir);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Boolean>> checks = new java.util.ArrayList<>();
      for (int t = 0; t < 4 * images; t++) {
        // the high layer first on some threads, the low one on others: buffers of both sizes
        int k = (t * 7) % images;
        int first = t % LAYERS.size();
        checks.add(
            pool.submit(
                () -> {
                  for (int j = 0; j < LAYERS.size(); j++) {
                    LayerGeometry g = LAYERS.get((first + j) % LAYERS.size());
                    float[] got = new float[g.size()];
                    store.readRaw(g.index(), k, got);
                    if (!java.util.Arrays.equals(raw(k).get(g.index()), got)) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (java.util.concurrent.Future<Boolean> f : checks) {
        assertTrue(f.get());
      }
    } finally {
      pool.shutdown();
    }
  }

  /**
   * A crash after the data of images 3..4 was written but before progress was replaced: the reader
   * sees 3 images, and the next writer rewrites from image 3 and completes the store.
   */
  @Test
  void resumesAfterCrashBetweenDataAndProgress() throws Exception {
    Path dir = tmp.resolve("s");
    FeatureStoreWriter w = writer(dir, "aa");
    w.writeSigma(sigma(), new Properties());
    for (int k = 0; k < 3; k++) {
      w.append(image(k), raw(k));
    }
    w.commit();
    // Garbage for images 3 and 4 reaches the layer files, then the process dies (no commit).
    w.append(image(3), raw(99));
    w.append(image(4), raw(98));
    w.close();
    long bytesPerImage = 2L * LAYERS.get(0).size();
    assertEquals(5 * bytesPerImage, Files.size(dir.resolve("layer-0.f16")));

    FeatureStore partial = FeatureStore.open(dir);
    assertEquals(3, partial.images().size());

    try (FeatureStoreWriter again = writer(dir, "aa")) {
      assertTrue(again.hasSigma());
      assertEquals(3, again.committed());
      assertEquals(3, again.nextSource());
      assertEquals(3 * bytesPerImage, Files.size(dir.resolve("layer-0.f16")));
      for (int k = 3; k < 6; k++) {
        again.append(image(k), raw(k));
      }
      again.commit();
    }
    FeatureStore done = FeatureStore.open(dir);
    assertEquals(6, done.images().size());
    for (int k = 0; k < 6; k++) {
      float[] got = new float[LAYERS.get(1).size()];
      done.readRaw(1, k, got);
      assertEquals(
          java.util.Arrays.toString(raw(k).get(1)), java.util.Arrays.toString(got), "image " + k);
    }
  }

  /**
   * A progress file cut short at every byte (what an older xgraph left after a short write on a
   * full disk): the reader, the resuming writer and the check either read the complete committed
   * images or name the damaged file and the fix; never a NullPointerException or a parse error.
   */
  @Test
  void progressCutShortAnywhereIsReportedByNameWithTheFix() throws Exception {
    Path dir = tmp.resolve("s");
    try (FeatureStoreWriter w = writer(dir, "aa")) {
      w.writeSigma(sigma(), new Properties());
      for (int k = 0; k < 4; k++) {
        w.append(image(k), raw(k));
      }
      w.skip(4, "dir/img4.jpg: not an image");
      w.commit();
    }
    Path progress = dir.resolve("progress.properties");
    byte[] whole = Files.readAllBytes(progress);
    String damaged = "Feature store file `" + progress + "` is damaged (";
    String fix =
        "; truncated by a full disk or edited): delete the store `"
            + dir.toAbsolutePath()
            + "` and run the same `xgraph ingest` again";
    int reported = 0;
    for (int cut = 0; cut < whole.length; cut++) {
      Files.write(progress, java.util.Arrays.copyOf(whole, cut));
      FeatureStore store;
      try {
        store = FeatureStore.open(dir);
      } catch (IllegalStateException e) {
        assertTrue(e.getMessage().startsWith(damaged), cut + ": " + e.getMessage());
        assertTrue(e.getMessage().endsWith(fix), cut + ": " + e.getMessage());
        IllegalStateException w =
            assertThrows(IllegalStateException.class, () -> writer(dir, "aa"));
        assertEquals(e.getMessage(), w.getMessage());
        assertEquals(List.of(e.getMessage()), FeatureStoreCheck.check(dir));
        reported++;
        continue;
      }
      // Only the trailing newline may go without losing anything.
      assertEquals(whole.length - 1, cut, "a cut that is not reported");
      assertEquals(4, store.images().size());
      for (int k = 0; k < 4; k++) {
        assertEquals(image(k), store.storedImages().get(k));
      }
    }
    assertEquals(whole.length - 1, reported);
  }

  /**
   * The progress file on a real full disk (a tmpfs filled by another file after three commits): the
   * commit fails naming the file, the disk and the space needed; the store still shows the last
   * commit; with the room back the next writer resumes after it.
   */
  @Test
  void commitOnAFullDiskKeepsThePreviousProgressAndResumes() throws Exception {
    try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), "256k")) {
      Path dir = disk.path().resolve("s");
      Path progress = dir.resolve("progress.properties");
      FeatureStoreWriter w = writer(dir, "aa");
      w.writeSigma(sigma(), new Properties());
      for (int k = 0; k < 3; k++) {
        w.append(image(k), raw(k));
      }
      w.commit();
      // Maps of image 3 still fit in the last block of each layer file; the new progress does not.
      w.append(image(3), raw(3));
      disk.fill();
      IllegalStateException e = assertThrows(IllegalStateException.class, w::commit);
      assertTrue(
          e.getMessage()
              .startsWith(
                  "Not enough disk space for `"
                      + progress
                      + "`: the disk holding `"
                      + dir
                      + "` ("
                      + disk.path()
                      + " (tmpfs)) has 0 bytes free, 4.0 KB needed; free at least 4.0 KB there"),
          e.getMessage());
      w.close();
      assertEquals(3, FeatureStore.open(dir).images().size(), "the last commit is what shows");
      assertTrue(FeatureStoreCheck.check(dir).isEmpty(), "a sound store");

      disk.unfill();
      try (FeatureStoreWriter again = writer(dir, "aa")) {
        assertEquals(3, again.committed());
        for (int k = 3; k < 6; k++) {
          again.append(image(k), raw(k));
        }
        again.commit();
      }
      FeatureStore done = FeatureStore.open(dir);
      assertEquals(6, done.images().size());
      for (int k = 0; k < 6; k++) {
        float[] got = new float[LAYERS.get(0).size()];
        done.readRaw(0, k, got);
        assertEquals(
            java.util.Arrays.toString(raw(k).get(0)), java.util.Arrays.toString(got), "image " + k);
      }
    }
  }

  @Test
  void progressWithoutSigmaIsResumedAndSigmaIsRequiredToRead() {
    Path dir = tmp.resolve("s");
    try (FeatureStoreWriter w = writer(dir, "aa")) {
      assertTrue(!w.hasSigma());
    }
    FeatureStore store = FeatureStore.open(dir);
    assertEquals(0, store.images().size());
    assertThrows(IllegalStateException.class, () -> store.negativeSigma(0));
  }

  @Test
  void refusesReuseWithAnotherModel() {
    Path dir = tmp.resolve("s");
    writer(dir, "aa").close();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> writer(dir, "bb"));
    assertTrue(e.getMessage().contains("model.sha256=aa"), e.getMessage());
    assertTrue(e.getMessage().contains("another --out"), e.getMessage());
  }

  @Test
  void refusesNonEmptyDirectoryThatIsNotAStore() throws Exception {
    Path dir = tmp.resolve("s");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("notes.txt"), "mine");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> writer(dir, "aa"));
    assertTrue(e.getMessage().contains("not empty"), e.getMessage());
  }

  @Test
  void skippedImagesAreRecorded() {
    Path dir = tmp.resolve("s");
    try (FeatureStoreWriter w = writer(dir, "aa")) {
      w.writeSigma(sigma(), new Properties());
      w.append(image(0), raw(0));
      w.skip(1, "x/broken.jpg: cannot decode");
      w.append(image(2), raw(2));
      w.commit();
      assertEquals(3, w.nextSource());
    }
    FeatureStore store = FeatureStore.open(dir);
    assertEquals(List.of("x/broken.jpg: cannot decode"), store.skipped());
    assertEquals(2, store.images().size());
  }
}
