package io.xgraph.learner.aog;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.data.Point;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The measurements behind the template-selection rule (docs/aog.md): each term of the rule switched
 * on in turn, on two synthetic categories, 3-shot, held-out images. Prints a table per category and
 * checks the comparisons the rule's design relies on.
 */
class SelectionRuleFiguresTest {

  private static final int TRAIN = 60;
  private static final int TEST = 30;
  private static final int DRAWS = 6;
  private static final long SEED = 20180202L;

  /** Figures of one variant on one category. */
  record Figures(double meanNd, double precision, double patterns) {}

  static Map<String, AogParameters> variants() {
    return SelectionAblation.variants(AogParameters.defaults());
  }

  static Map<String, Figures> measure(SyntheticCategory c, Map<String, AogParameters> variants) {
    List<String> train = c.ids.subList(0, TRAIN);
    List<String> test = c.ids.subList(TRAIN, TRAIN + TEST);
    List<List<String>> draws = FewShotEvaluation.drawShots(train, 3, DRAWS, SEED);
    Map<String, Figures> out = new LinkedHashMap<>();
    for (Map.Entry<String, AogParameters> v : variants.entrySet()) {
      PartTemplateLearner learner = new PartTemplateLearner(v.getValue());
      PartLocalizer localizer = new PartLocalizer(v.getValue());
      double nd = 0;
      double rigid = 0;
      double used = 0;
      for (List<String> shots : draws) {
        List<String> rest = new ArrayList<>(train);
        rest.removeAll(shots);
        PartModel model = learner.learn("head", c.shots(shots), c.responsesOf(rest));
        for (PartTemplate t : model.templates()) {
          for (TemplatePattern tp : t.patterns()) {
            rigid += c.isRigid(tp.patternIndex()) ? 1 : 0;
          }
          used += t.patterns().size();
        }
        for (String id : test) {
          Point p = localizer.localize(model, c.responses.get(id), null).point();
          nd += ImagePlane.normalizedDistance(p, c.parts.get(id));
        }
      }
      int templates = 3 * draws.size();
      out.put(
          v.getKey(),
          new Figures(nd / (draws.size() * test.size()), rigid / used, used / templates));
    }
    double meanNd = 0;
    for (List<String> shots : draws) {
      List<Point> pts = new ArrayList<>();
      shots.forEach(id -> pts.add(c.parts.get(id)));
      Point mean = MeanPositionBaseline.predict(pts);
      for (String id : test) {
        meanNd += ImagePlane.normalizedDistance(mean, c.parts.get(id));
      }
    }
    out.put("mean-position baseline", new Figures(meanNd / (draws.size() * test.size()), 0, 0));
    return out;
  }

  static String table(String title, Map<String, Figures> f) {
    StringBuilder b = new StringBuilder(title).append('\n');
    b.append(
        String.format(
            Locale.ROOT,
            "  %-26s %9s %15s %9s%n",
            "variant",
            "mean nd",
            "rigid share",
            "patterns"));
    f.forEach(
        (k, v) ->
            b.append(
                String.format(
                    Locale.ROOT,
                    "  %-26s %9.4f %15.2f %9.1f%n",
                    k,
                    v.meanNd(),
                    v.precision(),
                    v.patterns())));
    return b.toString();
  }

  @Test
  void rigidPlusNoise() {
    SyntheticCategory c =
        SyntheticCategory.generate(
            new SyntheticCategory.Config(20, 0, 100, 20, 40, 0), TRAIN + TEST, 11);
    Map<String, Figures> f = measure(c, variants());
    System.out.print(table("Category A: 20 rigid, 100 random, 20 silent patterns", f));
    Figures full = f.get("full rule");
    assertTrue(full.precision() > 0.8, "rigid share " + full.precision());
    assertTrue(full.meanNd() < 0.03, "mean nd " + full.meanNd());
    assertTrue(full.meanNd() < 0.4 * f.get("mean-position baseline").meanNd());
    assertTrue(full.meanNd() <= f.get("score only").meanNd());
  }

  @Test
  void looseRigidPatterns() {
    SyntheticCategory c =
        SyntheticCategory.generate(
            new SyntheticCategory.Config(20, 15, 90, 20, 40, 0, 6, 0.15, 0.6), TRAIN + TEST, 13);
    Map<String, Figures> f = measure(c, variants());
    System.out.print(
        table(
            "Category C: 20 loose rigid (jitter 6 + 0.15|r| px, fire 0.6), 15 frame-anchored, 90"
                + " random, 20 silent",
            f));
    Figures full = f.get("full rule");
    assertTrue(full.precision() > 0.8, "rigid share " + full.precision());
    assertTrue(full.meanNd() < 0.4 * f.get("mean-position baseline").meanNd());
  }

  @Test
  void frameAnchoredDistractors() {
    SyntheticCategory c =
        SyntheticCategory.generate(
            new SyntheticCategory.Config(15, 25, 80, 20, 40, 0), TRAIN + TEST, 12);
    Map<String, Figures> f = measure(c, variants());
    System.out.print(
        table("Category B: 15 rigid, 25 frame-anchored, 80 random, 20 silent patterns", f));
    Figures full = f.get("full rule");
    Figures unlabeled = f.get("+unannotated consensus");
    assertTrue(full.precision() > 0.6, "rigid share " + full.precision());
    assertTrue(full.precision() > unlabeled.precision() + 0.3, "rigid share " + full.precision());
    assertTrue(
        full.meanNd() < unlabeled.meanNd(),
        "the other shots must rescue the consensus from the frame-anchored cluster");
    assertTrue(full.meanNd() < 0.4 * f.get("mean-position baseline").meanNd());
  }
}
