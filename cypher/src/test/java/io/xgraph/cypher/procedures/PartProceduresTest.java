package io.xgraph.cypher.procedures;

import static io.xgraph.cypher.testing.Harness.failure;
import static io.xgraph.cypher.testing.Harness.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.cypher.testing.BirdFixture;
import io.xgraph.ingest.store.StoredImage;
import io.xgraph.learner.aog.PartModel;
import io.xgraph.learner.aog.PartTemplate;
import io.xgraph.learner.data.Point;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.harness.Neo4j;

/**
 * {@code xg.part.*} on the graph learned from real birds ({@link BirdFixture}), with the real CNN:
 * forehead keypoints of CUB as annotations, in original-image pixels.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PartProceduresTest {

  /** CUB part id of the forehead (parts.txt). */
  static final int FOREHEAD = 6;

  static BirdFixture bird;
  static String model;
  static Neo4j neo4j;
  static GraphDatabaseService db;
  static List<StoredImage> withHead = new ArrayList<>();

  @BeforeAll
  static void start() {
    bird = BirdFixture.get();
    model = bird.graph.modelName();
    neo4j = bird.startServer(false);
    db = neo4j.defaultDatabaseService();
    for (StoredImage s : bird.store.storedImages()) {
      if (s.record().parts().containsKey(FOREHEAD)) {
        withHead.add(s);
      }
    }
  }

  @AfterAll
  static void stop() {
    if (neo4j != null) {
      neo4j.close();
    }
  }

  /** The forehead of a stored image in original-image pixels (ingest keeps it on the crop). */
  static Map<String, Object> annotation(StoredImage s) {
    Point c = s.record().parts().get(FOREHEAD);
    Map<String, Object> a = new HashMap<>();
    a.put("image", s.record().id());
    a.put("x", (c.x() + 0.5) * s.box().w() / 224 - 0.5 + s.box().x());
    a.put("y", (c.y() + 0.5) * s.box().h() / 224 - 0.5 + s.box().y());
    return a;
  }

  static List<Map<String, Object>> shots() {
    return List.of(
        annotation(withHead.get(0)), annotation(withHead.get(1)), annotation(withHead.get(2)));
  }

  /** Node and relationship counts: a failed call must leave them as they were. */
  static List<Long> graphCounts() {
    return List.of(
        (Long) rows(db, "MATCH (n) RETURN count(n) AS n", Map.of()).get(0).get("n"),
        (Long) rows(db, "MATCH ()-[r]->() RETURN count(r) AS n", Map.of()).get(0).get("n"));
  }

  static PartModel storedPart(String part) {
    try (GraphStore gs = GraphStores.embedded(db, "part test", false)) {
      return gs.parts().readPart(model, part).orElseThrow().model();
    }
  }

  @Test
  @Order(1)
  void learnStoresTheTemplatesAndTheirPatterns() {
    List<Map<String, Object>> out =
        rows(
            db,
            "CALL xg.part.learn($m, 'head', $a, {unannotated: 5}) YIELD part, templates,"
                + " patternsPerTemplate, templateImages, unannotated, inferences, millis"
                + " RETURN *",
            Map.of("m", model, "a", shots()));
    assertEquals(1, out.size());
    Map<String, Object> r = out.get(0);
    assertEquals("head", r.get("part"));
    assertEquals(5L, r.get("unannotated"));
    assertEquals(3L, r.get("templates"));
    assertEquals(3 * 2 + 5L, r.get("inferences"), "3 shots and their mirrors, 5 unannotated");
    @SuppressWarnings("unchecked")
    List<Long> kept = (List<Long>) r.get("patternsPerTemplate");
    for (long k : kept) {
      assertTrue(k >= 5 && k <= 30, "patterns per template " + kept);
    }
    long uses =
        (Long)
            rows(
                    db,
                    "MATCH (:ExplanatoryGraph {name: $m})-[:HAS_PART]->(p:Part {name: 'head'})"
                        + "-[:HAS_TEMPLATE]->(:PartTemplate)-[u:USES]->(:Pattern {model: $m})"
                        + " RETURN count(u) AS n",
                    Map.of("m", model))
                .get(0)
                .get("n");
    assertEquals(kept.stream().mapToLong(Long::longValue).sum(), uses);

    // The annotations went through the same mapping as ingest's keypoints.
    PartModel head = storedPart("head");
    for (PartTemplate t : head.templates()) {
      StoredImage s =
          withHead.stream()
              .filter(i -> i.record().id().equals(t.sourceImageId()))
              .findFirst()
              .orElseThrow();
      Point truth = s.record().parts().get(FOREHEAD);
      assertEquals(truth.x(), t.sourcePartUnflipped().x(), 1e-6);
      assertEquals(truth.y(), t.sourcePartUnflipped().y(), 1e-6);
    }

    List<Map<String, Object>> list =
        rows(db, "CALL xg.part.list($m) YIELD part, templates, uses RETURN *", Map.of("m", model));
    assertEquals(1, list.size());
    assertEquals(uses, list.get(0).get("uses"));
  }

  @Test
  @Order(2)
  void localizeReturnsThePointTheTemplateAndItsVotes() {
    StoredImage query = withHead.get(5);
    String path = bird.relativePath(query);
    List<Map<String, Object>> out =
        rows(
            db,
            "CALL xg.part.localize($m, 'head', $p, {box: $b}) YIELD x, y, imageX, imageY, score,"
                + " template, templateImage, mirrored, votes, responses RETURN *",
            Map.of(
                "m",
                model,
                "p",
                path,
                "b",
                List.of(query.box().x(), query.box().y(), query.box().w(), query.box().h())));
    Map<String, Object> r = out.get(0);
    double x = (Double) r.get("x");
    double y = (Double) r.get("y");
    assertTrue(x >= -0.5 && x <= 223.5 && y >= -0.5 && y <= 223.5, r.toString());
    assertEquals(
        (x + 0.5) * query.box().w() / 224 - 0.5 + query.box().x(), (Double) r.get("imageX"), 1e-9);
    assertEquals("cnn", r.get("responses"));
    long template = (Long) r.get("template");
    assertTrue(template >= 0, "some selected pattern fired");
    assertTrue((Double) r.get("score") > 0);
    PartModel head = storedPart("head");
    PartTemplate winner = head.templates().get((int) template);
    assertEquals(winner.sourceImageId(), r.get("templateImage"));
    Set<Long> used = new HashSet<>();
    winner.patterns().forEach(p -> used.add((long) p.patternIndex()));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> votes = (List<Map<String, Object>>) r.get("votes");
    assertFalse(votes.isEmpty());
    for (Map<String, Object> v : votes) {
      assertTrue(used.contains((Long) v.get("patternId")), "voter " + v + " is in the template");
      assertEquals(model + ":" + v.get("patternId"), v.get("key"));
      assertTrue((Double) v.get("mass") > 0);
    }
  }

  @Test
  @Order(3)
  void storedInferenceGivesTheSameAnswerAsTheCnn() {
    StoredImage query = withHead.get(6);
    String id = query.record().id();
    List<Double> box = List.of(query.box().x(), query.box().y(), query.box().w(), query.box().h());
    rows(
        db,
        "CALL xg.image.inferAndStore($m, $p, {imageId: $id, box: $b}) YIELD key RETURN count(*)",
        Map.of("m", model, "p", bird.relativePath(query), "id", id, "b", box));
    String call =
        "CALL xg.part.localize($m, 'head', $id, {responses: $s, mirrored: false})"
            + " YIELD x, y, score, template, responses RETURN *";
    Map<String, Object> stored = rows(db, call, Map.of("m", model, "id", id, "s", "stored")).get(0);
    Map<String, Object> cnn = rows(db, call, Map.of("m", model, "id", id, "s", "cnn")).get(0);
    assertEquals("stored", stored.get("responses"));
    assertEquals("cnn", cnn.get("responses"));
    assertEquals((Double) cnn.get("x"), (Double) stored.get("x"), 1e-3);
    assertEquals((Double) cnn.get("y"), (Double) stored.get("y"), 1e-3);
    assertEquals(cnn.get("template"), stored.get("template"));
    assertEquals(
        "stored",
        rows(db, call, Map.of("m", model, "id", id, "s", "auto")).get(0).get("responses"));

    // The mirror stored as well: no CNN at all, the same point as the CNN on both orientations,
    // and storing one orientation keeps the other.
    rows(
        db,
        "CALL xg.image.inferAndStore($m, $p, {imageId: $id, box: $b, mirrored: true})"
            + " YIELD key RETURN count(*)",
        Map.of("m", model, "p", bird.relativePath(query), "id", id, "b", box));
    String withMirror =
        "CALL xg.part.localize($m, 'head', $id, {responses: $s, mirrored: true})"
            + " YIELD x, y, score, template, mirrored, responses RETURN *";
    Map<String, Object> storedBoth =
        rows(db, withMirror, Map.of("m", model, "id", id, "s", "stored")).get(0);
    Map<String, Object> cnnBoth =
        rows(db, withMirror, Map.of("m", model, "id", id, "s", "cnn")).get(0);
    assertEquals("stored", storedBoth.get("responses"), "both orientations read from the store");
    assertEquals((Double) cnnBoth.get("x"), (Double) storedBoth.get("x"), 1e-6);
    assertEquals((Double) cnnBoth.get("y"), (Double) storedBoth.get("y"), 1e-6);
    assertEquals(cnnBoth.get("mirrored"), storedBoth.get("mirrored"));
    assertEquals(
        "stored",
        rows(db, call, Map.of("m", model, "id", id, "s", "stored")).get(0).get("responses"),
        "the unflipped inference survives storing the mirror");
  }

  private static void assertRefused(String cypher, Map<String, Object> params, String... parts) {
    List<Long> before = graphCounts();
    String message = failure(db, cypher, params);
    for (String p : parts) {
      assertTrue(message.contains(p), "expected `" + p + "` in: " + message);
    }
    assertEquals(before, graphCounts(), "the stored graph is untouched");
  }

  static final String LEARN = "CALL xg.part.learn($m, $part, $a, $c) YIELD part RETURN part";

  static Map<String, Object> learnParams(
      String model, String part, List<Map<String, Object>> a, Map<String, Object> c) {
    return Map.of("m", model, "part", part, "a", a, "c", c);
  }

  @Test
  @Order(4)
  void badInputIsRefusedAndChangesNothing() {
    Map<String, Object> outside = new HashMap<>(annotation(withHead.get(0)));
    outside.put("x", 5000.0);
    assertRefused(
        LEARN,
        learnParams(model, "wing", List.of(outside), Map.of()),
        "Annotation 1 of 1 is at (5000.0",
        "outside image `" + withHead.get(0).record().id() + "`");

    Map<String, Object> unknownImage = new HashMap<>(annotation(withHead.get(0)));
    unknownImage.put("image", "no-such-image-42");
    assertRefused(
        LEARN,
        learnParams(model, "wing", List.of(unknownImage), Map.of()),
        "`no-such-image-42` is neither the id of a stored Image node nor an image file under"
            + " `server.xgraph.image_root`");

    assertRefused(
        LEARN,
        learnParams(model, "wing", List.of(), Map.of()),
        "xg.part.learn got 0 annotations for part `wing`, but needs at least 1");
    assertRefused(
        LEARN,
        learnParams(model, "wing", shots().subList(0, 2), Map.of("minAnnotations", 3)),
        "got 2 annotations for part `wing`, but needs at least 3 (`minAnnotations`");

    assertRefused(
        LEARN,
        learnParams(model, "head", shots(), Map.of()),
        "Part `head` of model `" + model + "` already exists",
        "replace: true");

    assertRefused(
        LEARN,
        learnParams("no-such-model", "wing", shots(), Map.of()),
        "Model `no-such-model` does not exist");

    assertRefused(
        LEARN,
        learnParams(model, "wing", shots(), Map.of("unanotated", 3)),
        "Unknown configuration key `unanotated`",
        "Did you mean `unannotated`?");

    Map<String, Object> onCrop = new HashMap<>(annotation(withHead.get(0)));
    onCrop.put("x", 300.0);
    assertRefused(
        LEARN,
        learnParams(model, "wing", List.of(onCrop), Map.of("coordinates", "crop")),
        "outside the 224 x 224 object crop");

    assertRefused(
        "CALL xg.part.localize($m, 'tail', $id) YIELD x RETURN x",
        Map.of("m", model, "id", withHead.get(0).record().id()),
        "Part `tail` of model `" + model + "` does not exist; stored parts: [head]");
  }

  @Test
  @Order(5)
  void replacingAPartIsExplicit() {
    List<Map<String, Object>> out =
        rows(
            db,
            LEARN,
            learnParams(
                model,
                "head",
                shots().subList(0, 2),
                Map.of("replace", true, "unannotated", 0, "mirrored", false)));
    assertEquals("head", out.get(0).get("part"));
    PartModel head = storedPart("head");
    assertEquals(2, head.templates().size());
    assertTrue(head.templates().stream().noneMatch(PartTemplate::sourceMirrored));
    assertEquals(
        1L,
        rows(db, "MATCH (p:Part {model: $m}) RETURN count(p) AS n", Map.of("m", model))
            .get(0)
            .get("n"));
  }
}
