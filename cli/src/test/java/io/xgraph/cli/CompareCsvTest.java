package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xgraph compare --csv} on a reduced real run (12 CUB birds through SqueezeNet's fire9, a
 * 1-iteration graph) against its own shuffled-positions control: the four files are written, every
 * row has as many cells as its header names, and the rows say what the comparison printed.
 */
class CompareCsvTest {

  @TempDir Path dir;

  @Test
  void theFourCsvFilesHaveTheirHeadersColumnsInEveryRow() throws Exception {
    Path features = dir.resolve("features");
    Path graph = dir.resolve("graph.xg");
    ReducedRun.ingest(features, 12, "fire9/concat_1");
    ReducedRun.learn(features, 1, graph);
    Path csv = dir.resolve("csv");
    CliRun run =
        CliRun.of(
            "compare",
            "--features-a",
            features.toString(),
            "--graph-a",
            graph.toString(),
            "--features-b",
            features.toString(),
            "--graph-b",
            graph.toString(),
            "--shuffle-b",
            "7",
            "--name-a",
            "sq",
            "--name-b",
            "sq-shuffled",
            "--csv",
            csv.toString());
    assertEquals(0, run.code(), run.out());
    for (String name : List.of("layer-pairs.csv", "models.csv", "parts.csv", "matches.csv")) {
      List<String> lines = Files.readAllLines(csv.resolve(name));
      assertTrue(lines.size() >= 1, name + " has a header");
      int columns = lines.get(0).split(",", -1).length;
      for (String line : lines.subList(1, lines.size())) {
        assertEquals(columns, line.split(",", -1).length, name + ": " + line);
      }
    }
    List<String> models = Files.readAllLines(csv.resolve("models.csv"));
    assertEquals(3, models.size(), "a header and one row per model: " + models);
    assertTrue(models.get(1).startsWith("sq,"), models.get(1));
    assertTrue(models.get(2).startsWith("sq-shuffled,"), models.get(2));
    List<String> pairs = Files.readAllLines(csv.resolve("layer-pairs.csv"));
    assertEquals(2, pairs.size(), "one layer pair: " + pairs);
    assertTrue(
        pairs.get(1).startsWith("sq,sq-shuffled,fire9/concat_1,fire9/concat_1,8704,8704,"),
        pairs.get(1));
  }
}
