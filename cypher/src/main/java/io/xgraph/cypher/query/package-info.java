/**
 * Reading stored graphs inside a procedure's transaction and the pure selection logic of {@code
 * xg.model.*}, {@code xg.layer.*} and {@code xg.pattern.*}.
 */
package io.xgraph.cypher.query;
