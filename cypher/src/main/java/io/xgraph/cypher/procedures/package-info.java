/**
 * The {@code xg.*} procedures: one thin class per noun, each method handing its arguments to a
 * facade in {@link io.xgraph.cypher.query} or {@link io.xgraph.cypher.inference}.
 */
package io.xgraph.cypher.procedures;
