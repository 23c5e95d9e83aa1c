/**
 * Cross-model comparison of two explanatory graphs learned on overlapping images: pattern
 * correspondences (mutual best matches by inferred position), per-layer-pair summaries, stability
 * next to the raw-filter baseline, and a part coverage table. Pure numeric code over positions,
 * scores and firing flags that the caller infers; no I/O.
 */
package io.xgraph.learner.compare;
