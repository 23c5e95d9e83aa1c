package io.xgraph.learner.meaning;

/**
 * A graph pattern that tracks a part on held-out images (see {@link PartTracking.Track}).
 *
 * @param patternId graph-wide pattern id
 * @param part part name (e.g. CUB "beak")
 * @param firings held-out images where the pattern fired and the part is visible
 * @param share share of those where the pattern lay within {@code radius} of the part
 * @param chanceShare the same share against shuffled keypoints (the control)
 * @param meanDx mean offset pattern minus part, x, pixels
 * @param meanDy mean offset, y, pixels
 * @param spread root mean square distance of the offsets from their mean, pixels
 * @param radius the on-part radius, pixels
 */
public record PartLabel(
    int patternId,
    String part,
    int firings,
    double share,
    double chanceShare,
    double meanDx,
    double meanDy,
    double spread,
    double radius) {}
