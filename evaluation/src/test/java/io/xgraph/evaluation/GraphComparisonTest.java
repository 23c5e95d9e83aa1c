package io.xgraph.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.compare.CompareParameters;
import io.xgraph.learner.compare.Comparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GraphComparison#run} on the reduced real run, the graph against itself: inferred on the
 * same birds the two copies land on the same positions (counterparts at distance 0, the same
 * stability), while the chance control, which shows B other birds, and the shuffled maps do not.
 */
class GraphComparisonTest {

  static SmallRealRun run;
  static Comparison itself;

  @BeforeAll
  static void compareTheGraphWithItself() {
    run = SmallRealRun.shared();
    GraphComparison.Run r =
        GraphComparison.run(side("a", null), side("b", null), null, CompareParameters.defaults());
    assertEquals(SmallRealRun.BIRDS, r.sharedImages());
    itself = r.outcome().comparison();
  }

  private static GraphComparison.Side side(String name, Long shuffle) {
    return GraphComparison.Side.of(
        run.features, run.graph, Path.of("features"), Path.of("graph.xg"), name, shuffle, null);
  }

  @Test
  void theGraphIsItsOwnCounterpartEverywhere() {
    assertEquals("a", itself.modelA());
    assertEquals("b", itself.modelB());
    assertFalse(itself.matches().isEmpty(), "the copies find counterparts");
    for (Comparison.Match m : itself.matches()) {
      assertEquals(0, m.distance(), m.toString());
    }
    Comparison.LayerPairSummary pair = itself.layerPairs().get(0);
    assertEquals(pair.stabilityA(), pair.stabilityB());
    assertEquals(pair.fractionA(), pair.fractionB());
    assertEquals(itself.models().get(0).graphRelease(), itself.models().get(1).graphRelease());
  }

  @Test
  void theChanceControlPairsOtherBirdsAndLosesTheCounterparts() {
    Comparison chance =
        GraphComparison.run(side("a", null), side("b", null), 7L, CompareParameters.defaults())
            .outcome()
            .comparison();
    Comparison.LayerPairSummary real = itself.layerPairs().get(0);
    Comparison.LayerPairSummary control = chance.layerPairs().get(0);
    assertTrue(
        control.matches() < real.matches(),
        "matches: control " + control.matches() + " vs real " + real.matches());
    assertTrue(
        control.meanDistance() > 0 || control.matches() == 0,
        "the control's matches are apart: " + control.meanDistance());
  }

  @Test
  void shuffledMapsAreNoCounterpart() {
    Comparison shuffled =
        GraphComparison.run(side("a", null), side("b", 7L), null, CompareParameters.defaults())
            .outcome()
            .comparison();
    assertTrue(
        shuffled.layerPairs().get(0).matches() < itself.layerPairs().get(0).matches(),
        "matches: shuffled "
            + shuffled.layerPairs().get(0).matches()
            + " vs real "
            + itself.layerPairs().get(0).matches());
  }

  @Test
  void twoSidesOfOneNameAreRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                GraphComparison.run(
                    side(null, null), side(null, null), null, CompareParameters.defaults()));
    assertTrue(e.getMessage().startsWith("Both graphs are named `"), e.getMessage());
    assertTrue(e.getMessage().contains("--name-a/--name-b"), e.getMessage());
  }

  /** The printed and written tables of the comparison say what it found, row for row. */
  @Test
  void theTablesAndCsvFilesCarryTheComparison(@TempDir Path dir) throws Exception {
    String text = ComparisonTables.text(itself);
    assertTrue(text.contains("fire9/concat_1"), text);
    ComparisonTables.writeCsv(itself, dir.resolve("csv"));
    List<String> matches = Files.readAllLines(dir.resolve("csv/matches.csv"));
    assertEquals("layerA,patternA,layerB,patternB,distance,support", matches.get(0));
    assertEquals(itself.matches().size() + 1, matches.size());
    Comparison.Match first = itself.matches().get(0);
    assertEquals(
        first.layerA()
            + ","
            + first.patternA()
            + ","
            + first.layerB()
            + ","
            + first.patternB()
            + ",0.000000,"
            + first.support(),
        matches.get(1));
    List<String> models = Files.readAllLines(dir.resolve("csv/models.csv"));
    assertEquals(3, models.size(), models.toString());
    assertTrue(models.get(1).startsWith("a," + itself.models().get(0).patterns() + ","));
    assertTrue(models.get(2).startsWith("b,"));
  }
}
