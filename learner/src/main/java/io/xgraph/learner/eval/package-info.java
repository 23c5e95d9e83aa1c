/**
 * Evaluation of explanatory graphs: the stability of inference positions (paper Table 1) and the
 * raw-filter baseline. Pure functions over positions, scores and part points.
 */
package io.xgraph.learner.eval;
