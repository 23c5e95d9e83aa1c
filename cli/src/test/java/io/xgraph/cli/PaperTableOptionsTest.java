package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** table1 refuses what it cannot measure before any ingest, naming the option and the fix. */
class PaperTableOptionsTest {

  @TempDir Path tmp;

  private String refusal(String... args) {
    String line = OptionsBeforeWorkTest.refusal(args);
    assertFalse(Files.exists(tmp.resolve("work")), "nothing created before the refusal");
    return line;
  }

  @Test
  void anOwnOrUnknownModelIsRefusedWithTheDemoAsTheWayOut() {
    String work = tmp.resolve("work").toString();
    String expected =
        "xgraph table1: Value for `--models` was `%s`, but table1 measures the known models"
            + " [squeezenet, mobilenet, resnet50], whose default layers, preprocessing and node"
            + " densities are known; for your own ONNX file run `xgraph demo --model FILE --layers"
            + " ... --preprocess ...`";
    assertEquals(
        String.format(expected, "alexnet"),
        refusal("table1", "--models", "squeezenet,alexnet", "--work", work));
    assertEquals(
        String.format(expected, "my.onnx"),
        refusal("table1", "--models", "my.onnx", "--work", work));
  }

  @Test
  void badNumbersAreRefusedFirst() {
    assertEquals(
        "xgraph table1: Value for `--iterations` was `0`, but must be >= 1 (EM iterations per"
            + " layer; the paper uses 20)",
        refusal("table1", "--iterations", "0", "--work", tmp.resolve("work").toString()));
  }
}
