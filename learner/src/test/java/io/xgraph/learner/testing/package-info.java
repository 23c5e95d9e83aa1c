/** Test fixtures: in-memory feature sources with known answers. */
package io.xgraph.learner.testing;
