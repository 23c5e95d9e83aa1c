package io.xgraph.ingest;

import static io.xgraph.ingest.BadDatasetFixture.miniCub;
import static io.xgraph.ingest.BadDatasetFixture.model;
import static io.xgraph.ingest.BadDatasetFixture.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.store.FeatureStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A feature store of another model: ingest into it and {@link ImageFeatureExtractor#forStore} are
 * refused naming both models, and the store stays byte for byte as it was.
 */
class ForeignFeatureStoreTest {

  @TempDir Path tmp;

  @Test
  void aStoreOfAnotherModelIsRefusedAndLeftAsItWas() throws IOException {
    Path cub = miniCub(tmp.resolve("cub"), 2);
    Path out = tmp.resolve("store");
    Ingestor.run(options("squeezenet", List.of("fire9/concat_1"), cub, out), IngestListener.SILENT);
    Map<String, byte[]> before = snapshot(out);

    IllegalArgumentException rerun =
        assertThrows(
            IllegalArgumentException.class,
            () -> Ingestor.run(options("mobilenet", List.of(), cub, out), IngestListener.SILENT));
    assertEquals(
        "Feature store `"
            + out
            + "` was made with layer.0.channels=512 but this run has layer.0.channels=32; give"
            + " another --out directory, or delete `"
            + out
            + "` to start over",
        rerun.getMessage());

    FeatureStore store = FeatureStore.open(out);
    IllegalArgumentException extractor =
        assertThrows(
            IllegalArgumentException.class,
            () -> ImageFeatureExtractor.forStore(store, model("mobilenet"), 1));
    assertTrue(
        extractor.getMessage().startsWith("Model `" + model("mobilenet") + "` (sha256 "),
        extractor.getMessage());
    assertTrue(
        extractor
            .getMessage()
            .contains(
                ") is not the model of feature store `"
                    + out
                    + "` (squeezenet1.1-fp16, sha256 "
                    + store.modelSha256()
                    + "); give the store's model file"),
        extractor.getMessage());
    assertSnapshot(before, snapshot(out));
  }

  private static Map<String, byte[]> snapshot(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        out.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  private static void assertSnapshot(Map<String, byte[]> before, Map<String, byte[]> after) {
    assertEquals(before.keySet(), after.keySet());
    before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
  }
}
