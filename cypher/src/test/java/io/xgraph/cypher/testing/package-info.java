/** Test fixtures: a literal graph, the learned bird graph, a harness with the procedures. */
package io.xgraph.cypher.testing;
