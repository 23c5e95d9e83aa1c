/**
 * Learning and inference of the explanatory graph (paper Algorithm 1, eqs. 1-4): the top-down EM
 * ({@link io.xgraph.learner.em.ExplanatoryGraphLearner}), its parameters ({@link
 * io.xgraph.learner.em.LearnerParameters}) and single-image inference ({@link
 * io.xgraph.learner.em.GraphInference}). Pure numeric code: no files, no Neo4j, no ONNX.
 */
package io.xgraph.learner.em;
