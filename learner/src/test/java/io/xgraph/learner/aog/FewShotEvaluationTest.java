package io.xgraph.learner.aog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.data.Point;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FewShotEvaluationTest {

  static SyntheticCategory category;
  static EvaluationInput input;
  static List<String> train;
  static List<String> test;

  @BeforeAll
  static void build() {
    category =
        SyntheticCategory.generate(new SyntheticCategory.Config(20, 5, 80, 15, 40, 0.3), 70, 21);
    train = category.ids.subList(0, 40);
    test = category.ids.subList(40, 70);
    Map<String, Point> parts = new LinkedHashMap<>(category.parts);
    // Some images lack the part: never drawn as shots, never scored.
    for (String id : List.of("img001", "img005", "img041", "img050")) {
      parts.remove(id);
    }
    input =
        new EvaluationInput(
            category.responses,
            category.flipped,
            category.raw,
            Map.of(),
            category.descriptors,
            category.flippedDescriptors,
            parts,
            train,
            test);
  }

  @Test
  void everyMethodSeesTheSameDrawsAndTheSummaryMatchesThem() {
    EvaluationReport r =
        new FewShotEvaluation(AogParameters.defaults()).evaluate(input, "head", 3, 10, 7L);
    System.out.print(r.table());
    for (EvaluationReport.Draw d : r.draws()) {
      System.out.println(
          d.annotatedImageIds()
              + " "
              + d.annotatedImageIds().stream().map(category.mirroredObject::get).toList()
              + " "
              + d.meanNormalizedDistance());
    }
    assertEquals(28, r.testImages());
    assertEquals(FewShotEvaluation.METHODS.size(), r.methods().size());
    assertEquals(10, r.draws().size());
    List<List<String>> expectedDraws =
        FewShotEvaluation.drawShots(
            train.stream().filter(id -> input.partPoints().containsKey(id)).toList(), 3, 10, 7L);
    for (EvaluationReport.Draw d : r.draws()) {
      assertEquals(expectedDraws.get(d.index()), d.annotatedImageIds());
      assertEquals(3, new HashSet<>(d.annotatedImageIds()).size());
      for (String id : d.annotatedImageIds()) {
        assertTrue(train.contains(id) && input.partPoints().containsKey(id), id);
      }
      assertEquals(new HashSet<>(FewShotEvaluation.METHODS), d.meanNormalizedDistance().keySet());
    }
    for (EvaluationReport.MethodSummary m : r.methods()) {
      double[] v =
          r.draws().stream().mapToDouble(d -> d.meanNormalizedDistance().get(m.method())).toArray();
      double mean = java.util.Arrays.stream(v).average().orElseThrow();
      double ss = java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum();
      assertEquals(mean, m.mean(), 1e-12);
      assertEquals(Math.sqrt(ss / (v.length - 1)), m.std(), 1e-12);
      assertTrue(m.meanLatencyMicros() >= 0);
    }
    double aog = r.method(FewShotEvaluation.AOG_GRAPH).mean();
    double meanPos = r.method(FewShotEvaluation.MEAN).mean();
    double rawAog = r.method(FewShotEvaluation.AOG_RAW).mean();
    assertTrue(aog < 0.4 * meanPos, "AOG " + aog + " vs mean position " + meanPos);
    assertTrue(aog < rawAog, "graph AOG " + aog + " vs raw-filter AOG " + rawAog);
    // The mean-position baseline does not depend on the image: its std is the draws' spread only.
    assertTrue(r.method(FewShotEvaluation.MEAN).std() > 0);
  }

  @Test
  void sameSeedSameReportOtherSeedOtherDraws() {
    FewShotEvaluation e = new FewShotEvaluation(AogParameters.defaults());
    EvaluationInput small =
        new EvaluationInput(
            input.graph(),
            null,
            null,
            null,
            null,
            null,
            input.partPoints(),
            train,
            test.subList(0, 8));
    EvaluationReport a = e.evaluate(small, "head", 3, 10, 99L);
    EvaluationReport b = e.evaluate(small, "head", 3, 10, 99L);
    EvaluationReport c = e.evaluate(small, "head", 3, 10, 100L);
    assertEquals(a.draws(), b.draws());
    for (int k = 0; k < a.methods().size(); k++) {
      assertEquals(a.methods().get(k).mean(), b.methods().get(k).mean(), 0);
      assertEquals(a.methods().get(k).std(), b.methods().get(k).std(), 0);
    }
    assertNotEquals(
        a.draws().stream().map(EvaluationReport.Draw::annotatedImageIds).toList(),
        c.draws().stream().map(EvaluationReport.Draw::annotatedImageIds).toList());
    // Methods without inputs are left out.
    assertEquals(
        List.of(FewShotEvaluation.AOG_GRAPH, FewShotEvaluation.MEAN),
        a.methods().stream().map(EvaluationReport.MethodSummary::method).toList());
  }

  @Test
  void ablationRunsEveryVariantOnTheSameDraws() {
    SyntheticCategory c =
        SyntheticCategory.generate(new SyntheticCategory.Config(10, 5, 30, 5, 40, 0), 24, 31);
    EvaluationInput small =
        new EvaluationInput(
            c.responses,
            null,
            null,
            null,
            null,
            null,
            c.parts,
            c.ids.subList(0, 16),
            c.ids.subList(16, 24));
    Map<String, EvaluationReport> reports =
        SelectionAblation.run(small, AogParameters.defaults(), "head", 3, 10, 5L);
    assertEquals(SelectionAblation.variants(AogParameters.defaults()).keySet(), reports.keySet());
    List<EvaluationReport.Draw> first = reports.values().iterator().next().draws();
    for (EvaluationReport r : reports.values()) {
      for (int d = 0; d < first.size(); d++) {
        assertEquals(first.get(d).annotatedImageIds(), r.draws().get(d).annotatedImageIds());
      }
    }
  }
}
