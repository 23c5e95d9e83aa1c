package io.xgraph.learner.meaning;

/**
 * One pattern's faithfulness figure: how much the image's top class score drops, on average, when
 * the pattern's region is occluded, against random regions of the same size on the same images.
 *
 * @param patternId graph-wide pattern id
 * @param images images it was occluded on (where it fired)
 * @param meanDrop mean drop of the top class probability, its region occluded
 * @param meanControlDrop mean drop with a random same-size region occluded instead
 * @param side side of the occluded square, pixels of the model input (before clipping)
 */
public record PatternOcclusion(
    int patternId, int images, double meanDrop, double meanControlDrop, double side) {}
