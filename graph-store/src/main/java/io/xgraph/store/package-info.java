/**
 * Explanatory graphs in Neo4j: the {@link io.xgraph.store.GraphStore} interface over an embedded
 * database folder (default) or a remote server reached through the Neo4j Java Driver, with the
 * provenance and model summaries it keeps. The graph model is described in docs/graph-model.md.
 */
package io.xgraph.store;
