/**
 * The bad-input catalogue of the xg procedures (issue "reliability"): one shared harness ({@link
 * io.xgraph.cypher.procedures.badinput.BadInputServer}), tables of bad calls with their exact
 * messages per procedure family, and the test classes that run them, each checking that the stored
 * graph is unchanged after every refused call.
 */
package io.xgraph.cypher.procedures.badinput;
