package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.store.GraphStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xgraph part learn/localize/list}: the annotation file format and one-line user errors
 * (exit code 2) coming from the procedures. The procedures themselves are tested in cypher
 * (PartProceduresTest) on a real bird graph.
 */
class PartCommandsTest {

  @TempDir Path tmp;

  private static String stderrOf(Runnable r) {
    PrintStream old = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return bytes.toString();
  }

  @Test
  void annotationFilesAreCsvOrTsvWithOptionalHeaderAndComments() throws Exception {
    Path f = tmp.resolve("head.csv");
    Files.writeString(
        f, "image,x,y\n# forehead of three birds\n12,301,118.5\n\n" + "images/a, b.jpg\t140\t96\n");
    List<Map<String, Object>> rows = PartLearnCommand.readAnnotations(f);
    assertEquals(
        List.of(
            Map.of("image", "12", "x", 301.0, "y", 118.5),
            Map.of("image", "images/a, b.jpg", "x", 140.0, "y", 96.0)),
        rows);

    Files.writeString(f, "12,301\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PartLearnCommand.readAnnotations(f));
    assertTrue(e.getMessage().contains("Line 1 of `" + f + "` has 2 fields"), e.getMessage());
    Files.writeString(f, "12,left,118\n");
    e = assertThrows(IllegalArgumentException.class, () -> PartLearnCommand.readAnnotations(f));
    assertTrue(e.getMessage().contains("give numbers"), e.getMessage());
  }

  @Test
  void procedureErrorsAreOneLineUserErrors() throws Exception {
    Path store = tmp.resolve("store");
    // An empty store: the part commands refuse a missing one before any procedure runs.
    GraphStores.openEmbedded(store).close();
    Path ann = tmp.resolve("a.csv");
    Files.writeString(ann, "12,301,118\n");
    String data = System.getProperty("xgraph.data");
    String[] err = new String[1];
    err[0] =
        stderrOf(
            () ->
                assertEquals(
                    Main.EXIT_USAGE,
                    Main.execute(
                        "part",
                        "learn",
                        "--store",
                        store.toString(),
                        "--data",
                        data,
                        "--model",
                        "nosuch",
                        "--part",
                        "head",
                        "--annotations",
                        ann.toString())));
    assertTrue(
        err[0].startsWith("xgraph part learn: Model `nosuch` does not exist; stored models: none"),
        err[0]);
    assertEquals(2, err[0].lines().count(), "one line and the --verbose hint: " + err[0]);
  }
}
