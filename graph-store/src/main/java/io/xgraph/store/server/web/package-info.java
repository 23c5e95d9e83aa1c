/**
 * JAX-RS resources mounted into the embedded server's HTTP connector under {@code /xgraph}: the
 * Neo4j Browser style sheet of the graph model, and the page behind the one-click Browser link.
 */
package io.xgraph.store.server.web;
