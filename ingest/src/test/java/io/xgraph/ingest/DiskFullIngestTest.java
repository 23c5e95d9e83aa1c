package io.xgraph.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.testing.SmallDisk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk full while ingesting, on a real tmpfs ({@link SmallDisk}; skipped where it cannot be
 * mounted). Too small from the start: refused before any CNN work, naming the store, the disk and
 * the space needed. Filled by someone else during the run: the run stops naming the store, the disk
 * and the space the remaining images need; the images committed before stay readable; with the
 * space back the same command resumes to the store of an uninterrupted run, byte for byte.
 */
class DiskFullIngestTest {

  private static final int BIRDS = 8;

  @TempDir Path tmp;

  private IngestOptions options(Path out) {
    Path data = SharedData.locate(null);
    return new IngestOptions(
        SharedData.model(data, "squeezenet"),
        List.of("fire9/concat_1"), // 173 KB per bird in float16
        SharedData.cubDev(data),
        out,
        null,
        "all",
        BIRDS,
        1,
        null);
  }

  private static void assertSameStore(Path reference, Path out) throws IOException {
    for (String f : List.of("layer-0.f16", "negative-sigma.f32", "progress.properties")) {
      byte[] a = Files.readAllBytes(reference.resolve(f));
      byte[] b = Files.readAllBytes(out.resolve(f));
      if (f.endsWith(".properties")) {
        // The first line is the date of the commit.
        a = withoutDate(a);
        b = withoutDate(b);
      }
      assertArrayEquals(a, b, f);
    }
    assertEquals(BIRDS, FeatureStore.open(out).images().size());
  }

  private static byte[] withoutDate(byte[] properties) {
    String s = new String(properties, StandardCharsets.ISO_8859_1);
    return s.lines()
        .filter(l -> !l.startsWith("#"))
        .reduce("", (x, y) -> x + y + "\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void tooSmallADiskIsRefusedBeforeAnyWorkAndTheSameCommandRunsOnceThereIsRoom() throws Exception {
    Path reference = tmp.resolve("reference");
    Ingestor.run(options(reference), IngestListener.SILENT);

    try (SmallDisk disk = SmallDisk.mount(tmp.resolve("small-disk"), "1m")) {
      Path out = disk.path().resolve("store");
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class, () -> Ingestor.run(options(out), IngestListener.SILENT));
      String m = e.getMessage();
      assertTrue(
          m.startsWith(
              "Not enough disk space for feature store `"
                  + out
                  + "` ("
                  + BIRDS
                  + " images to store): the disk holding `"
                  + out
                  + "` ("
                  + disk.path()
                  + " (tmpfs)) has "),
          m);
      assertTrue(m.contains(" MB needed; free at least "), m);
      assertTrue(m.endsWith(" there (or write to another disk) and run the same command again"), m);
      assertEquals(0, Files.size(out.resolve("layer-0.f16")), "refused before any map is written");

      disk.resize("16m");
      IngestResult done = Ingestor.run(options(out), IngestListener.SILENT);
      assertEquals(BIRDS, done.writtenThisRun());
      assertSameStore(reference, out);
    }
  }

  @Test
  void diskFilledDuringTheRunStopsWithTheSpaceNeededKeepsCommittedImagesAndResumes()
      throws Exception {
    Path reference = tmp.resolve("reference");
    Ingestor.run(options(reference), IngestListener.SILENT);

    try (SmallDisk disk = SmallDisk.mount(tmp.resolve("small-disk"), "16m")) {
      Path out = disk.path().resolve("store");
      // Another process takes all the room after the 6th bird has gone through the CNN; the
      // write-behind is at most 3 birds behind, so 3 to 5 birds are on disk by then.
      IngestListener filler =
          new IngestListener() {
            int steps;

            @Override
            public void step() {
              if (++steps == 6) {
                try {
                  disk.fill();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }
            }
          };
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> Ingestor.run(options(out), filler));
      String m = e.getMessage();
      assertTrue(m.startsWith("Cannot write to feature store `" + out + "` ("), m);
      assertTrue(m.contains(" images still to store): "), m);
      assertTrue(m.contains("No space left on device"), m);
      assertTrue(
          m.contains("; the disk holding `" + out + "` (" + disk.path() + " (tmpfs)) has "), m);
      assertTrue(m.contains(" needed; free at least "), m);
      assertTrue(
          m.endsWith(
              " there (or write to another disk) and run the same command again: it resumes"
                  + " after the last committed image"),
          m);

      // The committed images are readable and equal to the reference's.
      FeatureStore partial = FeatureStore.open(out);
      int committed = partial.images().size();
      // At least 3 birds were written before the disk filled; one may be given back so that the
      // progress file of the others fits.
      assertTrue(committed >= 2 && committed < BIRDS, "committed " + committed);
      FeatureStore full = FeatureStore.open(reference);
      LayerGeometry g = partial.layers().get(0);
      float[] a = new float[g.size()];
      float[] b = new float[g.size()];
      for (int k = 0; k < committed; k++) {
        partial.readRaw(0, k, a);
        full.readRaw(0, k, b);
        assertArrayEquals(b, a, "image " + k);
      }

      // The room is back: the same command resumes and completes the very same store.
      disk.unfill();
      IngestResult resumed = Ingestor.run(options(out), IngestListener.SILENT);
      assertEquals(BIRDS - committed, resumed.writtenThisRun());
      assertSameStore(reference, out);
    }
  }
}
