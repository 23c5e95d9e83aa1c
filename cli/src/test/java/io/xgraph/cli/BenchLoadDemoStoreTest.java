package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example {@code bench load --help} gives works (issue 25): on the store {@code xgraph demo}
 * writes, whose training Image nodes carry paths relative to the CUB folder, the benchmark used to
 * fail at once ("The image `images/...` does not exist under `server.xgraph.image_root`"), because
 * its head was learned with the store's training images as unannotated evidence while the image
 * root is the benchmark's scratch folder. A reduced demo (30 birds, one layer, one EM iteration)
 * and two seconds of two clients: only that it runs without an error is asserted, no figure.
 */
class BenchLoadDemoStoreTest {

  @TempDir Path tmp;

  @Test
  void benchLoadRunsOnTheDemoStore() throws Exception {
    Path work = tmp.resolve("demo");
    CliRun demo =
        CliRun.of(
            "demo",
            "--data",
            PartEvalCommandTest.data(),
            "--work",
            work.toString(),
            "--limit",
            "30",
            "--layers",
            "fire9/concat_1",
            "--iterations",
            "1",
            "--no-mirrored");
    assertEquals(0, demo.code(), demo.out());
    Path out = tmp.resolve("bench-load.txt");
    CliRun load =
        CliRun.of(
            "bench",
            "load",
            "--data",
            PartEvalCommandTest.data(),
            "--store",
            work.resolve("store").toString(),
            "--work",
            tmp.resolve("bench").toString(),
            "--seconds",
            "2",
            "--clients",
            "2",
            "--out",
            out.toString());
    assertEquals(0, load.code(), load.out());
    String table = Files.readString(out);
    assertTrue(table.contains("\nerrors: 0\n"), table);
    assertTrue(table.contains("RESULT: OK"), table);
  }
}
