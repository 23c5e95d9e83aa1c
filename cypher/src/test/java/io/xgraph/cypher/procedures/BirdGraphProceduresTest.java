package io.xgraph.cypher.procedures;

import static io.xgraph.cypher.testing.Harness.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.cypher.testing.BirdFixture;
import io.xgraph.ingest.store.StoredImage;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.em.InferenceResult;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.harness.Neo4j;

/**
 * Every procedure on a graph learned from real birds (see {@link BirdFixture} for what is reduced),
 * checked against the learned graph itself; ends with calls over Bolt with the Java Driver, as a
 * downstream application makes them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BirdGraphProceduresTest {

  static BirdFixture bird;
  static ExplanatoryGraph graph;
  static String model;
  static Neo4j neo4j;
  static GraphDatabaseService db;

  @BeforeAll
  static void start() {
    bird = BirdFixture.get();
    graph = bird.graph;
    model = graph.modelName();
    neo4j = bird.startServer(true);
    db = neo4j.defaultDatabaseService();
  }

  @AfterAll
  static void stop() {
    if (neo4j != null) {
      neo4j.close();
    }
  }

  /** The rows of one query over Bolt. */
  private static List<Record> bolt(Session session, String cypher, Map<String, Object> params) {
    return session.run(cypher, params).list();
  }

  private static List<Map<String, Object>> call(String cypher, Map<String, Object> params) {
    return rows(db, cypher, params);
  }

  @Test
  @Order(1)
  void modelAndLayersMatchTheGraph() {
    Map<String, Object> m = call("CALL xg.model.list()", Map.of()).get(0);
    assertEquals(model, m.get("name"));
    assertEquals((long) graph.patternCount(), m.get("patternCount"));
    assertEquals(graph.edgeCount(), m.get("parentCount"));
    assertEquals(BirdFixture.ONNX_FILE, m.get("onnxFile"));
    assertEquals("caffe-bgr", m.get("preprocessing"));
    assertEquals(graph.modelSha256(), m.get("onnxSha256"));
    List<Map<String, Object>> layers = call("CALL xg.layer.list($m)", Map.of("m", model));
    assertEquals(
        graph.layers().stream().map(l -> l.geometry().name()).toList(),
        layers.stream().map(r -> r.get("name")).toList());
    for (int l = 0; l < layers.size(); l++) {
      assertEquals(
          (long) graph.layers().get(l).patterns().size(), layers.get(l).get("patternCount"));
    }
  }

  @Test
  @Order(2)
  void lookupByLayerReturnsExactlyTheLayersPatterns() {
    for (GraphLayer layer : graph.layers()) {
      List<Map<String, Object>> got =
          call(
              "CALL xg.pattern.lookup($m, {layer: $l, limit: 10000, orderBy: 'id', descending:"
                  + " false}) YIELD id, muX, meanScore RETURN id, muX, meanScore",
              Map.of("m", model, "l", layer.geometry().name()));
      assertEquals(
          layer.patterns().stream().map(p -> (long) p.id()).toList(),
          got.stream().map(r -> r.get("id")).toList());
      Pattern first = layer.patterns().get(0);
      assertEquals(first.muX(), (Double) got.get(0).get("muX"), 1e-12);
      assertEquals(first.meanScore(), (Double) got.get(0).get("meanScore"), 1e-12);
    }
    // Ordered by score: non-increasing, and the best is the graph's best.
    List<Map<String, Object>> best =
        call("CALL xg.pattern.lookup($m, {limit: 50})", Map.of("m", model));
    for (int i = 1; i < best.size(); i++) {
      assertTrue(
          (Double) best.get(i - 1).get("meanScore") >= (Double) best.get(i).get("meanScore"));
    }
    double max =
        graph.layers().stream()
            .flatMap(l -> l.patterns().stream())
            .mapToDouble(Pattern::meanScore)
            .max()
            .orElseThrow();
    assertEquals(max, (Double) best.get(0).get("meanScore"), 1e-12);
  }

  @Test
  @Order(3)
  void nearReturnsPatternsWithinTheRadiusSortedByDistance() {
    double x = 100;
    double y = 120;
    double radius = 15;
    List<Map<String, Object>> got =
        call(
            "CALL xg.pattern.near($m, $x, $y, {radius: $r, limitPerLayer: 10000})",
            Map.of("m", model, "x", x, "y", y, "r", radius));
    List<Long> expected = new ArrayList<>();
    for (GraphLayer layer : graph.layers()) {
      layer.patterns().stream()
          .filter(p -> Math.hypot(p.muX() - x, p.muY() - y) <= radius)
          .sorted(
              Comparator.<Pattern>comparingDouble(p -> Math.hypot(p.muX() - x, p.muY() - y))
                  .thenComparingInt(Pattern::id))
          .forEach(p -> expected.add((long) p.id()));
    }
    assertFalse(expected.isEmpty());
    assertEquals(expected, got.stream().map(r -> r.get("id")).toList());
    for (int i = 1; i < got.size(); i++) {
      if (got.get(i).get("layerIndex").equals(got.get(i - 1).get("layerIndex"))) {
        assertTrue((Double) got.get(i).get("distance") >= (Double) got.get(i - 1).get("distance"));
      }
    }
  }

  @Test
  @Order(4)
  void topImagesEqualThePatternsTopImages() {
    Pattern p =
        graph.layers().get(graph.layers().size() - 1).patterns().stream()
            .filter(q -> q.topImages().size() >= 3)
            .findFirst()
            .orElseThrow();
    Map<String, StoredImage> images =
        bird.store.storedImages().stream().collect(Collectors.toMap(s -> s.record().id(), s -> s));
    List<Map<String, Object>> got =
        call("CALL xg.pattern.topImages($k, 1000)", Map.of("k", model + ":" + p.id()));
    assertEquals(p.topImages().size(), got.size());
    for (int i = 0; i < got.size(); i++) {
      Firing f = p.topImages().get(i);
      Map<String, Object> r = got.get(i);
      assertEquals(f.imageId(), r.get("imageId"));
      assertEquals(f.x(), (Double) r.get("x"), 1e-9);
      assertEquals(f.y(), (Double) r.get("y"), 1e-9);
      assertEquals(f.score(), (Double) r.get("score"), 1e-9);
      StoredImage s = images.get(f.imageId());
      assertEquals(bird.relativePath(s), r.get("path"));
      @SuppressWarnings("unchecked")
      List<Double> crop = (List<Double>) r.get("cropBox");
      @SuppressWarnings("unchecked")
      List<Double> original = (List<Double>) r.get("originalBox");
      double scale = s.box().w() / 224;
      assertEquals(s.box().x() + crop.get(0) * scale, original.get(0), 1e-6);
      assertEquals(crop.get(2) * scale, original.get(2), 1e-6);
    }
  }

  @Test
  @Order(4)
  void patchIsTheReceptiveFieldCutFromTheOriginalImage() throws Exception {
    Pattern p =
        graph.layers().get(graph.layers().size() - 1).patterns().stream()
            .filter(q -> q.topImages().size() >= 2)
            .findFirst()
            .orElseThrow();
    String key = model + ":" + p.id();
    Map<String, Object> top = call("CALL xg.pattern.topImages($k, 1)", Map.of("k", key)).get(0);
    Map<String, Object> got = call("CALL xg.pattern.patch($k)", Map.of("k", key)).get(0);
    assertEquals(top.get("imageId"), got.get("imageId"));
    assertEquals(null, got.get("url"), "a harness server is not xgraph serve: no patch URL");
    java.awt.image.BufferedImage patch =
        javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream((byte[]) got.get("png")));
    assertEquals(112, patch.getWidth());
    assertEquals(112, patch.getHeight());
    // Independently: the mean colour of the patch box on the original image (topImages'
    // originalBox) matches the patch's mean colour (a resize keeps the mean).
    @SuppressWarnings("unchecked")
    List<Double> box = (List<Double>) top.get("originalBox");
    java.awt.image.BufferedImage original =
        javax.imageio.ImageIO.read(bird.cub.resolve((String) top.get("path")).toFile());
    double[] expected =
        meanRgb(
            original,
            (int) Math.round(box.get(0)),
            (int) Math.round(box.get(1)),
            (int) Math.round(box.get(0) + box.get(2)),
            (int) Math.round(box.get(1) + box.get(3)));
    double[] actual = meanRgb(patch, 0, 0, 112, 112);
    for (int c = 0; c < 3; c++) {
      assertEquals(expected[c], actual[c], 6.0, "mean of channel " + c);
    }
    byte[] second =
        (byte[]) call("CALL xg.pattern.patch($k, 1)", Map.of("k", key)).get(0).get("png");
    assertFalse(java.util.Arrays.equals((byte[]) got.get("png"), second), "rank 1 differs");
    RuntimeException none =
        org.junit.jupiter.api.Assertions.assertThrows(
            RuntimeException.class, () -> call("CALL xg.pattern.patch($k, 999)", Map.of("k", key)));
    assertTrue(
        String.valueOf(none.getMessage()).contains("has no top image of rank 999"),
        none.getMessage());
  }

  static double[] meanRgb(java.awt.image.BufferedImage image, int x0, int y0, int x1, int y1) {
    double[] sum = new double[3];
    long n = 0;
    for (int y = Math.max(0, y0); y < Math.min(image.getHeight(), y1); y++) {
      for (int x = Math.max(0, x0); x < Math.min(image.getWidth(), x1); x++) {
        int rgb = image.getRGB(x, y);
        sum[0] += (rgb >> 16) & 0xff;
        sum[1] += (rgb >> 8) & 0xff;
        sum[2] += rgb & 0xff;
        n++;
      }
    }
    return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
  }

  @Test
  @Order(5)
  void inferOnATrainingImageAgreesWithTheLearnersInference() {
    int image = 3;
    StoredImage s = bird.store.storedImages().get(image);
    List<float[]> maps = new ArrayList<>();
    for (GraphLayer l : graph.layers()) {
      float[] m = new float[l.geometry().size()];
      bird.store.read(l.geometry().index(), image, m);
      maps.add(m);
    }
    InferenceResult expected = new GraphInference(graph).infer(maps);
    Map<String, Object> params =
        Map.of("m", model, "p", bird.relativePath(s), "box", BirdFixture.boxList(s));
    List<Map<String, Object>> got =
        call("CALL xg.image.infer($m, $p, {box: $box, onlyFired: false, limit: 100000})", params);
    assertEquals(graph.patternCount(), got.size());
    Map<Long, Map<String, Object>> byId = new HashMap<>();
    got.forEach(r -> byId.put((Long) r.get("id"), r));
    // The store keeps maps in float16, the procedure computes float32: positions may move where
    // two candidates score within float16 rounding, so agreement is counted, not required of all.
    int samePosition = 0;
    int sameFired = 0;
    int total = 0;
    double worstScore = 0;
    for (int l = 0; l < graph.layers().size(); l++) {
      List<Pattern> ps = graph.layers().get(l).patterns();
      for (int v = 0; v < ps.size(); v++) {
        Map<String, Object> r = byId.get((long) ps.get(v).id());
        total++;
        boolean same =
            Math.abs((Double) r.get("x") - expected.x(l, v)) < 1e-3
                && Math.abs((Double) r.get("y") - expected.y(l, v)) < 1e-3;
        if (same) {
          samePosition++;
          double e = expected.score(l, v);
          worstScore =
              Math.max(worstScore, Math.abs((Double) r.get("score") - e) / (1e-3 + Math.abs(e)));
        }
        if ((Boolean) r.get("fired") == expected.fired(l, v)) {
          sameFired++;
        }
      }
    }
    assertTrue(samePosition >= 0.97 * total, samePosition + " of " + total + " same position");
    assertTrue(sameFired >= 0.97 * total, sameFired + " of " + total + " same fired flag");
    assertTrue(worstScore < 0.02, "relative score difference " + worstScore);
    // onlyFired (default) returns exactly the fired ones.
    long fired = got.stream().filter(r -> (Boolean) r.get("fired")).count();
    List<Map<String, Object>> firedRows =
        call("CALL xg.image.infer($m, $p, {box: $box, limit: 100000})", params);
    assertEquals(fired, firedRows.size());
    // The stored Image (by path or by id) brings its own box: the same rows without giving it.
    assertEquals(firedRows, call("CALL xg.image.infer($m, $p, {limit: 100000})", params));
    assertEquals(
        firedRows.stream().map(r -> r.get("key")).toList(),
        call(
                "CALL xg.image.infer($m, $id, {limit: 100000}) YIELD key RETURN key",
                Map.of("m", model, "id", s.record().id()))
            .stream()
            .map(r -> r.get("key"))
            .toList());
    // The default limit keeps the strongest rows and says how many there were.
    List<Map<String, Object>> limited = call("CALL xg.image.infer($m, $p, {limit: 5})", params);
    assertEquals(Math.min(5, fired), limited.size());
    assertEquals(
        firedRows.subList(0, limited.size()).stream().map(r -> r.get("key")).toList(),
        limited.stream().map(r -> r.get("key")).toList());
    limited.forEach(r -> assertEquals(fired, r.get("total")));
    for (int i = 1; i < firedRows.size(); i++) {
      assertTrue(
          (Double) firedRows.get(i - 1).get("score") >= (Double) firedRows.get(i).get("score"));
    }
    assertEquals(
        Math.min(io.xgraph.cypher.inference.ImageInference.DEFAULT_LIMIT, fired),
        call("CALL xg.image.infer($m, $p)", params).size());
    // The whole image is another input than the stored crop: other positions.
    assertTrue(
        !firedRows.equals(
            call("CALL xg.image.infer($m, $p, {wholeImage: true, limit: 100000})", params)));
  }

  @Test
  @Order(6)
  void inferAndStoreWritesTheFiredPatternsOnce() {
    StoredImage s = bird.store.storedImages().get(0);
    Map<String, Object> params = Map.of("m", model, "p", bird.relativePath(s));
    // Only the returned rows are limited: every fired pattern is stored.
    List<Map<String, Object>> rows =
        call("CALL xg.image.inferAndStore($m, $p, {imageId: 'new-bird', limit: 1})", params);
    assertEquals(1, rows.size());
    long fired = (Long) rows.get(0).get("total");
    assertTrue(fired > 1);
    call("CALL xg.image.inferAndStore($m, $p, {imageId: 'new-bird'})", params);
    Map<String, Object> r =
        call(
                "MATCH (i:Image {id: 'new-bird'})<-[e:INFERRED_ON]-(:Pattern) RETURN count(e) AS n,"
                    + " i.path AS path, collect(DISTINCT e.model) AS models",
                Map.of())
            .get(0);
    assertEquals(fired, r.get("n"));
    assertEquals(bird.relativePath(s), r.get("path"));
    assertEquals(List.of(model), r.get("models"));
  }

  @Test
  @Order(7)
  void overBoltWithTheJavaDriver() {
    StoredImage s = bird.store.storedImages().get(1);
    try (Driver driver = GraphDatabase.driver(neo4j.boltURI(), AuthTokens.none());
        Session session = driver.session()) {
      List<Record> models = session.run("CALL xg.model.list() YIELD name RETURN name").list();
      assertEquals(model, models.get(0).get("name").asString());
      List<Record> lookup =
          bolt(
              session,
              "CALL xg.pattern.lookup($m, {layer: 2, limit: 5}) YIELD key, meanScore"
                  + " RETURN key, meanScore",
              Map.of("m", model));
      assertEquals(5, lookup.size());
      String key = lookup.get(0).get("key").asString();
      List<Record> top =
          bolt(
              session,
              "CALL xg.pattern.topImages($k, 3) YIELD imageId, cropBox RETURN *",
              Map.of("k", key));
      assertFalse(top.isEmpty());
      assertEquals(4, top.get(0).get("cropBox").asList().size());
      List<Record> near =
          bolt(
              session,
              "CALL xg.pattern.near($m, 112.0, 112.0, {radius: 20}) YIELD key RETURN key",
              Map.of("m", model));
      assertFalse(near.isEmpty());
      List<Record> infer =
          bolt(
              session,
              "CALL xg.image.infer($m, $p) YIELD key, x, y, score RETURN key, x, y, score",
              Map.of("m", model, "p", bird.relativePath(s)));
      assertFalse(infer.isEmpty());
      Set<String> keys =
          infer.stream().map(rec -> rec.get("key").asString()).collect(Collectors.toSet());
      assertEquals(infer.size(), keys.size());
      org.neo4j.driver.exceptions.ClientException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              org.neo4j.driver.exceptions.ClientException.class,
              () ->
                  session.run("CALL xg.pattern.lookup($m, {limit: 0})", Map.of("m", model)).list());
      // The client sees the one-line message itself, not Neo4j's "Failed to invoke ... Caused by".
      assertEquals(
          "Value for `limit` was `0`, but must be within the range [1, 10000] (in the"
              + " configuration of xg.pattern.lookup).",
          e.getMessage());
      assertEquals("Neo.ClientError.Statement.ArgumentError", e.code());
      org.neo4j.driver.exceptions.ClientException missing =
          org.junit.jupiter.api.Assertions.assertThrows(
              org.neo4j.driver.exceptions.ClientException.class,
              () ->
                  session.run("CALL xg.image.infer($m, 'no/such.jpg')", Map.of("m", model)).list());
      assertTrue(
          missing
              .getMessage()
              .startsWith(
                  "Image `no/such.jpg` is neither a stored Image (by id or path) nor a file under"
                      + " `server.xgraph.image_root` ("),
          missing.getMessage());
      assertTrue(
          missing
              .getMessage()
              .endsWith("; give a stored Image's id or a path relative to that folder."),
          missing.getMessage());
    }
  }

  @Test
  @Order(8)
  void aRewrittenModelIsReadAfresh() {
    // Warm both caches on version 1 of a small model, then write a version with other scores.
    String small = "real-geometry";
    try (GraphStore gs = GraphStores.embedded(db, "bird test", true)) {
      gs.write(BirdFixture.realGeometryGraph(small, 1.0), BirdFixture.modelFileProvenance("v1"));
    }
    Map<String, Object> params =
        Map.of("m", small, "p", bird.relativePath(bird.store.storedImages().get(2)));
    String lookup = "CALL xg.pattern.lookup($m, {limit: 1}) YIELD meanScore RETURN meanScore";
    String infer =
        "CALL xg.image.infer($m, $p, {onlyFired: false}) YIELD meanScore RETURN meanScore";
    assertEquals(1.0, call(lookup, params).get(0).get("meanScore"));
    assertEquals(1.0, call(infer, params).get(0).get("meanScore"));
    try (GraphStore gs = GraphStores.embedded(db, "bird test", true)) {
      gs.write(BirdFixture.realGeometryGraph(small, 3.0), BirdFixture.modelFileProvenance("v2"));
    }
    assertEquals(3.0, call(lookup, params).get(0).get("meanScore"));
    assertEquals(3.0, call(infer, params).get(0).get("meanScore"));
    assertEquals(
        2L,
        call("CALL xg.model.list() YIELD name, version WHERE name = $m RETURN version", params)
            .get(0)
            .get("version"));
  }
}
