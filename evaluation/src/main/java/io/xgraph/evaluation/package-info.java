/**
 * Evaluation as a library: runs the learner's metrics (io.xgraph.learner.eval, aog, compare,
 * meaning) over a feature store and a graph, for the CLI, notebooks and applications alike. It
 * collects inferred positions per image, offers views of a feature store (subsets, shuffled or
 * renormalised images), runs few-shot part localisation with its baselines, occludes patterns and
 * describes them. It prints nothing and writes no store.
 */
package io.xgraph.evaluation;
