/**
 * File formats of the learner, kept out of the numeric kernels: the compact graph file and the
 * per-layer checkpoints used to resume an interrupted learning run.
 */
package io.xgraph.learner.io;
