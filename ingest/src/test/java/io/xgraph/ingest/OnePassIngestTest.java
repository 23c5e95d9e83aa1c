package io.xgraph.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.store.FeatureStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single pass (object and background crop from one decode, sigma summed alongside) writes the
 * same store, byte for byte, as the two-pass design; and a run interrupted before sigma was written
 * resumes to that same store.
 */
class OnePassIngestTest {

  private static final int BIRDS = 10;

  @TempDir Path tmp;

  private IngestOptions options(Path out) {
    Path data = SharedData.locate(null);
    return new IngestOptions(
        SharedData.model(data, KnownModel.SQUEEZENET.alias()),
        List.of(),
        SharedData.cubDev(data),
        out,
        null,
        "all",
        BIRDS,
        2,
        null);
  }

  @Test
  void onePassStoreEqualsTwoPassStoreAndSurvivesAnInterruption() throws IOException {
    Path twoPass = tmp.resolve("two-pass");
    IngestResult a = Ingestor.run(options(twoPass), IngestListener.SILENT, false);
    Path onePass = tmp.resolve("one-pass");
    IngestResult b = Ingestor.run(options(onePass), IngestListener.SILENT, true);
    assertEquals(BIRDS, b.images());
    assertEquals(a.negatives(), b.negatives());
    assertTrue(b.negatives() > 0 && b.negatives() <= BIRDS, "negatives " + b.negatives());
    assertSameStore(twoPass, onePass);

    // Stop after 4 images: they are committed, sigma is not written yet.
    Path interrupted = tmp.resolve("interrupted");
    IngestListener stopAfterFour =
        new IngestListener() {
          int steps;

          @Override
          public void step() {
            if (++steps == 4) {
              throw new IllegalStateException("simulated stop");
            }
          }
        };
    assertThrows(
        IllegalStateException.class, () -> Ingestor.run(options(interrupted), stopAfterFour, true));
    FeatureStore partial = FeatureStore.open(interrupted);
    assertEquals(4, partial.images().size());
    IllegalStateException noSigma =
        assertThrows(IllegalStateException.class, () -> partial.negativeSigma(0));
    assertTrue(noSigma.getMessage().contains("run ingest to completion"), noSigma.getMessage());
    // As after a kill: data of an uncommitted image reached the layer file.
    Files.write(interrupted.resolve("layer-0.f16"), new byte[4096], StandardOpenOption.APPEND);

    IngestResult resumed = Ingestor.run(options(interrupted), IngestListener.SILENT, true);
    assertEquals(BIRDS - 4, resumed.writtenThisRun());
    assertEquals(b.negatives(), resumed.negatives(), "negatives of committed images are rerun");
    assertSameStore(onePass, interrupted);
  }

  private static void assertSameStore(Path expected, Path actual) throws IOException {
    List<String> data;
    try (var files = Files.list(expected)) {
      data =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".f16") || n.endsWith(".f32"))
              .sorted()
              .toList();
    }
    assertTrue(data.size() >= 2 && data.contains("negative-sigma.f32"), "store files " + data);
    for (String f : data) {
      assertArrayEquals(
          Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)), f);
    }
    for (String f : List.of("manifest.properties", "progress.properties")) {
      assertEquals(load(expected.resolve(f)), load(actual.resolve(f)), f);
    }
  }

  private static Properties load(Path file) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    }
    return p;
  }
}
