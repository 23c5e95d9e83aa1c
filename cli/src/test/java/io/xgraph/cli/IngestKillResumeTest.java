package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.store.FeatureStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xgraph ingest} killed with {@code kill -9} (a child JVM) while it writes maps: the store
 * stays readable at its last commit, and the rerun of the same command completes it to the store of
 * an uninterrupted run, byte for byte; {@code xgraph check} finds it sound.
 */
class IngestKillResumeTest {

  private static final int BIRDS = 20;

  @TempDir Path tmp;

  private static List<String> ingestArgs(Path out) {
    return List.of(
        "ingest",
        "--data",
        System.getProperty("xgraph.data"),
        "--layers",
        "fire8/concat_1,fire9/concat_1",
        "--limit",
        Integer.toString(BIRDS),
        "--threads",
        "1",
        "--out",
        out.toString());
  }

  @Test
  void aKilledIngestResumesToTheStoreOfAnUninterruptedRun() throws Exception {
    Path reference = tmp.resolve("reference");
    assertEquals(0, Main.execute(ingestArgs(reference).toArray(String[]::new)));

    Path out = tmp.resolve("killed");
    Process child = ChildXgraph.start(ingestArgs(out), tmp.resolve("child.log"));
    Path layer = out.resolve("layer-0.f16");
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (child.isAlive()
          && System.nanoTime() < deadline
          && !(Files.exists(layer) && Files.size(layer) > 0)) {
        Thread.sleep(5);
      }
      assertTrue(
          child.isAlive(),
          "the child was still ingesting: " + Files.readString(tmp.resolve("child.log")));
    } finally {
      child.destroyForcibly(); // SIGKILL
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    assertFalse(Files.exists(out.resolve("negative-sigma.f32")), "killed before the end");
    int committed = FeatureStore.open(out).images().size(); // readable after the kill
    assertTrue(committed < BIRDS, "committed " + committed);

    assertEquals(0, Main.execute(ingestArgs(out).toArray(String[]::new)));
    for (String f : List.of("layer-0.f16", "layer-1.f16", "negative-sigma.f32")) {
      assertArrayEquals(
          Files.readAllBytes(reference.resolve(f)), Files.readAllBytes(out.resolve(f)), f);
    }
    assertEquals(BIRDS, FeatureStore.open(out).images().size());
    assertEquals(0, Main.execute("check", "--features", out.toString()));
  }
}
