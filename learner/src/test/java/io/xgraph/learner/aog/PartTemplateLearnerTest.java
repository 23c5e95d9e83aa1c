package io.xgraph.learner.aog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartTemplateLearnerTest {

  @Test
  void kneeOfAStepIsTheStep() {
    assertEquals(3, PartTemplateLearner.kneeCount(new double[] {1, 1, 1, 0.1, 0.1, 0.1, 0.1, 0.1}));
    assertEquals(
        2, PartTemplateLearner.kneeCount(new double[] {5, 4.9, 0.3, 0.25, 0.2, 0.15, 0.1, 0.05}));
    assertEquals(4, PartTemplateLearner.kneeCount(new double[] {2, 2, 2, 2}));
    assertEquals(2, PartTemplateLearner.kneeCount(new double[] {2, 1}));
  }

  @Test
  void templatesSelectTheRigidPatternsWithConsistentOffsets() {
    SyntheticCategory c =
        SyntheticCategory.generate(new SyntheticCategory.Config(20, 0, 100, 20, 40, 0), 50, 3);
    PartModel model =
        new PartTemplateLearner(AogParameters.defaults())
            .learn("head", c.shots(c.ids.subList(0, 3)), c.responsesOf(c.ids));
    assertEquals("head", model.partName());
    assertEquals(140, model.patternCount());
    assertEquals(3, model.templates().size());
    for (int t = 0; t < 3; t++) {
      PartTemplate template = model.templates().get(t);
      assertEquals(c.ids.get(t), template.sourceImageId());
      assertEquals(c.parts.get(c.ids.get(t)), template.sourcePart());
      assertTrue(!template.sourceMirrored() && template.reliability() > 0.5);
      int rigid = 0;
      double weights = 0;
      for (TemplatePattern tp : template.patterns()) {
        rigid += c.isRigid(tp.patternIndex()) ? 1 : 0;
        weights += tp.weight();
        // offset = part - pattern position on the source image
        PatternResponses src = c.responses.get(template.sourceImageId());
        assertEquals(template.sourcePart().x() - src.x(tp.patternIndex()), tp.dx(), 1e-4);
        assertEquals(template.sourcePart().y() - src.y(tp.patternIndex()), tp.dy(), 1e-4);
      }
      int n = template.patterns().size();
      assertTrue(n >= 5 && n <= 30, "pattern count " + n);
      assertTrue(rigid >= 0.8 * n, rigid + " rigid of " + n);
      assertEquals(1.0, weights, 1e-9);
    }
  }

  @Test
  void aSingleShotWithoutOtherImagesStillGivesATemplate() {
    SyntheticCategory c =
        SyntheticCategory.generate(new SyntheticCategory.Config(10, 0, 20, 0, 40, 0), 2, 4);
    PartModel model =
        new PartTemplateLearner(AogParameters.defaults())
            .learn("head", c.shots(c.ids.subList(0, 1)), List.of());
    assertEquals(1, model.templates().size());
    assertTrue(model.templates().get(0).patterns().size() >= 5);
  }

  @Test
  void learningIsDeterministic() {
    SyntheticCategory c =
        SyntheticCategory.generate(new SyntheticCategory.Config(20, 10, 60, 10, 40, 0), 30, 9);
    PartTemplateLearner learner = new PartTemplateLearner(AogParameters.defaults());
    assertEquals(
        learner.learn("head", c.shots(c.ids.subList(0, 3)), c.responsesOf(c.ids)),
        learner.learn("head", c.shots(c.ids.subList(0, 3)), c.responsesOf(c.ids)));
  }
}
