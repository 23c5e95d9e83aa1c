package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.internal.CypherGraphStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xgraph part labels} on a reduced real run (the first 40 CUB birds through SqueezeNet's
 * fire7 and fire9, 3 EM iterations): the table with its controls, the TRACKS written to a real
 * embedded store and replaced on a second run, and the refusals.
 */
class PartLabelsCommandTest {

  @TempDir static Path dir;

  static Path features;
  static Path graph;
  static Path store;

  @BeforeAll
  static void reducedRunInAStore() {
    ReducedRun.Stored run = ReducedRun.inAStore(dir);
    features = run.features();
    graph = run.graph();
    store = run.store();
  }

  private static CliRun labels(String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "part",
                "labels",
                "--features",
                features.toString(),
                "--graph",
                graph.toString(),
                "--min-firings",
                "5"));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void labelsAreMeasuredAgainstControlsAndStoredAsTracks() {
    CliRun run = labels("--store", store.toString(), "--part", "beak");
    assertEquals(0, run.code(), run.out());
    String out = run.out();
    assertTrue(out.contains("Part purity (the journal's protocol)"), out);
    assertTrue(out.contains("All firings (the rule of the TRACKS labels"), out);
    for (String layer : List.of("fire7/concat_1", "fire9/concat_1")) {
      assertTrue(
          Pattern.compile("(?m)^" + layer + " +[0-9.]+px +\\d+/\\d+ = ").matcher(out).find(), out);
    }
    long labels = number(out, "(\\d+) part labels");
    long written = number(out, "(\\d+) TRACKS written for graph `squeezenet1.1-fp16`");
    assertTrue(labels > 0, "a real graph tracks some part: " + out);
    assertEquals(labels, written);
    assertEquals(written, storedTracks());

    // a second run replaces the labels instead of adding to them
    CliRun again = labels("--store", store.toString());
    assertEquals(0, again.code(), again.out());
    assertEquals(written, storedTracks());
    try (GraphStore s = GraphStores.openExistingEmbedded(store)) {
      List<Map<String, Object>> rows =
          ((CypherGraphStore) s)
              .session()
              .read(
                  tx ->
                      tx.list(
                          "MATCH (p:Pattern)-[t:TRACKS]->(s:SemanticPart)"
                              + " RETURN min(t.share) AS share, min(t.firings) AS firings,"
                              + " count(DISTINCT s) AS parts, collect(DISTINCT s.key)[0] AS key,"
                              + " min(t.minShare) AS minShare",
                          Map.of()));
      Map<String, Object> r = rows.get(0);
      assertTrue(((Number) r.get("share")).doubleValue() >= 0.5, r.toString());
      assertTrue(((Number) r.get("firings")).longValue() >= 5, r.toString());
      assertEquals(0.5, ((Number) r.get("minShare")).doubleValue());
      assertTrue(((String) r.get("key")).startsWith("cub200:"), r.toString());
    }
  }

  private static long storedTracks() {
    try (GraphStore s = GraphStores.openExistingEmbedded(store)) {
      return ((CypherGraphStore) s)
          .session()
          .read(
              tx ->
                  tx.count(
                      "MATCH (:Pattern {graph: 'squeezenet1.1-fp16'})-[t:TRACKS]->(:SemanticPart)"
                          + " RETURN count(t) AS n",
                      Map.of()));
    }
  }

  /**
   * The purity comparison on the real reduced run: a row per layer with the raw filters, the
   * strongest patterns (one per filter of the layer) and their controls; judged on all firings, its
   * "graph, all" cell is the all-firings table's graph cell (two code paths, one answer).
   */
  @Test
  void purityIsComparedOnTopImagesAndOnAllFirings() {
    CliRun top = labels("--top-k", "5");
    assertEquals(0, top.code(), top.out());
    assertTrue(top.out().contains("each detector judged on its 5 strongest of "), top.out());
    for (String layer : List.of("fire7/concat_1", "fire9/concat_1")) {
      int filters = layer.startsWith("fire7") ? 384 : 512;
      Matcher m =
          Pattern.compile(
                  "(?m)^"
                      + layer
                      + " +[0-9.]+px +(\\d+)/(\\d+) = [0-9.]+ +(\\d+)/(\\d+) = [0-9.]+ +\\d+/\\d+"
                      + " = [0-9.]+ +\\d+/\\d+ = [0-9.]+ +\\d+/\\d+ = [0-9.]+ *\\R +shuffled kp")
              .matcher(top.out());
      assertTrue(m.find(), layer + " row missing in\n" + top.out());
      long rawRated = Long.parseLong(m.group(2));
      long strongestRated = Long.parseLong(m.group(4));
      assertTrue(rawRated > 0 && rawRated <= filters, layer + ": " + m.group());
      assertTrue(strongestRated > 0 && strongestRated <= filters, layer + ": " + m.group());
    }

    CliRun all = labels("--judge", "firings");
    assertEquals(0, all.code(), all.out());
    for (String layer : List.of("fire7/concat_1", "fire9/concat_1")) {
      Matcher rows = Pattern.compile("(?m)^" + layer + " +[0-9.]+px +(.*)$").matcher(all.out());
      assertTrue(rows.find(), all.out());
      List<String> comparison = cells(rows.group(1));
      assertTrue(rows.find(), all.out());
      List<String> labelsTable = cells(rows.group(1));
      assertEquals(5, comparison.size(), rows.group());
      assertEquals(labelsTable.get(0), comparison.get(4), all.out());
    }
  }

  @Test
  void badInputIsRefusedWithTheFix() throws IOException {
    String err = stderrOf(() -> assertNotEquals(0, labels("--part", "wing").code()));
    assertTrue(err.contains("Unknown part `wing`: the CUB parts are back, beak, belly"), err);
    err = stderrOf(() -> assertNotEquals(0, labels("--judge", "best").code()));
    assertTrue(err.contains("Unknown --judge `best`: use top-k"), err);
    err = stderrOf(() -> assertNotEquals(0, labels("--top-k", "1").code()));
    assertTrue(err.contains("--top-k was 1"), err);

    Path empty = dir.resolve("empty-store");
    GraphStores.openEmbedded(empty).close();
    err = stderrOf(() -> assertNotEquals(0, labels("--store", empty.toString()).code()));
    assertTrue(err.contains("Graph `squeezenet1.1-fp16` is not in the store"), err);
  }

  /** A dataset without part annotations: the labels are skipped with a note, nothing fails. */
  @Test
  void aDatasetWithoutPartsIsSkippedWithANote() throws IOException {
    Path shared = Path.of(PartEvalCommandTest.data());
    Path plain = Files.createDirectories(dir.resolve("photos"));
    try (var birds = Files.walk(shared.resolve("cub200-dev/images"))) {
      List<Path> two = birds.filter(f -> f.toString().endsWith(".jpg")).sorted().limit(2).toList();
      for (int k = 0; k < two.size(); k++) {
        Files.copy(two.get(k), plain.resolve("photo" + k + ".jpg"));
      }
    }
    Path plainFeatures = dir.resolve("plain-features");
    assertEquals(
        0,
        Main.execute(
            "ingest",
            "--data",
            shared.toString(),
            "--dataset",
            plain.toString(),
            "--layers",
            "fire9/concat_1",
            "--out",
            plainFeatures.toString()));
    CliRun run =
        CliRun.of(
            "part",
            "labels",
            "--features",
            plainFeatures.toString(),
            "--graph",
            graph.toString(),
            "--store",
            store.toString());
    assertEquals(0, run.code(), run.out());
    assertTrue(run.out().contains("Part labels skipped: the images of "), run.out());
    assertTrue(run.out().contains("carry no part annotations"), run.out());
  }

  /** The "tracking/rated = purity" cells of a table row, in order. */
  private static List<String> cells(String row) {
    Matcher m = Pattern.compile("\\d+/\\d+ = [0-9.]+").matcher(row);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  private static long number(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    assertTrue(m.find(), regex + " missing in\n" + out);
    return Long.parseLong(m.group(1));
  }

  private static String stderrOf(Runnable r) {
    PrintStream old = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
