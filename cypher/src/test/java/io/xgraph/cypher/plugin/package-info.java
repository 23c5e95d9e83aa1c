/** Integration tests of the packaged plugin jar in a stock Neo4j server process. */
package io.xgraph.cypher.plugin;
