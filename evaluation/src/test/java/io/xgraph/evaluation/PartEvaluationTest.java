package io.xgraph.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.aog.AogParameters;
import io.xgraph.learner.aog.EvaluationReport;
import io.xgraph.learner.aog.bridge.Facing;
import io.xgraph.learner.aog.bridge.PartDefinition;
import io.xgraph.learner.data.ImageRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link PartEvaluation#run}, the protocol of {@code part eval}, on the reduced real run: every
 * part is evaluated with the AOG and its baselines over the same seeded draws as {@link
 * FewShotPart#evaluate}, the counts describe the run, and the graph-only form leaves the raw
 * filters out.
 */
class PartEvaluationTest {

  private static final List<String> METHODS =
      List.of("aog-graph", "aog-raw-filters", "nearest-descriptor", "mean-position");

  static SmallRealRun run;
  static PartEvaluationResult result;
  static String log;

  @BeforeAll
  static void runTheProtocol() {
    run = SmallRealRun.shared();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    result =
        PartEvaluation.run(
            run.features,
            run.graph,
            settings(List.of(PartDefinition.HEAD_FOREHEAD, PartDefinition.TAIL), false),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    log = out.toString(StandardCharsets.UTF_8);
  }

  private static PartEvaluation.Settings settings(List<PartDefinition> parts, boolean graphOnly) {
    return new PartEvaluation.Settings(
        parts,
        3,
        10,
        21L,
        List.of(2),
        false,
        false,
        false,
        null,
        null,
        AogParameters.defaults(),
        null,
        graphOnly);
  }

  @Test
  void theCountsDescribeTheRun() {
    List<ImageRecord> images = run.features.images();
    assertEquals(count(images, "train"), result.trainImages());
    assertEquals(count(images, "test"), result.testImages());
    assertEquals(run.graph.patternCount(), result.patterns());
    assertEquals(run.features.layers().get(0).channels(), result.rawFilters());
    assertEquals(List.of(SmallRealRun.LAYER), result.layerNames());
    assertEquals(false, result.flipped(), "no mirrored store given");
  }

  @Test
  void everyPartIsEvaluatedByEveryMethodOverTheSameDrawsAsFewShotPart() {
    var set = FewShotPart.responses(run.features, run.graph);
    assertEquals(2, result.parts().size());
    for (PartEvaluationResult.PartResult r : result.parts()) {
      EvaluationReport report = r.report();
      for (String m : METHODS) {
        assertNotNull(report.method(m), m + " for " + r.part().name());
      }
      assertEquals(10, report.draws().size());
      EvaluationReport alone = FewShotPart.evaluate(set, r.part(), 3, 10, 21L);
      for (int d = 0; d < 10; d++) {
        assertEquals(
            alone.draws().get(d).annotatedImageIds(), report.draws().get(d).annotatedImageIds());
        assertEquals(
            alone.draws().get(d).meanNormalizedDistance().get("aog-graph"),
            report.draws().get(d).meanNormalizedDistance().get("aog-graph"),
            r.part().name() + " draw " + d);
      }
      assertNotNull(r.graphSel());
      assertTrue(r.graphSel().meanPerTemplate() > 0, "templates keep patterns");
      assertEquals(1.0, r.graphSel().perLayerShare()[0], 1e-9, "one layer holds every pattern");
      assertTrue(
          log.contains("part " + r.part().name() + ": 10 draws of 3 shots"), "logged:\n" + log);
    }
    assertEquals(List.of(2), List.copyOf(result.shotCurve().keySet()));
    assertEquals(2, result.shotCurve().get(2).draws().get(0).annotatedImageIds().size());
    String md = result.markdown();
    assertTrue(md.contains("| head-forehead [6] |"), md);
    assertTrue(md.contains("| tail [14] |"), md);
  }

  @Test
  void theGraphOnlyFormLeavesTheRawFiltersOut() {
    PartEvaluationResult graphOnly =
        PartEvaluation.run(
            run.features,
            run.graph,
            settings(List.of(PartDefinition.BACK), true),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    EvaluationReport report = graphOnly.parts().get(0).report();
    assertNotNull(report.method("aog-graph"));
    assertNull(report.method("aog-raw-filters"));
    assertNull(graphOnly.parts().get(0).graphSel(), "no selection counts in the graph-only form");
  }

  @Test
  void noPartAndAnUnknownFacingAreRefused() {
    IllegalArgumentException none =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PartEvaluation.run(
                    run.features, run.graph, settings(List.of(), false), System.out));
    assertEquals("No part given: list at least one with --parts", none.getMessage());
    assertEquals(Facing.LEFT, PartEvaluation.facing("Left"));
    assertNull(PartEvaluation.facing("all"));
    IllegalArgumentException up =
        assertThrows(IllegalArgumentException.class, () -> PartEvaluation.facing("up"));
    assertEquals(
        "Value for `--facing` was `up`, but must be one of all, left, right", up.getMessage());
  }

  @Test
  void tauAndKappaReplaceOnlyTheirOwnParameters() {
    AogParameters d = AogParameters.defaults();
    AogParameters p = PartEvaluation.parameters(13.0, null);
    assertEquals(13.0, p.agreementRadiusPx());
    assertEquals(d.closenessScalePx(), p.closenessScalePx());
    assertEquals(d.kernelSigmaPx(), p.kernelSigmaPx());
    assertEquals(d.maxPatterns(), p.maxPatterns());
    assertEquals(d, PartEvaluation.parameters(null, null));
  }

  private static int count(List<ImageRecord> images, String split) {
    return (int) images.stream().filter(r -> split.equals(r.split())).count();
  }
}
