/**
 * File formats of the learner, kept out of the numeric kernels: the compact graph file and the
 * per-layer checkpoints used to resume an interrupted learning run; and the writes every module
 * shares ({@link io.xgraph.learner.io.AtomicFiles}: complete or not at all) with the wording of a
 * full disk ({@link io.xgraph.learner.io.DiskSpace}).
 */
package io.xgraph.learner.io;
