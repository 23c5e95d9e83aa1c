package io.xgraph.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.compare.CubParts;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.meaning.PartLabel;
import io.xgraph.learner.meaning.PartLabeling;
import io.xgraph.learner.meaning.PurityComparison;
import io.xgraph.learner.meaning.TrackingRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link PartLabelMeasurement#measure} on the reduced real run: its five held-out birds are too few
 * for the default rule (10 firings), so a looser one (2 firings, judged on the 3 strongest) lets
 * patterns be rated; what is checked is the bookkeeping, not the purity figures.
 */
class PartLabelMeasurementTest {

  static final TrackingRule LOOSE = new TrackingRule(0.125, 0.5, 2);

  static SmallRealRun run;
  static PartLabelMeasurement.Measured measured;
  static List<long[]> heard = new ArrayList<>();

  @BeforeAll
  static void measure() {
    run = SmallRealRun.shared();
    measured =
        PartLabelMeasurement.measure(
            run.features,
            new GraphInference(run.graph),
            LOOSE,
            3,
            (task, done, total) -> {
              assertEquals("labels", task);
              heard.add(new long[] {done, total});
            });
  }

  @Test
  void everyTrainAndTestBirdIsInferredAndTheTestBirdsAreHeldOut() {
    assertEquals(5, measured.heldOut());
    long[] last = heard.get(heard.size() - 1);
    assertEquals(SmallRealRun.BIRDS, last[0]);
    assertEquals(SmallRealRun.BIRDS, last[1]);
    for (int i = 1; i < heard.size(); i++) {
      assertTrue(heard.get(i)[0] >= heard.get(i - 1)[0], "progress never goes back");
    }
  }

  @Test
  void oneRowPerLayerWithTheStrongestPatternsAsManyAsTheLayerHasFilters() {
    int channels = run.features.layers().get(0).channels();
    int patterns = run.graph.layers().get(0).patterns().size();
    PartLabeling.Row row = measured.result().rows().get(0);
    assertEquals(1, measured.result().rows().size());
    assertEquals(SmallRealRun.LAYER, row.graph().layer());
    assertEquals(patterns, row.graph().detectors());
    assertEquals(channels, row.raw().detectors());
    PurityComparison.Row compared = measured.comparison().get(0);
    assertEquals(1, measured.comparison().size());
    assertEquals(channels, compared.raw().truth().detectors());
    assertEquals(Math.min(channels, patterns), compared.strongest().truth().detectors());
  }

  @Test
  void labelsNameRealPatternsAndPartsAndPassTheRule() {
    Set<Integer> ids =
        run.graph.layers().get(0).patterns().stream().map(p -> p.id()).collect(Collectors.toSet());
    Set<String> parts =
        IntStream.of(PartLabelMeasurement.PART_IDS)
            .mapToObj(CubParts::name)
            .collect(Collectors.toSet());
    assertTrue(!measured.result().labels().isEmpty(), "the loose rule labels some patterns");
    for (PartLabel l : measured.result().labels()) {
      assertTrue(ids.contains(l.patternId()), "label of pattern " + l.patternId());
      assertTrue(parts.contains(l.part()), l.part());
      assertTrue(l.firings() >= LOOSE.minFirings(), l.toString());
      assertTrue(l.share() >= LOOSE.minShare(), l.toString());
    }
  }

  @Test
  void theSameInputsGiveTheSameLabels() {
    PartLabelMeasurement.Measured again =
        PartLabelMeasurement.measure(
            run.features, new GraphInference(run.graph), LOOSE, 3, Progress.NONE);
    assertEquals(measured.result().labels(), again.result().labels());
    assertEquals(measured.heldOut(), again.heldOut());
  }
}
