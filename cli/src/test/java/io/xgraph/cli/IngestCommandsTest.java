package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.store.FeatureStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layers / ingest commands on the shared data: output, exit codes of user mistakes. */
class IngestCommandsTest {

  @TempDir Path tmp;

  private static String data() {
    return System.getProperty("xgraph.data");
  }

  private static String capture(Runnable r) {
    PrintStream old = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true));
    try {
      r.run();
    } finally {
      System.setOut(old);
    }
    return bytes.toString();
  }

  @Test
  void layersPrintsGeometryOfTheDefaultLayers() {
    String out =
        capture(() -> assertEquals(0, Main.execute("layers", "squeezenet", "--data", data())));
    assertTrue(out.contains("fire9/concat_1"), out);
    assertTrue(
        out.lines()
            .anyMatch(l -> l.startsWith("fire5/concat_1") && l.contains(" 8 ") && l.contains("63")),
        out);
  }

  /** ResNet-50's three default layers, with the geometry GeometryTest derives by hand. */
  @Test
  void layersListsResNetDefaults() {
    String out =
        capture(() -> assertEquals(0, Main.execute("layers", "resnet50", "--data", data())));
    assertTrue(out.contains("(resnet50, preprocessing caffe-bgr-resnet)"), out);
    java.util.List<String> defaults =
        out.lines()
            .filter(l -> l.endsWith("*default"))
            .map(l -> l.replaceAll("\\s+", " "))
            .toList();
    assertEquals(
        java.util.List.of(
            "res3d Add 512x28x28 8 0 99 itself *default",
            "res4f Add 1024x14x14 16 0 291 itself *default",
            "res5c Add 2048x7x7 32 0 483 itself *default"),
        defaults);
  }

  @Test
  void userMistakesExitWithCode2() {
    assertEquals(Main.EXIT_USAGE, Main.execute("layers", tmp.resolve("none.onnx").toString()));
    assertEquals(
        Main.EXIT_USAGE,
        Main.execute(
            "ingest",
            "--data",
            data(),
            "--layers",
            "fire5/concat_1,nope",
            "--limit",
            "1",
            "--out",
            tmp.resolve("s").toString()));
    assertEquals(
        Main.EXIT_USAGE,
        Main.execute(
            "ingest", "--data", data(), "--split", "val", "--out", tmp.resolve("t").toString()));
  }

  @Test
  void ingestsTwoBirds() {
    Path out = tmp.resolve("store");
    String text =
        capture(
            () ->
                assertEquals(
                    0,
                    Main.execute(
                        "ingest",
                        "--data",
                        data(),
                        "--model",
                        "squeezenet",
                        "--layers",
                        "fire8/concat_1,fire9/concat_1",
                        "--limit",
                        "2",
                        "--split",
                        "test",
                        "--out",
                        out.toString())));
    assertTrue(text.contains("2 images"), text);
    FeatureStore store = FeatureStore.open(out);
    assertEquals(2, store.images().size());
    assertEquals("test", store.images().get(0).split());
  }

  /** The bench table names both ratio definitions and both ingest designs (figures not checked). */
  @Test
  void benchIngestWritesTheTable() throws Exception {
    Path table = tmp.resolve("bench.txt");
    String text =
        capture(
            () ->
                assertEquals(
                    0,
                    Main.execute(
                        "bench",
                        "ingest",
                        "--data",
                        data(),
                        "--limit",
                        "3",
                        "--repeat",
                        "1",
                        "--layers",
                        "fire9/concat_1",
                        "--out",
                        table.toString(),
                        "--work",
                        tmp.resolve("work").toString())));
    String written = java.nio.file.Files.readString(table);
    assertTrue(text.contains(written), text);
    for (String row :
        java.util.List.of(
            "bare forward, object + negative crops",
            "ingest, one pass",
            "ingest, two passes",
            "same CNN work",
            "per bird",
            "KB per image",
            "peak heap")) {
      assertTrue(written.contains(row), row + " missing in\n" + written);
    }
  }
}
