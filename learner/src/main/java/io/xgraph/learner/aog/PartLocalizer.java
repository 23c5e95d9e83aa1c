package io.xgraph.learner.aog;

import io.xgraph.learner.data.Point;
import java.util.ArrayList;
import java.util.List;

/**
 * Localises a part with a {@link PartModel} by voting (the release's {@code produceMap}, with a
 * Gaussian kernel).
 *
 * <p>For each template, every selected pattern that fired on the image votes for its position plus
 * its offset, with mass {@code weight * score}, on a 224 x 224 map with a Gaussian kernel of sigma
 * {@link AogParameters#kernelSigmaPx()}; the map's argmax (parabola-refined if asked) is the
 * template's answer and the map maximum times the template's {@link PartTemplate#reliability()} its
 * score. The OR node takes the best-scoring template. When the responses of the horizontally
 * flipped image are supplied, its templates compete as well; a flipped answer is mapped back with
 * {@code x -> 223 - x} ({@link ImagePlane#mirrorX(double)}). Ties go to the unflipped image and the
 * lower template index.
 *
 * <p>Holds a scratch map: one instance per thread.
 */
public final class PartLocalizer {

  private final AogParameters params;
  private final VoteMap map;

  public PartLocalizer(AogParameters params) {
    if (params == null) {
      throw new IllegalArgumentException("AOG parameters are null: use AogParameters.defaults()");
    }
    this.params = params;
    this.map = new VoteMap(1.0, params.kernelSigmaPx());
  }

  /**
   * Localises the part.
   *
   * @param model the learned part model
   * @param image responses of the image
   * @param flipped responses of the horizontally flipped image, or null
   * @throws IllegalArgumentException if a response set does not have the model's pattern count
   */
  public PartLocalization localize(
      PartModel model, PatternResponses image, PatternResponses flipped) {
    if (model == null || image == null) {
      throw new IllegalArgumentException("localize needs a part model and the image's responses");
    }
    image.requirePatternCount(model.patternCount(), "image to localise");
    if (flipped != null) {
      flipped.requirePatternCount(model.patternCount(), "flipped image to localise");
    }
    PartLocalization best = null;
    List<PartTemplate> templates = model.templates();
    for (int t = 0; t < templates.size(); t++) {
      PartLocalization c = vote(templates.get(t), t, image, false);
      if (c != null && (best == null || c.score() > best.score())) {
        best = c;
      }
    }
    if (flipped != null && params.tryMirrored()) {
      for (int t = 0; t < templates.size(); t++) {
        PartLocalization c = vote(templates.get(t), t, flipped, true);
        if (c != null && (best == null || c.score() > best.score())) {
          best = c;
        }
      }
    }
    if (best != null) {
      return best;
    }
    double sx = 0;
    double sy = 0;
    for (PartTemplate t : templates) {
      sx += t.sourcePartUnflipped().x();
      sy += t.sourcePartUnflipped().y();
    }
    return new PartLocalization(
        new Point(sx / templates.size(), sy / templates.size()), 0.0, -1, false, List.of());
  }

  /** One template's answer, or null when none of its patterns fired. */
  private PartLocalization vote(
      PartTemplate template, int index, PatternResponses r, boolean mirrored) {
    map.clear();
    List<PartLocalization.Vote> votes = new ArrayList<>();
    for (TemplatePattern tp : template.patterns()) {
      int i = tp.patternIndex();
      if (!r.fired(i) || r.score(i) <= 0) {
        continue;
      }
      double x = r.x(i) + tp.dx();
      double y = r.y(i) + tp.dy();
      double mass = tp.weight() * r.score(i);
      map.add(x, y, mass);
      votes.add(
          new PartLocalization.Vote(i, new Point(mirrored ? ImagePlane.mirrorX(x) : x, y), mass));
    }
    if (votes.isEmpty()) {
      return null;
    }
    VoteMap.Peak peak = map.peak(params.subPixel());
    if (peak.value() <= 0) {
      return null;
    }
    Point p = new Point(mirrored ? ImagePlane.mirrorX(peak.x()) : peak.x(), peak.y());
    return new PartLocalization(p, peak.value() * template.reliability(), index, mirrored, votes);
  }
}
