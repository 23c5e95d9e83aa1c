package io.xgraph.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.meaning.CounterpartRanks;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SimilarityCheck#run} on the reduced real run, the graph against itself with every strong
 * pattern its own counterpart: each finds itself first, while the controls do not.
 */
class SimilarityCheckTest {

  static SmallRealRun run;
  static List<SimilarityCheck.Counterpart> pairs;
  static SimilarityCheck.Result result;

  @BeforeAll
  static void checkTheGraphAgainstItself() {
    run = SmallRealRun.shared();
    // The 40 patterns of highest mean score: they fire, so their descriptors are not all alike.
    pairs =
        run.graph.layers().get(0).patterns().stream()
            .sorted((p, q) -> Double.compare(q.meanScore(), p.meanScore()))
            .limit(40)
            .map(p -> new SimilarityCheck.Counterpart(p.id(), p.id(), 0))
            .toList();
    result =
        SimilarityCheck.run(
            run.features, run.graph, run.features, run.graph, pairs, 7, 32, Progress.NONE);
  }

  @Test
  void everyPatternFindsItselfFirstAndTheControlsDoNot() {
    assertEquals(SmallRealRun.BIRDS, result.probeImages());
    int patterns = run.graph.layers().get(0).patterns().size();
    assertEquals(patterns, result.patternsA());
    assertEquals(patterns, result.patternsB());
    assertEquals(7, result.rows().size());
    int whole = CounterpartRanks.Variant.values()[0].ordinal();
    for (int row : new int[] {0, 1}) {
      int[] ranks = result.rows().get(row).ranks()[whole];
      assertEquals(pairs.size(), ranks.length);
      assertEquals(1.0, CounterpartRanks.summarize(ranks).median(), result.rows().get(row).name());
    }
    for (int control : new int[] {2, 3}) {
      SimilarityCheck.Row row = result.rows().get(control);
      assertTrue(CounterpartRanks.summarize(row.ranks()[whole]).median() > 1, row.name());
    }
  }

  @Test
  void theSameSeedGivesTheSameRanks() {
    SimilarityCheck.Result again =
        SimilarityCheck.run(
            run.features, run.graph, run.features, run.graph, pairs, 7, 32, Progress.NONE);
    for (int r = 0; r < result.rows().size(); r++) {
      for (int v = 0; v < CounterpartRanks.Variant.values().length; v++) {
        assertEquals(
            List.of(java.util.Arrays.stream(result.rows().get(r).ranks()[v]).boxed().toArray()),
            List.of(java.util.Arrays.stream(again.rows().get(r).ranks()[v]).boxed().toArray()));
      }
    }
  }
}
