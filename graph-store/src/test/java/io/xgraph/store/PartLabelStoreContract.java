package io.xgraph.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.meaning.PartLabel;
import io.xgraph.learner.meaning.TrackingRule;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Part labels ({@code TRACKS} to {@code SemanticPart}), run on embedded Neo4j and over real Bolt by
 * the classes that implement {@link StoreContracts}. Each test uses its own model names.
 */
interface PartLabelStoreContract extends StoreContract {

  private static int id(ExplanatoryGraph g, int layer, int k) {
    return g.layers().get(layer).patterns().get(k).id();
  }

  private static PartLabel label(int pattern, String part, double share) {
    return new PartLabel(pattern, part, 12, share, 0.08, 3.5, -2.0, 9.25, 21.875);
  }

  @Test
  default void partLabelsAreStoredReplacedAndRolledBackWhole() {
    ExplanatoryGraph g = writtenTiny("labels-a", 3);
    List<PartLabel> first =
        List.of(
            label(id(g, 0, 0), "beak", 0.75),
            label(id(g, 0, 1), "beak", 0.5),
            label(id(g, 0, 1), "left eye", 0.625));
    assertEquals(3, store().writePartLabels("labels-a", first, TrackingRule.DEFAULT, 132));
    String tracks =
        "MATCH (p:Pattern {graph: 'labels-a'})-[t:TRACKS]->(s:SemanticPart) RETURN count(t) AS n";
    assertEquals(3, count(tracks));
    assertEquals(
        1,
        count(
            "MATCH (p:Pattern {key: $k})-[t:TRACKS {share: 0.75, firings: 12, meanDx: 3.5,"
                + " meanDy: -2.0, spread: 9.25, radius: 21.875, chanceShare: 0.08, minShare: 0.5,"
                + " minFirings: 10, radiusFraction: 0.125, heldOutImages: 132}]->"
                + "(:SemanticPart {key: 'synthetic:beak', dataset: 'synthetic', name: 'beak'})"
                + " RETURN count(t) AS n",
            Map.of("k", "labels-a:" + id(g, 0, 0))));
    assertEquals(2, count("MATCH (s:SemanticPart {dataset: 'synthetic'}) RETURN count(s) AS n"));

    // labelling again replaces the earlier labels
    assertEquals(
        1,
        store()
            .writePartLabels(
                "labels-a", List.of(label(id(g, 0, 2), "beak", 0.9)), TrackingRule.DEFAULT, 132));
    assertEquals(1, count(tracks));

    // a label for a pattern the stored graph lacks: refused, the stored labels stay
    List<PartLabel> foreign = List.of(label(id(g, 0, 0), "beak", 0.8), label(999_999, "beak", 0.8));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> store().writePartLabels("labels-a", foreign, TrackingRule.DEFAULT, 132));
    assertTrue(e.getMessage().contains("Only 1 of 2 labelled patterns exist"), e.getMessage());
    assertEquals(1, count(tracks));
    assertEquals(
        1,
        count(
            "MATCH (p:Pattern {key: $k})-[:TRACKS]->() RETURN count(p) AS n",
            Map.of("k", "labels-a:" + id(g, 0, 2))));

    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> store().writePartLabels("labels-none", first, TrackingRule.DEFAULT, 132));
    assertTrue(e.getMessage().contains("Graph `labels-none` is not in the store"), e.getMessage());

    // deleting the graph deletes its patterns and so their labels; the parts stay
    assertTrue(store().delete("labels-a"));
    assertEquals(
        0,
        count("MATCH ()-[t:TRACKS]->(:SemanticPart {dataset: 'synthetic'}) RETURN count(t) AS n"));
  }

  @Test
  default void partLabelsReadBackAsWrittenByPatternThenShare() {
    // Only the parts the other test names: it counts the dataset's SemanticPart nodes.
    ExplanatoryGraph g = writtenTiny("labels-r", 4);
    List<PartLabel> written =
        List.of(
            label(id(g, 1, 0), "beak", 0.5),
            label(id(g, 0, 1), "beak", 0.5),
            label(id(g, 0, 1), "left eye", 0.625));
    store().writePartLabels("labels-r", written, TrackingRule.DEFAULT, 132);
    assertEquals(
        List.of(written.get(2), written.get(1), written.get(0)), store().partLabels("labels-r"));
    assertEquals(List.of(), store().partLabels("labels-absent"));
    assertTrue(store().delete("labels-r"));
  }
}
