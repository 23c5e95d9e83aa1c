package io.xgraph.learner.aog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.data.Point;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartLocalizerTest {

  private static final AogParameters DEFAULTS = AogParameters.defaults();

  private static PatternResponses literal(String id, double[][] firedAt, int patterns) {
    float[] x = new float[patterns];
    float[] y = new float[patterns];
    float[] s = new float[patterns];
    boolean[] f = new boolean[patterns];
    for (double[] row : firedAt) {
      int i = (int) row[0];
      x[i] = (float) row[1];
      y[i] = (float) row[2];
      s[i] = 1f;
      f[i] = true;
    }
    return new PatternResponses(id, x, y, s, f);
  }

  private static PartModel twoPatternModel() {
    PartTemplate t =
        new PartTemplate(
            "shot",
            new Point(100, 100),
            List.of(new TemplatePattern(0, 10, 0, 0.5), new TemplatePattern(1, -10, 0, 0.5)));
    return new PartModel("head", 3, List.of(t));
  }

  @Test
  void literalVotesMeetAtThePart() {
    PatternResponses img = literal("a", new double[][] {{0, 90, 100}, {1, 110, 100}}, 3);
    PartLocalization r = new PartLocalizer(DEFAULTS).localize(twoPatternModel(), img, null);
    assertEquals(100, r.point().x(), 1e-9);
    assertEquals(100, r.point().y(), 1e-9);
    assertEquals(1.0, r.score(), 1e-12); // two coincident votes of mass 0.5, kernel peak 1
    assertEquals(0, r.templateIndex());
    assertFalse(r.mirrored());
    assertEquals(2, r.votes().size());
  }

  @Test
  void flippedImageVotesAreMappedBack() {
    PatternResponses img = literal("a", new double[][] {}, 3);
    PatternResponses flipped = literal("a", new double[][] {{0, 50, 70}, {1, 70, 70}}, 3);
    PartLocalization r = new PartLocalizer(DEFAULTS).localize(twoPatternModel(), img, flipped);
    assertTrue(r.mirrored());
    assertEquals(223 - 60, r.point().x(), 1e-9);
    assertEquals(70, r.point().y(), 1e-9);
    for (PartLocalization.Vote v : r.votes()) {
      assertEquals(163, v.target().x(), 1e-9);
    }
    PartLocalization off =
        new PartLocalizer(DEFAULTS.withTryMirrored(false))
            .localize(twoPatternModel(), img, flipped);
    assertEquals(-1, off.templateIndex());
  }

  @Test
  void nothingFiredFallsBackToTheTemplatesAnnotations() {
    PatternResponses img = literal("a", new double[][] {{2, 10, 10}}, 3);
    PartLocalization r = new PartLocalizer(DEFAULTS).localize(twoPatternModel(), img, null);
    assertEquals(-1, r.templateIndex());
    assertEquals(0.0, r.score(), 0);
    assertEquals(new Point(100, 100), r.point());
    assertTrue(r.votes().isEmpty());
  }

  @Test
  void learnedModelLocalisesHeldOutImagesAndBeatsTheMeanPosition() {
    SyntheticCategory c =
        SyntheticCategory.generate(new SyntheticCategory.Config(20, 0, 100, 20, 40, 0), 80, 5);
    List<String> shots = c.ids.subList(0, 3);
    List<String> unannotated = c.ids.subList(3, 40);
    List<String> test = c.ids.subList(40, 80);
    PartModel model =
        new PartTemplateLearner(DEFAULTS).learn("head", c.shots(shots), c.responsesOf(unannotated));
    PartLocalizer localizer = new PartLocalizer(DEFAULTS);
    List<Point> annotations = new ArrayList<>();
    shots.forEach(id -> annotations.add(c.parts.get(id)));
    Point mean = MeanPositionBaseline.predict(annotations);
    double aog = 0;
    double base = 0;
    int within10 = 0;
    for (String id : test) {
      Point truth = c.parts.get(id);
      Point p = localizer.localize(model, c.responses.get(id), null).point();
      aog += p.distance(truth);
      base += mean.distance(truth);
      within10 += p.distance(truth) <= 10 ? 1 : 0;
    }
    aog /= test.size();
    base /= test.size();
    System.out.printf(
        "held-out synthetic: AOG %.2f px (nd %.4f), mean position %.2f px, %d/%d within 10 px%n",
        aog, aog / ImagePlane.DIAGONAL, base, within10, test.size());
    assertTrue(aog < 6.0, "mean AOG error " + aog + " px, stated tolerance 6 px");
    assertTrue(aog < 0.3 * base, "AOG " + aog + " px vs mean position " + base + " px");
    assertTrue(within10 >= 0.9 * test.size());
  }

  @Test
  void mirroredObjectsAreFoundThroughTheFlippedImage() {
    SyntheticCategory c =
        SyntheticCategory.generate(new SyntheticCategory.Config(20, 0, 100, 20, 40, 0.5), 120, 6);
    List<String> canonical = new ArrayList<>();
    List<String> mirrored = new ArrayList<>();
    for (String id : c.ids.subList(60, 120)) {
      (c.mirroredObject.get(id) ? mirrored : canonical).add(id);
    }
    List<String> shots = new ArrayList<>();
    for (String id : c.ids.subList(0, 60)) {
      if (!c.mirroredObject.get(id) && shots.size() < 3) {
        shots.add(id);
      }
    }
    List<String> unannotated = new ArrayList<>(c.ids.subList(0, 60));
    unannotated.removeAll(shots);
    PartModel model =
        new PartTemplateLearner(DEFAULTS).learn("head", c.shots(shots), c.responsesOf(unannotated));
    PartLocalizer localizer = new PartLocalizer(DEFAULTS);
    double withFlip = 0;
    double withoutFlip = 0;
    int mirroredChosen = 0;
    for (String id : mirrored) {
      Point truth = c.parts.get(id);
      PartLocalization r = localizer.localize(model, c.responses.get(id), c.flipped.get(id));
      withFlip += r.point().distance(truth);
      mirroredChosen += r.mirrored() ? 1 : 0;
      withoutFlip += localizer.localize(model, c.responses.get(id), null).point().distance(truth);
    }
    withFlip /= mirrored.size();
    withoutFlip /= mirrored.size();
    int canonicalUnflipped = 0;
    double canonicalError = 0;
    for (String id : canonical) {
      PartLocalization r = localizer.localize(model, c.responses.get(id), c.flipped.get(id));
      canonicalUnflipped += r.mirrored() ? 0 : 1;
      canonicalError += r.point().distance(c.parts.get(id));
    }
    canonicalError /= canonical.size();
    System.out.printf(
        "mirrored objects (%d): %.2f px with the flipped image, %.2f px without; canonical (%d):"
            + " %.2f px%n",
        mirrored.size(), withFlip, withoutFlip, canonical.size(), canonicalError);
    assertTrue(mirrored.size() >= 15 && canonical.size() >= 15);
    assertTrue(mirroredChosen >= 0.9 * mirrored.size(), mirroredChosen + "/" + mirrored.size());
    assertTrue(canonicalUnflipped >= 0.9 * canonical.size());
    assertTrue(withFlip < 8.0, "mirrored-object error " + withFlip + " px, tolerance 8 px");
    assertTrue(withoutFlip > 3 * withFlip);
    assertTrue(canonicalError < 8.0);
  }

  @Test
  void modelRebuiltFromStoredValuesLocalisesIdentically() {
    SyntheticCategory c =
        SyntheticCategory.generate(new SyntheticCategory.Config(20, 0, 60, 10, 40, 0), 30, 8);
    PartModel model =
        new PartTemplateLearner(DEFAULTS)
            .learn("head", c.shots(c.ids.subList(0, 3)), c.responsesOf(c.ids.subList(3, 25)));
    // What a graph store keeps: Part{name, patternCount}, PartTemplate{sourceImageId,
    // sourceMirrored, x, y, reliability}, USES{dx, dy, weight} to Pattern{id}.
    List<PartTemplate> rebuilt = new ArrayList<>();
    for (PartTemplate t : model.templates()) {
      List<TemplatePattern> uses = new ArrayList<>();
      for (TemplatePattern tp : t.patterns()) {
        uses.add(new TemplatePattern(tp.patternIndex(), tp.dx(), tp.dy(), tp.weight()));
      }
      rebuilt.add(
          new PartTemplate(
              t.sourceImageId(),
              t.sourceMirrored(),
              new Point(t.sourcePart().x(), t.sourcePart().y()),
              t.reliability(),
              uses));
    }
    PartModel copy = new PartModel(model.partName(), model.patternCount(), rebuilt);
    assertEquals(model, copy);
    PartLocalizer localizer = new PartLocalizer(DEFAULTS);
    for (String id : c.ids.subList(25, 30)) {
      assertEquals(
          localizer.localize(model, c.responses.get(id), null),
          localizer.localize(copy, c.responses.get(id), null));
    }
  }
}
