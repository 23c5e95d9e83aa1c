/**
 * The embedded Neo4j server behind {@code xgraph serve}: Bolt and HTTP (Neo4j Browser) on loopback,
 * procedure classes registered, the project's Browser style sheet served over HTTP.
 */
package io.xgraph.store.server;
