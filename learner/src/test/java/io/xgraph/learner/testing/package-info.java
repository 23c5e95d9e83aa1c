/**
 * Test fixtures: in-memory feature sources with known answers, and a real small disk for
 * fault-injection tests (shared with the other modules' tests through the test jar).
 */
package io.xgraph.learner.testing;
