package io.xgraph.cypher.procedures.badinput;

import static io.xgraph.cypher.procedures.badinput.BadInputServer.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.cypher.testing.BirdFixture;
import io.xgraph.cypher.testing.Harness;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Inputs beyond the table of refused calls: a null configuration value (accepted, its default
 * applies), a model name made of Cypher (only ever a parameter value) and a stored training image
 * outside the image root (refused naming the fix). Each test leaves the stored graph as it was.
 */
class ProcedureUnusualInputTest extends WithBadInputServer {

  /**
   * A configuration key set to null counts as not given (Cypher's null is "no value"): its default
   * applies, so {@code {limit: $limit}} with an absent parameter behaves as {@code {}}.
   */
  @Test
  void aNullConfigurationValueMeansItsDefault() {
    Map<String, Object> m = Map.of("m", MODEL);
    assertEquals(
        Harness.rows(server.db, "CALL xg.pattern.lookup($m) YIELD key RETURN key", m),
        Harness.rows(
            server.db,
            "CALL xg.pattern.lookup($m, {limit: null, minScore: null, layer: null}) YIELD key"
                + " RETURN key",
            m));
    assertEquals(
        Harness.rows(server.db, "CALL xg.pattern.near($m, 112, 112) YIELD key RETURN key", m),
        Harness.rows(
            server.db,
            "CALL xg.pattern.near($m, 112, 112, {radius: null}) YIELD key RETURN key",
            m));
    server.assertUnchanged();
  }

  /**
   * A stored training image whose path does not lie under the image root (a store written from a
   * dataset elsewhere, as the demo store under `bench load`): xg.part.learn names the Image, its
   * stored path, the setting to change and {unannotated: 0}; nothing is written.
   */
  @Test
  void aTrainingImageOutsideTheImageRootIsNamedWithTheFix() {
    String model = "stored-paths";
    // A tiny mean score, so that its patterns fire and a part can be learned.
    ExplanatoryGraph real = BirdFixture.realGeometryGraph(model, 1e-9);
    ExplanatoryGraph graph =
        new ExplanatoryGraph(
            model, real.modelSha256(), real.layers(), real.parameters(), List.of("t1"));
    try (GraphStore store = GraphStores.embedded(server.db, "bad input test", true)) {
      store.write(graph, BirdFixture.modelFileProvenance("elsewhere"));
      server.db.executeTransactionally(
          "CREATE (:Image {id: 't1', path: 'images/001.Gone/gone.jpg'})", Map.of());
      String beforeCall = server.fingerprint();
      assertEquals(
          "Training image: Image `t1` is stored with path `images/001.Gone/gone.jpg`, which is not"
              + " a file under `server.xgraph.image_root` ("
              + server.imageRoot
              + "); point `server.xgraph.image_root` at the folder the stored Image paths are"
              + " relative to (the dataset folder the store was written from), or learn from the"
              + " annotated images only: {unannotated: 0}",
          Harness.failure(
                  server.db,
                  "CALL xg.part.learn($m, 'head', [{image: 'bird.jpg', x: 100, y: 100}])",
                  Map.of("m", model))
              .split("\n")[0]);
      assertEquals(beforeCall, server.fingerprint());
      // The fix the message names works: no training image is read.
      assertEquals(
          1L,
          Harness.rows(
                  server.db,
                  "CALL xg.part.learn($m, 'head', [{image: 'bird.jpg', x: 100, y: 100}],"
                      + " {unannotated: 0}) YIELD templates RETURN templates",
                  Map.of("m", model))
              .get(0)
              .get("templates"));
      assertTrue(store.delete(model));
      server.db.executeTransactionally("MATCH (i:Image {id: 't1'}) DETACH DELETE i", Map.of());
    }
    server.assertUnchanged();
  }

  /**
   * A model name made of Cypher is only ever a parameter value: it is stored, listed, queried and
   * deleted as a name, and the other model is untouched.
   */
  @Test
  void aModelNameMadeOfCypherIsJustAName() {
    String evil = "evil' }) DETACH DELETE n //";
    try (GraphStore store = GraphStores.embedded(server.db, "bad input test", true)) {
      store.write(
          BirdFixture.realGeometryGraph(evil, 1.0), BirdFixture.modelFileProvenance("evil"));
      Map<String, Object> m = Map.of("m", evil);
      assertEquals(3, Harness.rows(server.db, "CALL xg.layer.list($m)", m).size());
      assertEquals(3, Harness.rows(server.db, "CALL xg.pattern.lookup($m)", m).size());
      assertEquals(
          3, Harness.rows(server.db, "CALL xg.pattern.near($m, 112, 112, {radius: 1})", m).size());
      assertEquals(
          3,
          Harness.rows(
                  server.db,
                  "CALL xg.image.infer($m, 'bird.jpg', {onlyFired: false, wholeImage: true})",
                  m)
              .size());
      assertTrue(store.delete(evil));
    }
    server.assertUnchanged();
  }
}
