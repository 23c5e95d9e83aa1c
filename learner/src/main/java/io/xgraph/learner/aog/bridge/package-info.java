/**
 * Turns what the learner computes on real images into the inputs of the And-Or graph package
 * ({@link io.xgraph.learner.aog}): explanatory-graph inference and raw-filter maxima into {@link
 * io.xgraph.learner.aog.PatternResponses}, normalised maps into pooled descriptors, CUB keypoints
 * into part centres, and all of it into an {@link io.xgraph.learner.aog.EvaluationInput}
 * (docs/part-localisation.md).
 *
 * <p>Pure code: the only input is a {@link io.xgraph.learner.data.FeatureSource} and a graph; no
 * file, network or ONNX access here.
 */
package io.xgraph.learner.aog.bridge;
