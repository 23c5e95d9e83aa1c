/**
 * The xgraph Neo4j plugin: {@code xg.*} procedures over stored explanatory graphs, its settings
 * ({@link io.xgraph.cypher.XgraphSettings}) and the Model properties it relies on ({@link
 * io.xgraph.cypher.ModelFiles}).
 */
package io.xgraph.cypher;
