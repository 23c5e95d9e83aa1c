/** Typed, validated reading of the {@code configuration} map that ends every xg.* procedure. */
package io.xgraph.cypher.config;
