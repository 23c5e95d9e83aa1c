package io.xgraph.learner.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files of the first learner (format v1) are refused with the fix, never read as current ones. */
class GraphFormatVersionTest {

  @TempDir Path dir;

  private Path header(String magic, int version, String runKey) throws IOException {
    Path f = dir.resolve(magic + version + ".bin");
    try (DataOutputStream out =
        new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(f)))) {
      out.writeUTF(magic);
      out.writeInt(version);
      out.writeUTF(runKey);
    }
    return f;
  }

  @Test
  void aFirstLearnerGraphFileIsRefusedNamingTheFix() throws IOException {
    Path old = header("XGRAPH-GRAPH", 1, "squeezenet");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GraphCodec.read(old));
    assertTrue(e.getMessage().contains(old.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("first learner"), e.getMessage());
    assertTrue(e.getMessage().contains("xgraph learn"), e.getMessage());
  }

  @Test
  void aFirstLearnerCheckpointBelongsToNoRun() throws IOException {
    // learn then re-learns the layer instead of resuming from the old rules' result
    assertEquals("", GraphCodec.readLayerRunKey(header("XGRAPH-LAYER", 1, "key")));
  }

  @Test
  void aFileOfAnotherKindIsNamed() throws IOException {
    Path other = header("SOMETHING", 2, "x");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GraphCodec.readLayerRunKey(other));
    assertTrue(e.getMessage().contains("SOMETHING"), e.getMessage());
  }
}
