package io.xgraph.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.compare.CompareParameters;
import io.xgraph.learner.compare.Comparison;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.bench.SyntheticGraphs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The comparison part of the store contract ({@code MATCHES}, {@code Comparison}), run on embedded
 * Neo4j and over real Bolt by the classes that implement {@link StoreContracts}. Each test uses its
 * own model names.
 */
interface ComparisonStoreContract extends StoreContract {

  private static int id(ExplanatoryGraph g, int layer, int k) {
    return g.layers().get(layer).patterns().get(k).id();
  }

  private static Comparison comparison(
      ExplanatoryGraph a, ExplanatoryGraph b, List<Comparison.Match> matches) {
    return new Comparison(
        a.modelName(),
        b.modelName(),
        42,
        CompareParameters.defaults().withMinSupport(7),
        matches,
        List.of(
            new Comparison.LayerPairSummary(
                "l0", "m0", 10, 12, matches.size(), 0.2, 0.25, 0.031, 0.11, 0.12, 1.5, 2.5),
            new Comparison.LayerPairSummary(
                "l0", "m1", 10, 5, 0, 0, 0, Double.NaN, 0.11, 0.13, 1.5, 0.7)),
        List.of(
            new Comparison.ModelSummary(a.modelName(), 30, 2, 0.1, 0.11, 0.14, 0.15, 1.2),
            new Comparison.ModelSummary(
                b.modelName(), 25, 2, 0.09, 0.1, Double.NaN, Double.NaN, 3)),
        List.of(
            new Comparison.PartCoverage(1, "back", 3, 1, 5, 2),
            new Comparison.PartCoverage(6, "forehead", 0, 4, 1, 6)));
  }

  /** {@code g} under another name: how xgraph compare --name-a/--name-b names a side. */
  private static ExplanatoryGraph named(ExplanatoryGraph g, String name) {
    return new ExplanatoryGraph(
        name, g.modelSha256(), g.layers(), g.parameters(), g.trainingImageIds());
  }

  @Test
  default void twoCategoriesOfOneModelAreComparedByTheirGraphNames() {
    ExplanatoryGraph a = SyntheticGraphs.tiny("cmp-cnn", 7);
    ExplanatoryGraph b = MultiGraphStoreContract.sameModel(a, 8);
    Provenance birds = Provenance.of("cmp-birds");
    store().write("cmp-cnn-001", a, birds.withCategory("001"), List.of(), WriteListener.NONE);
    store().write("cmp-cnn-002", b, birds.withCategory("002"), List.of(), WriteListener.NONE);
    List<Comparison.Match> matches =
        List.of(new Comparison.Match(0, id(a, 0, 0), 0, id(b, 0, 1), 0.03, 9));
    Comparison c = comparison(named(a, "cmp-cnn-001"), named(b, "cmp-cnn-002"), matches);
    store().writeComparison(c);
    assertEquals(c, store().comparison("cmp-cnn-002", "cmp-cnn-001").orElseThrow());
    List<Counterpart> cp = store().counterparts("cmp-cnn-001", id(a, 0, 0), "cmp-cnn-002");
    assertEquals(List.of(id(b, 0, 1)), cp.stream().map(Counterpart::patternId).toList());
    assertEquals(
        2,
        count(
            "MATCH (:Comparison {modelA: 'cmp-cnn-001'})-[:COMPARES]->(g:ExplanatoryGraph)"
                + "-[:OF_MODEL]->(:Model {name: 'cmp-cnn'}) RETURN count(g) AS n"));
  }

  @Test
  default void aComparisonRoundTripsWithItsMatchesAndCounterpartsWorkBothWays() {
    ExplanatoryGraph a = writtenTiny("cmp-a", 1);
    ExplanatoryGraph b = writtenTiny("cmp-b", 2);
    List<Comparison.Match> matches =
        List.of(
            new Comparison.Match(0, id(a, 0, 0), 0, id(b, 0, 3), 0.02, 40),
            new Comparison.Match(0, id(a, 0, 1), 1, id(b, 1, 0), 0.04, 12));
    Comparison c = comparison(a, b, matches);
    store().writeComparison(c);
    assertEquals(c, store().comparison("cmp-a", "cmp-b").orElseThrow());
    assertEquals(c, store().comparison("cmp-b", "cmp-a").orElseThrow(), "either order finds it");
    List<Counterpart> cp = store().counterparts("cmp-a", id(a, 0, 1), "cmp-b");
    assertEquals(1, cp.size());
    assertEquals(id(b, 1, 0), cp.get(0).patternId());
    assertEquals(1, cp.get(0).layer());
    assertEquals(b.layers().get(1).geometry().name(), cp.get(0).layerName());
    assertEquals(0.04, cp.get(0).distance(), 1e-12);
    assertEquals(12, cp.get(0).support());
    List<Counterpart> back = store().counterparts("cmp-b", id(b, 0, 3), "cmp-a");
    assertEquals(id(a, 0, 0), back.get(0).patternId());
    assertTrue(store().counterparts("cmp-a", id(a, 0, 2), "cmp-b").isEmpty());
  }

  @Test
  default void writingThePairAgainInEitherOrderReplacesTheOldComparison() {
    ExplanatoryGraph a = writtenTiny("rep-a", 3);
    ExplanatoryGraph b = writtenTiny("rep-b", 4);
    store()
        .writeComparison(
            comparison(
                a,
                b,
                List.of(
                    new Comparison.Match(0, id(a, 0, 0), 0, id(b, 0, 0), 0.01, 20),
                    new Comparison.Match(0, id(a, 0, 1), 0, id(b, 0, 1), 0.02, 20))));
    Comparison reversed =
        comparison(b, a, List.of(new Comparison.Match(0, id(b, 0, 5), 0, id(a, 0, 6), 0.03, 9)));
    store().writeComparison(reversed);
    Map<String, Object> p = Map.of("a", "rep-a", "b", "rep-b");
    assertEquals(
        1,
        count(
            "MATCH (:Pattern {model: $a})-[r:MATCHES]-(:Pattern {model: $b}) RETURN count(r) AS n",
            p));
    assertEquals(
        1, count("MATCH (c:Comparison) WHERE c.modelA IN [$a, $b] RETURN count(c) AS n", p));
    assertEquals(
        reversed.layerPairs().size() + 2 + reversed.coverage().size(),
        count(
            "MATCH (c:Comparison)-[:HAS_ROW]->(r:ComparisonRow) WHERE c.modelA IN [$a, $b]"
                + " RETURN count(r) AS n",
            p));
    assertEquals(
        2,
        count(
            "MATCH (c:Comparison)-[:COMPARES]->(m:ExplanatoryGraph) WHERE m.name IN [$a, $b]"
                + " RETURN count(m) AS n",
            p));
    assertEquals(reversed, store().comparison("rep-a", "rep-b").orElseThrow());
  }

  @Test
  default void aMissingModelOrAStaleComparisonIsAClearError() {
    ExplanatoryGraph a = writtenTiny("miss-a", 5);
    ExplanatoryGraph absent = SyntheticGraphs.tiny("miss-b", 6);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> store().writeComparison(comparison(a, absent, List.of())));
    assertTrue(e.getMessage().contains("`miss-b` is not in the store"), e.getMessage());
    assertTrue(store().comparison("miss-a", "miss-b").isEmpty());

    store().write(absent, Provenance.of("x"));
    store()
        .writeComparison(
            comparison(
                a,
                absent,
                List.of(new Comparison.Match(0, id(a, 0, 0), 0, id(absent, 0, 0), 0.01, 20))));
    store().write(a, Provenance.of("rewritten"));
    IllegalStateException stale =
        assertThrows(IllegalStateException.class, () -> store().comparison("miss-a", "miss-b"));
    assertTrue(stale.getMessage().contains("re-run xgraph compare"), stale.getMessage());
  }
}
