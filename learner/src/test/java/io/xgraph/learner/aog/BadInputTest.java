package io.xgraph.learner.aog;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.data.Point;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BadInputTest {

  private static void fails(Executable e, String... fragments) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    for (String f : fragments) {
      assertTrue(
          ex.getMessage().contains(f), "message `" + ex.getMessage() + "` lacks `" + f + "`");
    }
  }

  private static PatternResponses oneFired(String id, int patterns) {
    float[] x = new float[patterns];
    float[] y = new float[patterns];
    float[] s = new float[patterns];
    boolean[] f = new boolean[patterns];
    x[0] = 50;
    y[0] = 60;
    s[0] = 1;
    f[0] = true;
    return new PatternResponses(id, x, y, s, f);
  }

  @Test
  void annotationOutsideThePlane() {
    fails(
        () -> new AnnotatedExample(oneFired("bird7", 3), new Point(250, 10)),
        "`bird7`",
        "(250.0, 10.0)",
        "outside the 224 x 224",
        "map the keypoint into the coordinates");
    fails(() -> MeanPositionBaseline.predict(List.of(new Point(10, -3))), "outside the 224 x 224");
  }

  @Test
  void nanInputs() {
    fails(
        () -> new AnnotatedExample(oneFired("bird7", 3), new Point(Double.NaN, 10)),
        "`bird7`",
        "finite");
    fails(
        () ->
            new PatternResponses(
                "bird8",
                new float[] {Float.NaN},
                new float[] {3},
                new float[] {1},
                new boolean[] {true}),
        "Pattern 0 fired on image `bird8`",
        "finite",
        "fired=false");
    fails(
        () ->
            NearestDescriptorBaseline.predict(
                List.of(
                    new NearestDescriptorBaseline.Example(
                        "a", new float[] {1, 2}, new Point(5, 5))),
                new float[] {1, Float.NaN},
                null),
        "query image",
        "finite");
    fails(
        () -> AogParameters.defaults().withKernelSigmaPx(Double.NaN),
        "Value for `kernelSigmaPx` was `NaN`");
  }

  @Test
  void mismatchedPatternCounts() {
    fails(
        () ->
            new PatternResponses("bird9", new float[2], new float[2], new float[3], new boolean[2]),
        "`bird9`",
        "score=3",
        "one entry per pattern");
    PartModel model =
        new PartTemplateLearner(AogParameters.defaults())
            .learn(
                "head",
                List.of(new AnnotatedExample(oneFired("a", 3), new Point(60, 60))),
                List.of());
    fails(
        () -> new PartLocalizer(AogParameters.defaults()).localize(model, oneFired("b", 4), null),
        "`b`",
        "4 patterns but the model has 3");
    fails(
        () ->
            new PartTemplateLearner(AogParameters.defaults())
                .learn(
                    "head",
                    List.of(new AnnotatedExample(oneFired("a", 3), new Point(60, 60))),
                    List.of(oneFired("c", 5))),
        "`c`",
        "5 patterns but the model has 3");
  }

  @Test
  void tooFewAnnotations() {
    fails(
        () -> new PartTemplateLearner(AogParameters.defaults()).learn("head", List.of(), List.of()),
        "0 annotated examples",
        "at least 1");
    fails(
        () ->
            new FewShotEvaluation(AogParameters.defaults()).evaluate(tinyInput(), "head", 3, 10, 1),
        "Only 2 train images have part `head`",
        "3 annotated images");
    fails(
        () ->
            new FewShotEvaluation(AogParameters.defaults()).evaluate(tinyInput(), "head", 2, 5, 1),
        "Value for `draws` was `5`",
        ">= 10");
  }

  @Test
  void unknownImageIds() {
    EvaluationInput t = tinyInput();
    fails(
        () ->
            new FewShotEvaluation(AogParameters.defaults())
                .evaluate(
                    new EvaluationInput(
                        t.graph(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        t.partPoints(),
                        t.trainIds(),
                        List.of("t1", "ghost")),
                    "head",
                    2,
                    10,
                    1),
        "Image `ghost` of the test split has no graph responses");
    fails(
        () ->
            new FewShotEvaluation(AogParameters.defaults())
                .evaluate(
                    new EvaluationInput(
                        t.graph(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        t.partPoints(),
                        List.of("a1", "a2", "nobody"),
                        t.testIds()),
                    "head",
                    1,
                    10,
                    1),
        "Image `nobody` of the train split has no graph responses",
        "remove the image from the split");
    fails(
        () ->
            new FewShotEvaluation(AogParameters.defaults())
                .evaluate(
                    new EvaluationInput(
                        t.graph(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        t.partPoints(),
                        List.of("a1", "a2", "t1"),
                        t.testIds()),
                    "head",
                    1,
                    10,
                    1),
        "`t1`",
        "disjoint");
  }

  private static EvaluationInput tinyInput() {
    return new EvaluationInput(
        Map.of("a1", oneFired("a1", 3), "a2", oneFired("a2", 3), "t1", oneFired("t1", 3)),
        null,
        null,
        null,
        null,
        null,
        Map.of("a1", new Point(60, 60), "a2", new Point(62, 61), "t1", new Point(61, 60)),
        List.of("a1", "a2"),
        List.of("t1"));
  }
}
