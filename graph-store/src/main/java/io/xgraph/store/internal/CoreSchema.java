package io.xgraph.store.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Transaction;
import org.neo4j.graphdb.schema.ConstraintCreator;
import org.neo4j.graphdb.schema.IndexCreator;
import org.neo4j.graphdb.schema.IndexType;

/**
 * Creates the constraints and indexes of {@link Schema#STATEMENTS} through Neo4j's core schema API
 * instead of Cypher, for a new imported store: a freshly started JVM then never loads and warms up
 * the Cypher compiler just to run DDL (measured: 1.2 instead of 3.3 CPU-seconds on this 2-core
 * machine). The statements stay the one definition of the schema; this reads them.
 */
final class CoreSchema {

  private static final Pattern CREATE =
      Pattern.compile(
          "CREATE (CONSTRAINT|INDEX) (\\w+) IF NOT EXISTS FOR \\(n:(\\w+)\\)"
              + " (REQUIRE|ON) \\(?(n\\.\\w+(?:, n\\.\\w+)*)\\)?( IS UNIQUE)?");

  private CoreSchema() {}

  /** One constraint or index of a CREATE statement. */
  record Definition(boolean unique, String name, String label, List<String> properties) {}

  /** The CREATE statements of {@link Schema#STATEMENTS} (the DROPs concern older stores only). */
  static List<Definition> definitions() {
    List<Definition> out = new ArrayList<>();
    for (String statement : Schema.STATEMENTS) {
      if (statement.startsWith("DROP ")) {
        continue;
      }
      Matcher m = CREATE.matcher(statement);
      boolean constraint = m.matches() && m.group(1).equals("CONSTRAINT");
      if (!m.matches() || constraint != (m.group(6) != null)) {
        throw new IllegalStateException(
            "Schema statement not understood by CoreSchema: " + statement);
      }
      List<String> properties = new ArrayList<>();
      for (String p : m.group(5).split(", ")) {
        properties.add(p.substring("n.".length()));
      }
      out.add(new Definition(constraint, m.group(2), m.group(3), List.copyOf(properties)));
    }
    return out;
  }

  /** Creates every constraint and index in {@code tx} (range indexes, as Cypher's defaults). */
  static void create(Transaction tx) {
    for (Definition d : definitions()) {
      Label label = Label.label(d.label());
      if (d.unique()) {
        ConstraintCreator c = tx.schema().constraintFor(label);
        for (String p : d.properties()) {
          c = c.assertPropertyIsUnique(p);
        }
        c.withName(d.name()).withIndexType(IndexType.RANGE).create();
      } else {
        IndexCreator c = tx.schema().indexFor(label);
        for (String p : d.properties()) {
          c = c.on(p);
        }
        c.withName(d.name()).withIndexType(IndexType.RANGE).create();
      }
    }
  }
}
