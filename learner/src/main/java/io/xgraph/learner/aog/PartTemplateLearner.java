package io.xgraph.learner.aog;

import io.xgraph.learner.data.Point;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Learns part templates from a few annotated examples (paper section 4.5; the selection rule is
 * ours, the paper's is unpublished — docs/aog.md has the measurements behind it).
 *
 * <p>For one annotated example with part centre {@code g}, every pattern {@code i} that fired there
 * is a candidate with offset {@code o_i = g - p_i} (its position {@code p_i}); on any other image
 * it predicts the part at {@code q_i(I) = p_i(I) + o_i}. Candidates are ranked by
 *
 * <pre>
 *   selection_i = prior_i * A_i * (L_i + 0.05)
 *   prior_i     = s_i(annotated) * exp(-|o_i|^2 / (2 kappa^2))        (score and closeness)
 *   L_i = mean over the OTHER annotated examples J of [fired] exp(-|q_i(J) - g_J|^2 / (2 tau^2))
 *   A_i = mean over unannotated images I of [fired] exp(-|q_i(I) - c(I)|^2 / (2 tau^2))
 * </pre>
 *
 * where {@code c(I)} is the consensus on image I: the maximum of a vote map (kernel sigma tau) of
 * all candidates' predictions weighted by {@code weight_i * s_i(I)}. The weights start at {@code
 * prior_i * (L_i + 0.05)} — so the ground truth of the other shots decides which cluster of
 * mutually consistent patterns is the part, not merely the tightest cluster — and each consensus
 * round re-weights them by the current selection score (a robust, mean-shift-like fixed point). The
 * two agreements multiply: a pattern must agree with the ground truth of the other shots AND with
 * the consensus on many unannotated images (measured better than their average: docs/aog.md). A
 * pattern that does not fire on an image earns nothing there, so agreement also rewards firing
 * often. A missing kind of evidence (no other shots, no unannotated images, or switched off) drops
 * its factor; the 0.05 floor keeps a pattern unseen on the other shots rankable.
 *
 * <p>When the shot's flipped responses are given, a template is also learned from the flipped image
 * (annotation mirrored) and the better of the two is kept: the one whose answers on the other shots
 * (localised with their flips too) lie closer to their annotations, i.e. the higher {@link
 * PartTemplate#reliability()} = mean {@code exp(-d^2 / (2 tau^2))}; without other shots, the one
 * with more selection mass. The reliability multiplies the template's score in the OR node, so a
 * template that failed on the other shots (e.g. one that locked onto patterns tied to the crop
 * rather than the part) rarely wins.
 *
 * <p>The sorted selection scores are cut at their knee — the point farthest below the chord from
 * the first to the last score (Kneedle) — clamped to {@code [minPatterns, maxPatterns]}; the
 * release instead fits a decaying curve and cuts at its knee. Kept patterns vote with weights
 * proportional to their selection score, summing to 1 per template, so template scores are
 * comparable in the OR node.
 */
public final class PartTemplateLearner {

  /** Keeps patterns unseen on the other shots in the first consensus round, with low weight. */
  private static final double LABELED_FLOOR = 0.05;

  /** Reliability of a template that missed every other shot: small but positive. */
  private static final double MIN_RELIABILITY = 1e-3;

  private final AogParameters params;

  public PartTemplateLearner(AogParameters params) {
    if (params == null) {
      throw new IllegalArgumentException("AOG parameters are null: use AogParameters.defaults()");
    }
    this.params = params;
  }

  /**
   * Learns the part model: one template per annotated example, each checked against the other
   * examples' ground truth and the unannotated images. A shot on which no pattern fired (in either
   * orientation) gives no template; the model keeps the others.
   *
   * @param partName the part, e.g. "head"
   * @param shots the annotated examples (at least one; the experiment uses 3)
   * @param unannotated responses of the category's other training images; images that are also
   *     shots are skipped
   * @throws IllegalArgumentException on no shots, duplicate shots, mismatched pattern counts, or
   *     when no shot has a fired pattern
   */
  public PartModel learn(
      String partName, List<AnnotatedExample> shots, List<PatternResponses> unannotated) {
    if (shots == null || shots.isEmpty()) {
      throw new IllegalArgumentException(
          "Part `"
              + partName
              + "` got 0 annotated examples: supply at least 1 (the few-shot experiment uses 3)");
    }
    int p = shots.get(0).responses().patternCount();
    Set<String> ids = new HashSet<>();
    for (AnnotatedExample s : shots) {
      s.responses().requirePatternCount(p, "annotated example");
      if (!ids.add(s.imageId())) {
        throw new IllegalArgumentException(
            "Image `" + s.imageId() + "` is annotated twice: give each annotated image once");
      }
    }
    List<PatternResponses> others = new ArrayList<>();
    for (PatternResponses r : unannotated == null ? List.<PatternResponses>of() : unannotated) {
      r.requirePatternCount(p, "unannotated image");
      if (!ids.contains(r.imageId())) {
        others.add(r);
      }
    }
    List<PartTemplate> templates = new ArrayList<>();
    for (AnnotatedExample shot : shots) {
      List<AnnotatedExample> rest = new ArrayList<>(shots);
      rest.remove(shot);
      PartTemplate t = bestOrientation(shot, rest, others, p);
      if (t != null) {
        templates.add(t);
      }
    }
    if (templates.isEmpty()) {
      throw new IllegalArgumentException(
          "No pattern fired on any annotated image of part `"
              + partName
              + "` ("
              + ids
              + "): check the responses, or annotate other images");
    }
    return new PartModel(partName, p, templates);
  }

  /**
   * Learns one template.
   *
   * @param shot the annotated example the template is learned from
   * @param otherShots other annotated examples, used as labeled checks (may be empty)
   * @param unannotated unannotated images of the category (may be empty; annotated images among
   *     them are skipped)
   * @throws IllegalArgumentException if no pattern fired on the annotated image
   */
  public PartTemplate learnTemplate(
      AnnotatedExample shot,
      List<AnnotatedExample> otherShots,
      List<PatternResponses> unannotated) {
    int p = shot.responses().patternCount();
    otherShots.forEach(s -> s.responses().requirePatternCount(p, "annotated example"));
    Set<String> annotatedIds = new HashSet<>();
    annotatedIds.add(shot.imageId());
    otherShots.forEach(s -> annotatedIds.add(s.imageId()));
    List<PatternResponses> rest = new ArrayList<>();
    for (PatternResponses r : unannotated) {
      r.requirePatternCount(p, "unannotated image");
      if (!annotatedIds.contains(r.imageId())) {
        rest.add(r);
      }
    }
    PartTemplate t = bestOrientation(shot, otherShots, rest, p);
    if (t == null) {
      throw new IllegalArgumentException(
          "No pattern fired on annotated image `"
              + shot.imageId()
              + "`: its template cannot be learned; annotate another image");
    }
    return t;
  }

  /**
   * The shot's template from its image, or from its flipped image when given and better: higher
   * reliability on the other shots, or (without other shots) more selection mass.
   */
  private PartTemplate bestOrientation(
      AnnotatedExample shot,
      List<AnnotatedExample> otherShots,
      List<PatternResponses> unannotated,
      int patternCount) {
    Selected best = null;
    double bestReliability = 0;
    for (AnnotatedExample view : new AnnotatedExample[] {shot, shot.mirrored()}) {
      if (view == null) {
        continue;
      }
      Selected s = selectTemplate(view, view != shot, otherShots, unannotated);
      if (s == null) {
        continue;
      }
      double r = otherShots.isEmpty() ? 1.0 : reliability(s.template(), otherShots, patternCount);
      if (best == null || r > bestReliability || (r == bestReliability && s.mass() > best.mass())) {
        best = s;
        bestReliability = r;
      }
    }
    return best == null ? null : best.template().withReliability(bestReliability);
  }

  /** Mean agreement of the template's answer with the other shots' annotations, in (0, 1]. */
  private double reliability(
      PartTemplate template, List<AnnotatedExample> otherShots, int patternCount) {
    PartModel probe = new PartModel("probe", patternCount, List.of(template));
    PartLocalizer localizer = new PartLocalizer(params);
    double tau2 = 2 * params.agreementRadiusPx() * params.agreementRadiusPx();
    double sum = 0;
    for (AnnotatedExample j : otherShots) {
      Point p = localizer.localize(probe, j.responses(), j.flipped()).point();
      double d = p.distance(j.part());
      sum += Math.exp(-d * d / tau2);
    }
    return Math.max(MIN_RELIABILITY, sum / otherShots.size());
  }

  /** A selected template with its total (unnormalised) selection score. */
  private record Selected(PartTemplate template, double mass) {}

  private Selected selectTemplate(
      AnnotatedExample shot,
      boolean mirroredView,
      List<AnnotatedExample> otherShots,
      List<PatternResponses> unannotated) {
    PatternResponses a = shot.responses();
    Point g = shot.part();
    double kappa = params.closenessScalePx();

    // Candidates: patterns fired on the annotated image, ranked by score x closeness.
    List<Integer> fired = new ArrayList<>();
    for (int i = 0; i < a.patternCount(); i++) {
      if (a.fired(i) && a.score(i) > 0) {
        fired.add(i);
      }
    }
    if (fired.isEmpty()) {
      return null;
    }
    int m0 = fired.size();
    double[] dx0 = new double[m0];
    double[] dy0 = new double[m0];
    double[] prior0 = new double[m0];
    for (int k = 0; k < m0; k++) {
      int i = fired.get(k);
      dx0[k] = g.x() - a.x(i);
      dy0[k] = g.y() - a.y(i);
      double closeness =
          Double.isInfinite(kappa)
              ? 1.0
              : Math.exp(-(dx0[k] * dx0[k] + dy0[k] * dy0[k]) / (2 * kappa * kappa));
      prior0[k] = a.score(i) * closeness;
    }
    Integer[] order = byDescending(prior0);
    int m = Math.min(m0, params.candidatePool());
    int[] idx = new int[m];
    double[] dx = new double[m];
    double[] dy = new double[m];
    double[] prior = new double[m];
    for (int k = 0; k < m; k++) {
      idx[k] = fired.get(order[k]);
      dx[k] = dx0[order[k]];
      dy[k] = dy0[order[k]];
      prior[k] = prior0[order[k]];
    }

    double tau2 = 2 * params.agreementRadiusPx() * params.agreementRadiusPx();
    boolean useLabeled = !otherShots.isEmpty() && params.useOtherShots();
    boolean useUnlabeled = !unannotated.isEmpty() && params.consensusRounds() > 0;

    double[] labeled = new double[m];
    if (useLabeled) {
      for (AnnotatedExample j : otherShots) {
        // The other shot may show the object the other way round: its flip counts as well.
        for (int k = 0; k < m; k++) {
          double best = agreementAt(j.responses(), idx[k], dx[k], dy[k], j.part(), tau2);
          if (j.flipped() != null) {
            best =
                Math.max(
                    best,
                    agreementAt(
                        j.flipped(), idx[k], dx[k], dy[k], ImagePlane.mirror(j.part()), tau2));
          }
          labeled[k] += best;
        }
      }
      for (int k = 0; k < m; k++) {
        labeled[k] /= otherShots.size();
      }
    }

    double[] selection = new double[m];
    double[] agreement = new double[m];
    if (useUnlabeled) {
      double[] weight = new double[m];
      for (int k = 0; k < m; k++) {
        weight[k] = useLabeled ? prior[k] * (labeled[k] + LABELED_FLOOR) : prior[k];
      }
      VoteMap map = new VoteMap(params.consensusStepPx(), params.agreementRadiusPx());
      for (int round = 0; round < params.consensusRounds(); round++) {
        // Consensus per image, then each candidate's agreement with it.
        Arrays.fill(agreement, 0.0);
        for (PatternResponses r : unannotated) {
          map.clear();
          for (int k = 0; k < m; k++) {
            if (r.fired(idx[k])) {
              map.add(r.x(idx[k]) + dx[k], r.y(idx[k]) + dy[k], weight[k] * r.score(idx[k]));
            }
          }
          VoteMap.Peak c = map.peak(true);
          if (c.value() <= 0) {
            continue;
          }
          for (int k = 0; k < m; k++) {
            if (r.fired(idx[k])) {
              double ex = r.x(idx[k]) + dx[k] - c.x();
              double ey = r.y(idx[k]) + dy[k] - c.y();
              agreement[k] += Math.exp(-(ex * ex + ey * ey) / tau2);
            }
          }
        }
        for (int k = 0; k < m; k++) {
          agreement[k] /= unannotated.size();
          weight[k] = prior[k] * agreement[k] * (useLabeled ? labeled[k] + LABELED_FLOOR : 1.0);
        }
      }
      System.arraycopy(weight, 0, selection, 0, m);
    } else {
      for (int k = 0; k < m; k++) {
        selection[k] = useLabeled ? prior[k] * (labeled[k] + LABELED_FLOOR) : prior[k];
      }
    }

    Integer[] ranked = byDescending(selection);
    int positive = 0;
    while (positive < m && selection[ranked[positive]] > 0) {
      positive++;
    }
    if (positive == 0) {
      // Nothing agreed anywhere: fall back to the prior so the template still says something.
      selection = prior;
      ranked = byDescending(selection);
      positive = m;
    }
    double[] sorted = new double[positive];
    for (int k = 0; k < positive; k++) {
      sorted[k] = selection[ranked[k]];
    }
    int keep = params.kneeCut() ? kneeCount(sorted) : params.maxPatterns();
    keep = Math.max(params.minPatterns(), Math.min(params.maxPatterns(), keep));
    keep = Math.min(keep, positive);

    double total = 0;
    for (int k = 0; k < keep; k++) {
      total += sorted[k];
    }
    List<TemplatePattern> patterns = new ArrayList<>(keep);
    for (int k = 0; k < keep; k++) {
      int c = ranked[k];
      patterns.add(new TemplatePattern(idx[c], dx[c], dy[c], sorted[k] / total));
    }
    return new Selected(new PartTemplate(a.imageId(), mirroredView, g, 1.0, patterns), total);
  }

  private static double agreementAt(
      PatternResponses r, int i, double dx, double dy, Point truth, double tau2) {
    if (!r.fired(i)) {
      return 0;
    }
    double ex = r.x(i) + dx - truth.x();
    double ey = r.y(i) + dy - truth.y();
    return Math.exp(-(ex * ex + ey * ey) / tau2);
  }

  /**
   * Number of leading values before the knee of a descending curve: the index of the point farthest
   * below the chord from the first to the last value, both axes scaled to [0, 1].
   */
  static int kneeCount(double[] descending) {
    int n = descending.length;
    if (n <= 2) {
      return n;
    }
    double top = descending[0];
    double bottom = descending[n - 1];
    if (!(top > bottom)) {
      return n;
    }
    int best = n;
    double bestGap = 0;
    for (int k = 1; k < n - 1; k++) {
      double xk = k / (double) (n - 1);
      double yk = (descending[k] - bottom) / (top - bottom);
      double gap = (1 - xk) - yk;
      if (gap > bestGap) {
        bestGap = gap;
        best = k;
      }
    }
    return best;
  }

  private static Integer[] byDescending(double[] v) {
    Integer[] order = new Integer[v.length];
    for (int k = 0; k < v.length; k++) {
      order[k] = k;
    }
    // Stable sort: ties keep pattern order, so results do not depend on anything but the input.
    Arrays.sort(order, (p, q) -> Double.compare(v[q], v[p]));
    return order;
  }
}
