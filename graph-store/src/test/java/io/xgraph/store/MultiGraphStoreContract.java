package io.xgraph.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.store.bench.SyntheticGraphs;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Several graphs (one per category) of one CNN in one store, and the refusals that protect them.
 */
interface MultiGraphStoreContract extends StoreContract {

  /** A graph of {@code model} learned with another seed, from the same ONNX file as {@code of}. */
  static ExplanatoryGraph sameModel(ExplanatoryGraph of, long seed) {
    ExplanatoryGraph g = SyntheticGraphs.tiny(of.modelName(), seed);
    return new ExplanatoryGraph(
        g.modelName(), of.modelSha256(), g.layers(), g.parameters(), g.trainingImageIds());
  }

  private static Set<String> fired(ExplanatoryGraph g) {
    Set<String> ids = new TreeSet<>();
    g.layers()
        .forEach(l -> l.patterns().forEach(p -> p.topImages().forEach(f -> ids.add(imageOf(f)))));
    return ids;
  }

  private static String imageOf(Firing f) {
    return f.imageId();
  }

  @Test
  default void twoCategoriesOfOneModelLiveSideBySide() {
    ExplanatoryGraph a = SyntheticGraphs.tiny("mg-cnn", 41);
    ExplanatoryGraph b = sameModel(a, 42);
    Provenance birds = Provenance.of("mg-birds");
    store().write("mg-cnn-001", a, birds.withCategory("001"), List.of(), WriteListener.NONE);
    store().write("mg-cnn-002", b, birds.withCategory("002"), List.of(), WriteListener.NONE);
    assertEquals(a, store().read("mg-cnn-001").orElseThrow());
    assertEquals(b, store().read("mg-cnn-002").orElseThrow());
    ModelInfo info = store().model("mg-cnn-002").orElseThrow();
    assertEquals("mg-cnn", info.model());
    assertEquals("002", info.category());
    assertEquals("mg-birds", info.dataset());
    assertEquals(
        1,
        count("MATCH (m:Model {name: 'mg-cnn'})<-[:OF_MODEL]-(g) RETURN count(DISTINCT m) AS n"));
    assertEquals(2, count("MATCH (:Model {name: 'mg-cnn'})<-[:OF_MODEL]-(g) RETURN count(g) AS n"));
    assertEquals(
        2, count("MATCH (:Dataset {name: 'mg-birds'})<-[:LEARNED_ON]-(g) RETURN count(g) AS n"));
    assertEquals(
        a.patternCount() + b.patternCount(),
        count("MATCH (p:Pattern {model: 'mg-cnn'}) RETURN count(p) AS n"),
        "patterns of both graphs, keyed by their graph");
    assertEquals(1, count("MATCH (p:Pattern {key: 'mg-cnn-002:0'}) RETURN count(p) AS n"));
    Set<String> images = new TreeSet<>(fired(a));
    images.addAll(fired(b));
    assertEquals(
        images.size(),
        count("MATCH (i:Image {dataset: 'mg-birds'}) RETURN count(i) AS n"),
        "images are shared within their dataset");
    assertTrue(store().delete("mg-cnn-001"));
    assertEquals(b, store().read("mg-cnn-002").orElseThrow());
    assertEquals(
        fired(b).size(),
        count("MATCH (i:Image {dataset: 'mg-birds'}) RETURN count(i) AS n"),
        "the deleted graph's own images went with it");
    assertTrue(store().delete("mg-cnn-002"));
    assertEquals(0, count("MATCH (n) WHERE n:Model AND n.name = 'mg-cnn' RETURN count(n) AS n"));
    assertEquals(0, count("MATCH (d:Dataset {name: 'mg-birds'}) RETURN count(d) AS n"));
  }

  @Test
  default void aNameHoldingAnotherCategoryOrModelIsRefusedAndNothingIsLost() {
    ExplanatoryGraph a = SyntheticGraphs.tiny("mg-ref", 43);
    Provenance one = Provenance.of("mg-ref-data").withCategory("001");
    store().write("mg-ref-g", a, one, List.of(), WriteListener.NONE);
    ExplanatoryGraph other = sameModel(a, 44);
    IllegalArgumentException category =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                store()
                    .write(
                        "mg-ref-g", other, one.withCategory("002"), List.of(), WriteListener.NONE));
    assertTrue(category.getMessage().contains("already holds model `mg-ref` category `001`"));
    assertTrue(category.getMessage().contains("--graph NAME"), category.getMessage());
    assertTrue(category.getMessage().contains("xgraph store delete mg-ref-g"));
    ExplanatoryGraph otherFile = SyntheticGraphs.tiny("mg-ref", 45);
    IllegalArgumentException digest =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                store()
                    .write(
                        "mg-ref-h",
                        otherFile,
                        one.withCategory("003"),
                        List.of(),
                        WriteListener.NONE));
    assertTrue(digest.getMessage().contains("different ONNX file"), digest.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> store().write(" ", a, one, List.of(), WriteListener.NONE));
    assertEquals(a, store().read("mg-ref-g").orElseThrow());
    assertEquals(1, store().model("mg-ref-g").orElseThrow().version());
    assertFalse(store().model("mg-ref-h").isPresent());
    // The same category again replaces it, as a re-write always did.
    store().write("mg-ref-g", other, one, List.of(), WriteListener.NONE);
    assertEquals(other, store().read("mg-ref-g").orElseThrow());
    assertEquals(2, store().model("mg-ref-g").orElseThrow().version());
    assertEquals(Map.of(), store().images("mg-ref-g"));
  }
}
