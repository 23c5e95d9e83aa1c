/**
 * Implementation of the store: one Cypher-based writer and reader over a small transaction
 * abstraction ({@link io.xgraph.store.internal.CypherSession}) with an embedded and a Bolt
 * transport, the schema and its versioning, and a JSON codec for provenance. Not a public API.
 */
package io.xgraph.store.internal;
