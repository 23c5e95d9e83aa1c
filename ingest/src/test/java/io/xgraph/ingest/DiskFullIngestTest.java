package io.xgraph.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.data.LayerGeometry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk full while writing the feature store, on a real 1 MB tmpfs (the test mounts one; it needs
 * root, as on CI, and fails with the mount's own message otherwise): the run stops with the store
 * and the fix named, the images committed before stay readable, and after the file system grows the
 * same command resumes to the store of an uninterrupted run, byte for byte.
 */
class DiskFullIngestTest {

  private static final int BIRDS = 8;

  @TempDir Path tmp;
  private Path mount;

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(String.join(" ", command) + " did not finish within 30 s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      fail(
          String.join(" ", command)
              + " failed (exit "
              + p.exitValue()
              + "): "
              + out
              + " -- this test mounts a small tmpfs and must run as root (as on CI)");
    }
    return out;
  }

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      run(List.of("umount", "-l", mount.toString()));
    }
  }

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

  @Test
  void diskFullStopsWithTheFixKeepsCommittedImagesAndResumes() throws Exception {
    Path reference = tmp.resolve("reference");
    Ingestor.run(options(reference), IngestListener.SILENT);

    mount = Files.createDirectories(tmp.resolve("small-disk"));
    run(List.of("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString()));
    Path out = mount.resolve("store");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> Ingestor.run(options(out), IngestListener.SILENT));
    assertTrue(
        e.getMessage().startsWith("Cannot write to feature store `" + out + "`: "), e.getMessage());
    assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "; free disk space (or give another --out) and run the same command again: it"
                    + " resumes after the last committed image"),
        e.getMessage());

    // The committed images are readable and equal to the reference's.
    FeatureStore partial = FeatureStore.open(out);
    int committed = partial.images().size();
    assertTrue(committed > 0 && committed < BIRDS, "committed " + committed);
    FeatureStore full = FeatureStore.open(reference);
    LayerGeometry g = partial.layers().get(0);
    float[] a = new float[g.size()];
    float[] b = new float[g.size()];
    for (int k = 0; k < committed; k++) {
      partial.readRaw(0, k, a);
      full.readRaw(0, k, b);
      assertArrayEquals(b, a, "image " + k);
    }

    // More room: the same command resumes and completes the very same store.
    run(List.of("mount", "-o", "remount,size=16m", mount.toString()));
    IngestResult resumed = Ingestor.run(options(out), IngestListener.SILENT);
    assertEquals(BIRDS - committed, resumed.writtenThisRun());
    for (String f : List.of("layer-0.f16", "negative-sigma.f32")) {
      assertArrayEquals(
          Files.readAllBytes(reference.resolve(f)), Files.readAllBytes(out.resolve(f)), f);
    }
    assertEquals(BIRDS, FeatureStore.open(out).images().size());
  }
}
