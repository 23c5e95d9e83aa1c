/**
 * What a pattern means: which annotated object part a detector (a graph pattern or a raw filter)
 * follows on held-out images, with the controls that say how much of it chance explains. Pure
 * functions over positions, firings and part keypoints; no I/O.
 */
package io.xgraph.learner.meaning;
