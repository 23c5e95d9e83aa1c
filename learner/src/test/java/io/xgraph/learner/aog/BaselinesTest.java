package io.xgraph.learner.aog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.data.Point;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselinesTest {

  @Test
  void meanPositionIsTheMeanAnnotation() {
    Point p =
        MeanPositionBaseline.predict(
            List.of(new Point(10, 20), new Point(20, 40), new Point(30, 60)));
    assertEquals(new Point(20, 40), p);
  }

  @Test
  void nearestDescriptorTransfersTheMostSimilarAnnotation() {
    List<NearestDescriptorBaseline.Example> shots =
        List.of(
            new NearestDescriptorBaseline.Example("a", new float[] {1, 0, 0}, new Point(40, 50)),
            new NearestDescriptorBaseline.Example("b", new float[] {0, 1, 0}, new Point(150, 60)));
    NearestDescriptorBaseline.Match m =
        NearestDescriptorBaseline.predict(shots, new float[] {0.2f, 0.9f, 0.1f}, null);
    assertEquals("b", m.sourceImageId());
    assertEquals(new Point(150, 60), m.point());
    assertFalse(m.mirrored());
    // cos((0.2, 0.9, 0.1), (0, 1, 0)) = 0.9 / sqrt(0.86)
    assertEquals(0.9 / Math.sqrt(0.86), m.similarity(), 1e-6);
  }

  @Test
  void aBetterMatchingFlipMirrorsTheAnnotation() {
    List<NearestDescriptorBaseline.Example> shots =
        List.of(
            new NearestDescriptorBaseline.Example("a", new float[] {1, 0, 0}, new Point(40, 50)));
    NearestDescriptorBaseline.Match m =
        NearestDescriptorBaseline.predict(shots, new float[] {0, 1, 0.1f}, new float[] {1, 0, 0});
    assertTrue(m.mirrored());
    assertEquals(new Point(223 - 40, 50), m.point());
  }

  @Test
  void oneShotEvaluationRuns() {
    SyntheticCategory c =
        SyntheticCategory.generate(new SyntheticCategory.Config(10, 0, 30, 5, 40, 0), 20, 41);
    EvaluationReport r =
        new FewShotEvaluation(AogParameters.defaults())
            .evaluate(
                new EvaluationInput(
                    c.responses,
                    null,
                    null,
                    null,
                    c.descriptors,
                    null,
                    c.parts,
                    c.ids.subList(0, 12),
                    c.ids.subList(12, 20)),
                "head",
                1,
                10,
                3L);
    for (EvaluationReport.Draw d : r.draws()) {
      assertEquals(1, d.annotatedImageIds().size());
    }
    assertTrue(
        r.method(FewShotEvaluation.AOG_GRAPH).mean() < r.method(FewShotEvaluation.MEAN).mean());
  }
}
