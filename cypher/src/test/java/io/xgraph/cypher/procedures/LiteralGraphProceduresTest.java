package io.xgraph.cypher.procedures;

import static io.xgraph.cypher.testing.Harness.failure;
import static io.xgraph.cypher.testing.Harness.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.cypher.XgraphSettings;
import io.xgraph.cypher.testing.Harness;
import io.xgraph.cypher.testing.LiteralGraph;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.Provenance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.harness.Neo4j;

/** Every procedure on the hand-written graph of {@link LiteralGraph}: expected values by hand. */
class LiteralGraphProceduresTest {

  @TempDir static Path tmp;
  static Path imageRoot;
  static Neo4j neo4j;
  static GraphDatabaseService db;

  @BeforeAll
  static void start() throws Exception {
    imageRoot = Files.createDirectories(tmp.resolve("images"));
    Files.writeString(imageRoot.resolve("note.txt"), "not an image");
    Files.writeString(tmp.resolve("secret.jpg"), "outside the root");
    Files.createSymbolicLink(imageRoot.resolve("link.jpg"), tmp.resolve("secret.jpg"));
    neo4j =
        Harness.start(false, b -> b.withConfig(XgraphSettings.IMAGE_ROOT, imageRoot.toString()));
    db = neo4j.defaultDatabaseService();
    try (GraphStore store = GraphStores.embedded(db, "literal test", true)) {
      store.write(
          LiteralGraph.graph(), Provenance.of("hand-written").withProperty("producer", "test"));
    }
    rows(
        db,
        "MATCH (i:Image {id: 'a'}) SET i.path = 'birds/a.jpg', i.box = [100.0, 50.0, 448.0, 224.0]",
        Map.of());
  }

  @AfterAll
  static void stop() {
    neo4j.close();
  }

  private static List<Map<String, Object>> call(String cypher) {
    return rows(db, cypher, Map.of());
  }

  private static List<Object> column(List<Map<String, Object>> rows, String name) {
    return rows.stream().map(r -> r.get(name)).toList();
  }

  @Test
  void modelListShowsSizesAndProvenance() {
    List<Map<String, Object>> models = call("CALL xg.model.list()");
    assertEquals(1, models.size());
    Map<String, Object> m = models.get(0);
    assertEquals("literal", m.get("name"));
    assertEquals(1L, m.get("version"));
    assertEquals(6L, m.get("patternCount"));
    assertEquals(2L, m.get("parentCount"));
    assertEquals(4L, m.get("firingCount"));
    assertEquals(3L, m.get("trainingImageCount"));
    assertEquals(List.of("low", "high"), m.get("layers"));
    assertEquals("hand-written", m.get("dataset"));
    assertEquals(Map.of("producer", "test"), m.get("properties"));
    assertNull(m.get("onnxFile"));
  }

  @Test
  void layerListGivesGeometryLowestFirst() {
    List<Map<String, Object>> layers = call("CALL xg.layer.list('literal')");
    assertEquals(List.of("low", "high"), column(layers, "name"));
    // No graph named: the store's only graph.
    assertEquals(List.of("low", "high"), column(call("CALL xg.layer.list(null)"), "name"));
    assertEquals(List.of("low", "high"), column(call("CALL xg.layer.list('')"), "name"));
    assertEquals(List.of(4L, 2L), column(layers, "patternCount"));
    assertEquals(80.0, layers.get(0).get("receptiveField"));
    assertEquals(List.of(56.0, 112.0), column(layers, "stride"));
  }

  @Test
  void lookupFiltersOrdersAndPages() {
    assertEquals(
        List.of(2L, 0L, 1L, 3L),
        column(call("CALL xg.pattern.lookup('literal', {layer: 'low'})"), "id"));
    assertEquals(
        List.of(5L, 4L), column(call("CALL xg.pattern.lookup('literal', {layer: 1})"), "id"));
    assertEquals(
        List.of(2L, 3L),
        column(
            call("CALL xg.pattern.lookup('literal', {layer: 0, channel: 1, orderBy: 'id'})"),
            "id"));
    assertEquals(
        List.of(0L, 4L),
        column(
            call(
                "CALL xg.pattern.lookup('literal', {minScore: 1.5, maxScore: 2.0, orderBy: 'id'})"),
            "id"));
    assertEquals(
        List.of(0L, 2L, 4L),
        column(
            call(
                "CALL xg.pattern.lookup('literal', {minX: 0, maxX: 100, minY: 0, maxY: 100,"
                    + " orderBy: 'id', descending: false})"),
            "id"));
    assertEquals(
        List.of(3L, 2L),
        column(
            call(
                "CALL xg.pattern.lookup('literal', {orderBy: 'id', descending: true, limit: 2, skip: 2})"),
            "id"));
    assertEquals(
        List.of(0L, 1L, 2L, 3L, 4L, 5L),
        column(call("CALL xg.pattern.lookup('literal', {orderBy: 'channel'})"), "id"));
    // Every row tells how many patterns passed the filter: 6 > skip 2 + 2 rows, so more pages.
    assertEquals(
        List.of(6L, 6L),
        column(
            call("CALL xg.pattern.lookup('literal', {orderBy: 'id', limit: 2, skip: 2})"),
            "total"));
    assertEquals(
        List.of(2L, 2L), column(call("CALL xg.pattern.lookup('literal', {layer: 1})"), "total"));
    Map<String, Object> first = call("CALL xg.pattern.lookup('literal', {limit: 1})").get(0);
    assertEquals("literal:2", first.get("key"));
    assertEquals("low", first.get("layer"));
    assertEquals(1L, first.get("channel"));
    assertEquals(60.0, first.get("muX"));
    assertEquals(3.0, first.get("meanScore"));
    assertEquals(
        "literal:2",
        call("CALL xg.pattern.lookup('literal', {limit: 1}) YIELD node RETURN node.key AS k")
            .get(0)
            .get("k"));
  }

  @Test
  void nearSortsByDistanceWithinRadiusPerLayer() {
    List<Map<String, Object>> near = call("CALL xg.pattern.near('literal', 40, 40, {radius: 40})");
    assertEquals(List.of(0L, 2L, 4L), column(near, "id"));
    assertEquals(List.of(0L, 1L, 0L), column(near, "rank"));
    assertEquals(Math.hypot(10, 10), (Double) near.get(0).get("distance"), 1e-9);
    assertEquals(Math.hypot(20, 20), (Double) near.get(1).get("distance"), 1e-9);
    assertEquals(0.0, (Double) near.get(2).get("distance"), 1e-9);
    assertEquals(
        List.of(0L, 4L),
        column(
            call("CALL xg.pattern.near('literal', 40, 40, {radius: 40, limitPerLayer: 1})"), "id"));
    assertEquals(
        List.of(2L),
        column(call("CALL xg.pattern.near('literal', 40, 40, {radius: 40, minScore: 2.5})"), "id"));
    assertEquals(
        List.of(4L),
        column(call("CALL xg.pattern.near('literal', 40, 40, {radius: 40, layer: 'high'})"), "id"));
  }

  @Test
  void topImagesGivePositionsAndBoxes() {
    List<Map<String, Object>> top = call("CALL xg.pattern.topImages('literal:0', 2)");
    assertEquals(List.of("a", "b"), column(top, "imageId"));
    assertEquals(List.of(5.0, 4.0), column(top, "score"));
    // Receptive field 80 centred at (20, 210), clipped to [0, 224]: x 0..60, y 170..224.
    assertEquals(List.of(0.0, 170.0, 60.0, 54.0), top.get(0).get("cropBox"));
    // Object box [100, 50, 448, 224] stretched to 224: x scale 2, y scale 1.
    assertEquals(List.of(100.0, 220.0, 120.0, 54.0), top.get(0).get("originalBox"));
    assertEquals("birds/a.jpg", top.get(0).get("path"));
    assertNull(top.get(1).get("originalBox"));
    assertNull(top.get(1).get("path"));
    assertEquals(List.of(60.0, 60.0, 80.0, 80.0), top.get(1).get("cropBox"));
    assertEquals(3, call("CALL xg.pattern.topImages('literal:0')").size());
    assertEquals(
        List.of("a"),
        column(call("CALL xg.pattern.topImages('literal:0', 10, {minScore: 4.5})"), "imageId"));
    assertEquals(0, call("CALL xg.pattern.topImages('literal:3', 5)").size());
  }

  @Test
  void badArgumentsNameTheKeyTheValueAndTheFix() {
    String unknownKey = failure(db, "CALL xg.pattern.lookup('literal', {limt: 5})", Map.of());
    assertTrue(unknownKey.contains("Unknown configuration key `limt`"), unknownKey);
    assertTrue(unknownKey.contains("Did you mean `limit`?"), unknownKey);

    String bigLimit =
        failure(db, "CALL xg.pattern.lookup('literal', {limit: 1000000000})", Map.of());
    assertTrue(
        bigLimit.contains(
            "Value for `limit` was `1000000000`, but must be within the range [1, 10000]"),
        bigLimit);

    String wrongType = failure(db, "CALL xg.pattern.lookup('literal', {channel: 'one'})", Map.of());
    assertTrue(
        wrongType.contains("Value for `channel` was `one`, but must be an integer"), wrongType);

    String order = failure(db, "CALL xg.pattern.lookup('literal', {orderBy: 'scor'})", Map.of());
    assertTrue(order.contains("must be one of [channel, id, score]"), order);
    assertTrue(order.contains("Did you mean `score`?"), order);

    String layer = failure(db, "CALL xg.pattern.lookup('literal', {layer: 'hihg'})", Map.of());
    assertTrue(layer.contains("has the layers [low, high]"), layer);
    assertTrue(layer.contains("Did you mean `high`?"), layer);
    String layerIndex = failure(db, "CALL xg.pattern.near('literal', 1, 1, {layer: 7})", Map.of());
    assertTrue(
        layerIndex.contains("Value for `layer` was `7`, but must be within the range [0, 1]"),
        layerIndex);

    String model = failure(db, "CALL xg.layer.list('nope')", Map.of());
    assertTrue(model.contains("Model `nope` does not exist; stored models: [literal]"), model);

    String pattern = failure(db, "CALL xg.pattern.topImages('literal:99', 3)", Map.of());
    assertTrue(pattern.contains("Pattern `literal:99` does not exist"), pattern);
    assertTrue(pattern.contains("xg.pattern.lookup('literal')"), pattern);
    String badKey = failure(db, "CALL xg.pattern.topImages('bogus', 3)", Map.of());
    assertTrue(badKey.contains("keys look like '<model>:<id>'"), badKey);

    String negativeK = failure(db, "CALL xg.pattern.topImages('literal:0', -1)", Map.of());
    assertTrue(
        negativeK.contains("Argument `k` was `-1`, but must be within the range [1, 1000]"),
        negativeK);
    String hugeK = failure(db, "CALL xg.pattern.topImages('literal:0', 1000000000)", Map.of());
    assertTrue(hugeK.contains("Argument `k` was `1000000000`"), hugeK);
    String stringK = failure(db, "CALL xg.pattern.topImages('literal:0', 'ten')", Map.of());
    assertTrue(stringK.contains("Type mismatch") || stringK.contains("Expected"), stringK);

    String x = failure(db, "CALL xg.pattern.near('literal', -5, 10)", Map.of());
    assertTrue(
        x.contains("Argument `x` was `-5.0`, but must be a number within the range [0, 224]"), x);

    String region =
        failure(db, "CALL xg.pattern.lookup('literal', {minX: 100, maxX: 50})", Map.of());
    assertTrue(region.contains("each minimum must not exceed its maximum"), region);

    String listKey = failure(db, "CALL xg.model.list({verbose: true})", Map.of());
    assertTrue(listKey.contains("Unknown configuration key `verbose`"), listKey);
  }

  @Test
  void imagePathsOutsideTheRootAreRefused() {
    String dotdot = failure(db, "CALL xg.image.infer('literal', '../secret.jpg')", Map.of());
    assertTrue(dotdot.contains("leads outside the folder of `server.xgraph.image_root`"), dotdot);
    String absolute =
        failure(
            db,
            "CALL xg.image.infer('literal', $p)",
            Map.of("p", tmp.resolve("secret.jpg").toString()));
    assertTrue(absolute.contains("leads outside the folder"), absolute);
    String link = failure(db, "CALL xg.image.infer('literal', 'link.jpg')", Map.of());
    assertTrue(link.contains("leads outside the folder"), link);
    assertEquals(
        "Image `none.jpg` is neither a stored Image (by id or path) nor a file under"
            + " `server.xgraph.image_root` ("
            + realRoot()
            + "); give a stored Image's id or a path relative to that folder.",
        failure(db, "CALL xg.image.infer('literal', 'none.jpg')", Map.of()));
    // Image `a` is stored with path birds/a.jpg, which is not under the image root.
    assertEquals(
        "Image `a` is stored with path `birds/a.jpg`, which is not a file under"
            + " `server.xgraph.image_root` ("
            + realRoot()
            + "); point `server.xgraph.image_root` at the dataset folder the stored Image paths"
            + " are relative to.",
        failure(db, "CALL xg.image.infer('literal', 'a')", Map.of()));
    assertEquals(
        "Both `box` and `wholeImage: true` were given (in the configuration of xg.image.infer);"
            + " give the object box, or wholeImage: true to use the whole image, not both.",
        failure(
            db,
            "CALL xg.image.infer('literal', 'a', {box: [0, 0, 9, 9], wholeImage: true})",
            Map.of()));
  }

  private static Path realRoot() {
    try {
      return imageRoot.toRealPath();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void positionFunctionReadsTheStoredFiring() {
    assertEquals(
        Map.of("x", 20.0, "y", 210.0, "score", 5.0, "fired", true, "source", "FIRES_ON"),
        call("RETURN xg.pattern.position('literal:0', 'a') AS p").get(0).get("p"));
    assertNull(call("RETURN xg.pattern.position('literal:2', 'a') AS p").get(0).get("p"));
    assertNull(call("RETURN xg.pattern.position('literal:0', 'zzz') AS p").get(0).get("p"));
    assertEquals(
        List.of(4.0),
        column(
            call(
                "MATCH (i:Image {id: 'b'}) RETURN xg.pattern.position('literal:0', i.id).score AS s"),
            "s"));
    String bad = failure(db, "RETURN xg.pattern.position('literal:99', 'a')", Map.of());
    assertTrue(bad.startsWith("Pattern `literal:99` does not exist"), bad);
  }

  @Test
  void helpListsEveryProcedureAndFunction() {
    List<Map<String, Object>> help = call("CALL xg.help()");
    List<Object> names = column(help, "name");
    assertEquals(names.stream().sorted().toList(), names);
    assertTrue(
        names.containsAll(List.of("xg.help", "xg.image.infer", "xg.version")), names.toString());
    long shown = 0;
    for (String show : List.of("SHOW PROCEDURES", "SHOW FUNCTIONS")) {
      shown += call(show + " YIELD name WHERE name STARTS WITH 'xg.' RETURN name").size();
    }
    assertEquals(shown, (long) help.size());
    Map<String, Object> position =
        call("CALL xg.help('position')").stream()
            .filter(r -> "xg.pattern.position".equals(r.get("name")))
            .findFirst()
            .orElseThrow();
    assertEquals("function", position.get("kind"));
    assertTrue(
        ((String) position.get("signature")).startsWith("xg.pattern.position(patternKey :: STRING"),
        position.toString());
    assertEquals(List.of("xg.version"), column(call("CALL xg.help('version')"), "name"));
  }

  @Test
  void inferNeedsTheModelFileProperties() {
    String noFile = failure(db, "CALL xg.image.infer('literal', 'note.txt')", Map.of());
    assertTrue(noFile.contains("Model `literal` has no `onnxFile` property"), noFile);
    String box =
        failure(db, "CALL xg.image.infer('literal', 'note.txt', {box: [1, 2, 3]})", Map.of());
    assertTrue(
        box.contains("Value for `box` was `[1, 2, 3]`, but must be a list of 4 numbers"), box);
    String unknown =
        failure(db, "CALL xg.image.infer('literal', 'note.txt', {onlyfired: false})", Map.of());
    assertTrue(unknown.contains("Did you mean `onlyFired`?"), unknown);
  }

  /** Regenerate with -Dxgraph.updateGolden=true (writes the file, then the test passes). */
  static final Path GOLDEN = Path.of("src/test/resources/xg-procedures.golden.txt");

  @Test
  void versionNamesTheBuildAndTheStoreSchema() {
    String v = (String) call("RETURN xg.version() AS v").get(0).get("v");
    assertTrue(v.matches("xgraph \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(store schema \\d+\\)"), v);
    assertTrue(v.endsWith("(store schema " + io.xgraph.store.GraphStore.SCHEMA_VERSION + ")"), v);
  }

  @Test
  void signaturesMatchTheGoldenFile() throws Exception {
    StringBuilder sb = new StringBuilder();
    List<Map<String, Object>> all = new java.util.ArrayList<>();
    for (String show : List.of("SHOW PROCEDURES", "SHOW FUNCTIONS")) {
      all.addAll(
          call(
              show
                  + " YIELD name, signature, description WHERE name STARTS WITH 'xg.'"
                  + " RETURN name, signature, description ORDER BY name"));
    }
    for (Map<String, Object> r : all) {
      sb.append(r.get("name"))
          .append('\n')
          .append("  signature: ")
          .append(r.get("signature"))
          .append('\n')
          .append("  description: ")
          .append(r.get("description"))
          .append('\n');
    }
    String actual = sb.toString();
    if (Boolean.getBoolean("xgraph.updateGolden")) {
      Files.writeString(GOLDEN, actual);
    }
    assertEquals(
        Files.readString(GOLDEN),
        actual,
        "Procedure signatures changed; if intended, regenerate "
            + GOLDEN
            + " with -Dxgraph.updateGolden=true and review the diff");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyProcedureArgumentAndFieldIsDescribed() {
    List<Map<String, Object>> procs =
        call(
            "SHOW PROCEDURES YIELD name, description, mode, argumentDescription, returnDescription"
                + " WHERE name STARTS WITH 'xg.' RETURN *");
    assertEquals(
        List.of(
            "xg.filter.shared",
            "xg.help",
            "xg.image.infer",
            "xg.image.inferAndStore",
            "xg.layer.list",
            "xg.model.compare",
            "xg.model.list",
            "xg.part.learn",
            "xg.part.list",
            "xg.part.localize",
            "xg.pattern.counterparts",
            "xg.pattern.lookup",
            "xg.pattern.near",
            "xg.pattern.patch",
            "xg.pattern.similar",
            "xg.pattern.topImages"),
        procs.stream().map(p -> (String) p.get("name")).sorted().toList());
    for (Map<String, Object> p : procs) {
      String name = (String) p.get("name");
      String d = (String) p.get("description");
      assertTrue(d.endsWith(".") && d.split("\\. ").length == 1, name + ": one sentence: " + d);
      assertEquals(
          Set.of("xg.image.inferAndStore", "xg.part.learn").contains(name) ? "WRITE" : "READ",
          p.get("mode"),
          name);
      List<Map<String, Object>> args = (List<Map<String, Object>>) p.get("argumentDescription");
      if (name.equals("xg.help")) {
        assertEquals("search", args.get(0).get("name"));
        continue;
      }
      assertEquals("configuration", args.get(args.size() - 1).get("name"), name);
      assertEquals(
          "{}",
          String.valueOf(args.get(args.size() - 1).get("default"))
              .replace("DefaultParameterValue{value={}, type=MAP}", "{}"),
          name);
      for (Map<String, Object> a : args) {
        String ad = (String) a.get("description");
        assertTrue(ad != null && ad.length() > 15 && !ad.contains(" :: "), name + " " + a);
      }
      for (Map<String, Object> f : (List<Map<String, Object>>) p.get("returnDescription")) {
        String fd = (String) f.get("description");
        assertTrue(fd != null && fd.length() > 4 && !fd.contains(" :: "), name + " " + f);
      }
    }
  }
}
