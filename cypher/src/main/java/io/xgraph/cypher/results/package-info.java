/** Result rows of the {@code xg.*} procedures: public fields, each described. */
package io.xgraph.cypher.results;
