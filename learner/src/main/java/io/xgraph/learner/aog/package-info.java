/**
 * Few-shot part localisation with an And-Or graph on top of pattern responses (paper section 4.5,
 * Experiment 3; docs/aog.md).
 *
 * <p>Four layers: a semantic part (OR node, {@link io.xgraph.learner.aog.PartModel}) has one part
 * template per annotated example (AND node, {@link io.xgraph.learner.aog.PartTemplate}); a template
 * uses selected patterns with their offsets to the part (latent OR nodes, {@link
 * io.xgraph.learner.aog.TemplatePattern}); a pattern's inferred position on an image stands for its
 * neural units (terminals). {@link io.xgraph.learner.aog.PartTemplateLearner} learns the model,
 * {@link io.xgraph.learner.aog.PartLocalizer} localises the part by voting, {@link
 * io.xgraph.learner.aog.FewShotEvaluation} runs the evaluation protocol against the baselines.
 *
 * <p>Pure numeric code: no I/O, no Neo4j, no ONNX. Inputs are {@link
 * io.xgraph.learner.aog.PatternResponses} per image (explanatory-graph nodes or raw filters alike).
 */
package io.xgraph.learner.aog;
