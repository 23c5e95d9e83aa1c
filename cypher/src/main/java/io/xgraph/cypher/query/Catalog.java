package io.xgraph.cypher.query;

import io.xgraph.store.GraphStore;
import java.util.ArrayList;
import java.util.List;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.ResourceIterator;
import org.neo4j.graphdb.Transaction;

/** Finds current models, layers and patterns through the core API of a procedure's transaction. */
public final class Catalog {

  /**
   * A learned graph (schema 3); {@code name} is what the procedures' {@code model} argument names.
   */
  public static final Label MODEL = Label.label("ExplanatoryGraph");

  public static final Label LAYER = Label.label("Layer");
  public static final Label PATTERN = Label.label("Pattern");
  public static final Label IMAGE = Label.label("Image");

  private Catalog() {}

  /**
   * The current graph named {@code name}; null or "" names the only graph of the store.
   *
   * @throws IllegalArgumentException naming the graph and listing the stored ones
   */
  public static ModelRef model(GraphDatabaseService db, Transaction tx, String name) {
    requireCurrentSchema(tx);
    if (name == null || name.isBlank()) {
      List<String> names = modelNames(tx);
      if (names.size() != 1) {
        throw new IllegalArgumentException(
            "Argument `model` "
                + (name == null ? "was null" : "is empty")
                + (names.isEmpty()
                    ? " and the store holds no graph; learn one with `xgraph demo`"
                    : "; the store holds several graphs, name one of " + names)
                + ". List them with CALL xg.model.list().");
      }
      name = names.get(0);
    }
    Node node = tx.findNode(MODEL, "name", name);
    if (node == null) {
      List<String> names = modelNames(tx);
      throw new IllegalArgumentException(
          "Model `"
              + name
              + "` does not exist; stored models: "
              + (names.isEmpty() ? "none (learn one with `xgraph learn`)" : names)
              + ". List them with CALL xg.model.list().");
    }
    return new ModelRef(
        db.databaseName(),
        name,
        ((Number) node.getProperty("version", 0L)).longValue(),
        String.valueOf(node.getProperty("writtenAt", "")),
        (String) node.getProperty("onnxSha256", ""),
        node);
  }

  /** Names of the current models, sorted. */
  public static List<String> modelNames(Transaction tx) {
    List<String> names = new ArrayList<>();
    try (ResourceIterator<Node> it = tx.findNodes(MODEL)) {
      it.forEachRemaining(n -> names.add((String) n.getProperty("name", "")));
    }
    names.sort(String::compareTo);
    return names;
  }

  /** The model's layers, lowest first. */
  public static List<LayerInfo> layers(Transaction tx, String model) {
    List<LayerInfo> out = new ArrayList<>();
    try (ResourceIterator<Node> it = tx.findNodes(LAYER, "graph", model)) {
      it.forEachRemaining(n -> out.add(LayerInfo.of(n)));
    }
    out.sort((a, b) -> Integer.compare(a.index(), b.index()));
    return out;
  }

  /**
   * The Image node of that id, or null. Image ids are unique within a dataset (schema 3): an id in
   * several datasets is refused, naming them.
   */
  public static Node image(Transaction tx, String id) {
    List<Node> found = new ArrayList<>();
    try (ResourceIterator<Node> it = tx.findNodes(IMAGE, "id", id)) {
      it.forEachRemaining(found::add);
    }
    if (found.size() > 1) {
      throw new IllegalArgumentException(
          "Image id `"
              + id
              + "` is in several datasets "
              + found.stream().map(n -> String.valueOf(n.getProperty("dataset", null))).toList()
              + "; give the image by its path under server.xgraph.image_root instead");
    }
    return found.isEmpty() ? null : found.get(0);
  }

  /**
   * Refuses a store of an older schema that no xgraph has opened since this plugin was installed:
   * its graphs are not where these procedures look for them.
   *
   * @throws IllegalStateException naming the upgrade
   */
  static void requireCurrentSchema(Transaction tx) {
    Node schema = tx.findNode(Label.label("XgraphSchema"), "name", "xgraph");
    long version = schema == null ? 0 : ((Number) schema.getProperty("version", 0L)).longValue();
    if (version > 0 && version < GraphStore.SCHEMA_VERSION) {
      throw new IllegalStateException(
          "The store holds graphs of xgraph schema "
              + version
              + ", which this plugin (schema "
              + GraphStore.SCHEMA_VERSION
              + ") reads only once upgraded: open the store once with this xgraph (e.g. `xgraph"
              + " store info --uri <this server>`, or `--store DIR` for a folder), which upgrades"
              + " it in place, then call again. Nothing was changed.");
    }
  }
}
