package io.xgraph.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.meaning.PatternOcclusion;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Occlusion figures on {@code :Pattern}, run on embedded Neo4j and over real Bolt by the classes
 * that implement {@link StoreContracts}. Each test uses its own model names.
 */
interface OcclusionStoreContract extends StoreContract {

  @Test
  default void occlusionFiguresAreStoredReplacedAndRolledBackWhole() {
    ExplanatoryGraph g = writtenTiny("occl-a", 5);
    int a = g.layers().get(0).patterns().get(0).id();
    int b = g.layers().get(1).patterns().get(0).id();
    List<PatternOcclusion> first =
        List.of(
            new PatternOcclusion(a, 7, 0.25, 0.125, 63), new PatternOcclusion(b, 3, 0.5, 0, 143));
    assertEquals(2, store().writeOcclusion("occl-a", first, true));
    String written =
        "MATCH (p:Pattern {graph: 'occl-a'}) WHERE p.occlusionDrop IS NOT NULL RETURN count(p) AS n";
    assertEquals(2, count(written));
    assertEquals(
        1,
        count(
            "MATCH (p:Pattern {key: $k, occlusionDrop: 0.25, occlusionControlDrop: 0.125,"
                + " occlusionImages: 7, occlusionSide: 63.0}) RETURN count(p) AS n",
            Map.of("k", "occl-a:" + a)));
    // the figure orders patterns by how much the class score depends on them
    assertEquals(
        b,
        count(
            "MATCH (p:Pattern {graph: 'occl-a'}) WHERE p.occlusionDrop IS NOT NULL"
                + " RETURN p.id AS n ORDER BY p.occlusionDrop DESC LIMIT 1"));

    // one pattern added without replace keeps the others; a batch with replace clears them
    assertEquals(
        1,
        store().writeOcclusion("occl-a", List.of(new PatternOcclusion(a, 8, 0.3, 0.1, 63)), false));
    assertEquals(2, count(written));
    assertEquals(
        1,
        store().writeOcclusion("occl-a", List.of(new PatternOcclusion(a, 8, 0.3, 0.1, 63)), true));
    assertEquals(1, count(written));

    // a pattern the stored graph lacks: refused, the stored figures stay
    List<PatternOcclusion> foreign =
        List.of(
            new PatternOcclusion(b, 1, 0.9, 0, 143), new PatternOcclusion(999_999, 1, 0.9, 0, 1));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> store().writeOcclusion("occl-a", foreign, true));
    assertTrue(e.getMessage().contains("Only 1 of 2 occluded patterns exist"), e.getMessage());
    assertEquals(1, count(written));
    assertEquals(
        1,
        count(
            "MATCH (p:Pattern {key: $k, occlusionDrop: 0.3}) RETURN count(p) AS n",
            Map.of("k", "occl-a:" + a)));

    e =
        assertThrows(
            IllegalArgumentException.class, () -> store().writeOcclusion("occl-none", first, true));
    assertTrue(e.getMessage().contains("Graph `occl-none` is not in the store"), e.getMessage());
  }
}
