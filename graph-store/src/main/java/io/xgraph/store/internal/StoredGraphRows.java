package io.xgraph.store.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.ResourceIterator;
import org.neo4j.graphdb.Transaction;

/**
 * Where {@link StoredGraphRead} gets a stored graph's rows from. Every row is a map keyed by the
 * stored property names, so the reader maps the schema to the model once whichever way the rows
 * came: {@link #cypher} works on any session (Bolt included); {@link #core} walks nodes and
 * relationships in-process, which reads a SqueezeNet-sized graph in about half the CPU time of the
 * Cypher statements and skips their compilation on a first load.
 */
interface StoredGraphRows {

  /** The ExplanatoryGraph node's properties, or null when there is no such model. */
  Map<String, Object> model(String name);

  /** The Layer nodes' properties, in any order. */
  List<Map<String, Object>> layers(String name);

  /**
   * Each Pattern node's properties plus {@code parents}: a list of maps, one per PARENT link, with
   * {@code rank, parent, dx, dy, sigma, coactivation} (sigma falls back to the parent's, schema 2).
   */
  void patterns(String name, Consumer<Map<String, Object>> rows);

  /** One map per FIRES_ON link: {@code pattern, image, x, y, score, rank}. */
  void topImages(String name, Consumer<Map<String, Object>> rows);

  /** The rows of the transaction: through the core API when it is in-process, else Cypher. */
  static StoredGraphRows of(CypherSession.Tx tx) {
    Transaction core = tx.core();
    return core != null ? core(core) : cypher(tx);
  }

  /** Rows from Cypher statements. */
  static StoredGraphRows cypher(CypherSession.Tx tx) {
    return new StoredGraphRows() {
      @Override
      public Map<String, Object> model(String name) {
        List<Map<String, Object>> rows =
            tx.list("MATCH (m:ExplanatoryGraph {name: $name}) RETURN properties(m) AS m", at(name));
        return rows.isEmpty() ? null : asMap(rows.get(0).get("m"));
      }

      @Override
      public List<Map<String, Object>> layers(String name) {
        List<Map<String, Object>> out = new ArrayList<>();
        tx.run(
            "MATCH (l:Layer {graph: $name}) RETURN properties(l) AS l",
            at(name),
            r -> out.add(asMap(r.get("l"))));
        return out;
      }

      @Override
      public void patterns(String name, Consumer<Map<String, Object>> rows) {
        Map<Object, List<Map<String, Object>>> parents = new HashMap<>();
        tx.run(
            "MATCH (c:Pattern {graph: $name})-[r:PARENT]->(q:Pattern) RETURN c.id AS child,"
                + " {rank: r.rank, parent: q.id, dx: r.dx, dy: r.dy,"
                + " sigma: coalesce(r.sigma, q.sigma), coactivation: r.coactivation} AS link",
            at(name),
            r ->
                parents
                    .computeIfAbsent(r.get("child"), k -> new ArrayList<>())
                    .add(asMap(r.get("link"))));
        tx.run(
            "MATCH (x:Pattern {graph: $name}) RETURN properties(x) AS x",
            at(name),
            r -> {
              Map<String, Object> x = new HashMap<>(asMap(r.get("x")));
              x.put("parents", parents.getOrDefault(x.get("id"), List.of()));
              rows.accept(x);
            });
      }

      @Override
      public void topImages(String name, Consumer<Map<String, Object>> rows) {
        tx.run(
            "MATCH (x:Pattern {graph: $name})-[f:FIRES_ON]->(i:Image) RETURN x.id AS pattern,"
                + " i.id AS image, f.x AS x, f.y AS y, f.score AS score, f.rank AS rank",
            at(name),
            rows);
      }
    };
  }

  /** Rows from the core API of an in-process transaction. */
  static StoredGraphRows core(Transaction tx) {
    Label modelLabel = Label.label("ExplanatoryGraph");
    Label layerLabel = Label.label("Layer");
    Label patternLabel = Label.label("Pattern");
    return new StoredGraphRows() {
      @Override
      public Map<String, Object> model(String name) {
        Node m = tx.findNode(modelLabel, "name", name);
        return m == null ? null : m.getAllProperties();
      }

      @Override
      public List<Map<String, Object>> layers(String name) {
        List<Map<String, Object>> out = new ArrayList<>();
        try (ResourceIterator<Node> it = tx.findNodes(layerLabel, "graph", name)) {
          it.forEachRemaining(l -> out.add(l.getAllProperties()));
        }
        return out;
      }

      @Override
      public void patterns(String name, Consumer<Map<String, Object>> rows) {
        try (ResourceIterator<Node> it = tx.findNodes(patternLabel, "graph", name)) {
          while (it.hasNext()) {
            Node x = it.next();
            Map<String, Object> row = new HashMap<>(x.getAllProperties());
            List<Map<String, Object>> links = new ArrayList<>();
            for (Relationship r : x.getRelationships(Direction.OUTGOING, CoreStager.PARENT)) {
              Node q = r.getEndNode();
              Map<String, Object> link = new HashMap<>();
              link.put("rank", r.getProperty("rank", null));
              link.put("parent", q.getProperty("id"));
              link.put("dx", r.getProperty("dx"));
              link.put("dy", r.getProperty("dy"));
              link.put("sigma", r.getProperty("sigma", q.getProperty("sigma", null)));
              link.put("coactivation", r.getProperty("coactivation"));
              links.add(link);
            }
            row.put("parents", links);
            rows.accept(row);
          }
        }
      }

      @Override
      public void topImages(String name, Consumer<Map<String, Object>> rows) {
        try (ResourceIterator<Node> it = tx.findNodes(patternLabel, "graph", name)) {
          while (it.hasNext()) {
            Node x = it.next();
            Object id = x.getProperty("id");
            for (Relationship f : x.getRelationships(Direction.OUTGOING, CoreStager.FIRES_ON)) {
              Map<String, Object> row = new HashMap<>();
              row.put("pattern", id);
              row.put("image", f.getEndNode().getProperty("id"));
              row.put("x", f.getProperty("x"));
              row.put("y", f.getProperty("y"));
              row.put("score", f.getProperty("score"));
              row.put("rank", f.getProperty("rank", null));
              rows.accept(row);
            }
          }
        }
      }
    };
  }

  private static Map<String, Object> at(String name) {
    return Map.of("name", name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }
}
