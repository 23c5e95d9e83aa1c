package io.xgraph.learner.aog;

import io.xgraph.learner.data.Point;
import java.util.List;

/**
 * Where a part model puts the part on one image.
 *
 * @param point the predicted part centre on the (unflipped) image's crop plane
 * @param score the winning template's vote-map maximum times its reliability; 0 when no selected
 *     pattern fired
 * @param templateIndex index of the winning template in {@link PartModel#templates()}, or -1 when
 *     nothing voted (then {@code point} is the mean of the templates' source annotations)
 * @param mirrored whether the winning votes came from the horizontally flipped image (the point is
 *     already mapped back with {@link ImagePlane#mirrorX(double)})
 * @param votes the winning template's votes, in the unflipped image's coordinates
 */
public record PartLocalization(
    Point point, double score, int templateIndex, boolean mirrored, List<Vote> votes) {

  public PartLocalization {
    votes = List.copyOf(votes);
  }

  /**
   * One pattern's vote.
   *
   * @param patternIndex the voting pattern
   * @param target where it says the part is (pattern position + offset, unflipped coordinates)
   * @param mass vote mass: template weight times the pattern's score on the image
   */
  public record Vote(int patternIndex, Point target, double mass) {}
}
