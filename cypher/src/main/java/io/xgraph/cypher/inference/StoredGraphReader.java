package io.xgraph.cypher.inference;

import io.xgraph.cypher.query.Catalog;
import io.xgraph.cypher.query.ModelRef;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.internal.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.ResourceIterator;
import org.neo4j.graphdb.Transaction;

/**
 * Reads a stored model back as an {@link ExplanatoryGraph} through a procedure's transaction,
 * following the graph-store schema (io.xgraph.store.internal.CypherGraphStore). Top images are left
 * out: inference does not use them.
 *
 * <p>It walks nodes and relationships with the core API instead of sharing graph-store's reader,
 * which issues Cypher so that it also works over Bolt: reusing that one made the first load of a
 * SqueezeNet-sized graph 0.7-3.6 s slower in a procedure.
 */
public final class StoredGraphReader {

  static final RelationshipType PARENT = RelationshipType.withName("PARENT");

  private StoredGraphReader() {}

  /** The graph of {@code ref}. */
  public static ExplanatoryGraph read(Transaction tx, ModelRef ref) {
    Node m = ref.node();
    @SuppressWarnings("unchecked")
    Map<String, Object> parameters =
        (Map<String, Object>) Json.read((String) m.getProperty("parameters", "{}"));
    Object types = m.getProperty("parameterTypes", null);
    if (types != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> hints = (Map<String, Object>) Json.read((String) types);
      Json.applyHints(parameters, hints);
    }
    List<Node> layerNodes = new ArrayList<>();
    try (ResourceIterator<Node> it = tx.findNodes(Catalog.LAYER, "graph", ref.name())) {
      it.forEachRemaining(layerNodes::add);
    }
    layerNodes.sort(Comparator.comparingInt(n -> intOf(n.getProperty("index"))));
    List<List<Pattern>> patterns = new ArrayList<>();
    layerNodes.forEach(l -> patterns.add(new ArrayList<>()));
    try (ResourceIterator<Node> it = tx.findNodes(Catalog.PATTERN, "graph", ref.name())) {
      while (it.hasNext()) {
        Node p = it.next();
        Pattern pattern = pattern(p);
        if (pattern.layer() < 0 || pattern.layer() >= patterns.size()) {
          throw new IllegalStateException(
              "Pattern `"
                  + p.getProperty("key")
                  + "` names layer "
                  + pattern.layer()
                  + ", but model `"
                  + ref.name()
                  + "` has "
                  + patterns.size()
                  + " layers: the stored graph is damaged; write it again");
        }
        patterns.get(pattern.layer()).add(pattern);
      }
    }
    List<GraphLayer> layers = new ArrayList<>();
    for (int i = 0; i < layerNodes.size(); i++) {
      Node l = layerNodes.get(i);
      LayerGeometry g =
          new LayerGeometry(
              (String) l.getProperty("name"),
              intOf(l.getProperty("index")),
              intOf(l.getProperty("channels")),
              intOf(l.getProperty("mapH")),
              intOf(l.getProperty("mapW")),
              dbl(l.getProperty("stride")),
              dbl(l.getProperty("firstCenter")),
              dbl(l.getProperty("receptiveField")),
              intOf(l.getProperty("inputSize")));
      List<Pattern> ps = patterns.get(i);
      ps.sort(Comparator.comparingInt(Pattern::id));
      layers.add(
          new GraphLayer(
              g, floats(l.getProperty("negativeSigma")), dbl(l.getProperty("scoreScale")), ps));
    }
    return new ExplanatoryGraph(
        (String) m.getProperty("model", ref.name()),
        ref.onnxSha256(),
        layers,
        parameters,
        strings(m.getProperty("trainingImageIds", null)));
  }

  private static Pattern pattern(Node p) {
    List<Object[]> links = new ArrayList<>();
    for (Relationship r : p.getRelationships(Direction.OUTGOING, PARENT)) {
      Node parent = r.getEndNode();
      links.add(
          new Object[] {
            intOf(r.getProperty("rank", 0L)),
            new ParentLink(
                intOf(parent.getProperty("id")),
                dbl(r.getProperty("dx")),
                dbl(r.getProperty("dy")),
                dbl(r.getProperty("sigma", parent.getProperty("sigma"))), // schema 2
                dbl(r.getProperty("coactivation")))
          });
    }
    links.sort(Comparator.comparingInt(a -> (Integer) a[0]));
    return new Pattern(
        intOf(p.getProperty("id")),
        intOf(p.getProperty("layer")),
        intOf(p.getProperty("channel")),
        intOf(p.getProperty("slot")),
        dbl(p.getProperty("muX")),
        dbl(p.getProperty("muY")),
        dbl(p.getProperty("sigma")),
        dbl(p.getProperty("meanScore")),
        links.stream().map(a -> (ParentLink) a[1]).toList(),
        List.of());
  }

  private static int intOf(Object o) {
    return ((Number) o).intValue();
  }

  private static double dbl(Object o) {
    return ((Number) o).doubleValue();
  }

  private static float[] floats(Object o) {
    if (o instanceof float[] f) {
      return f;
    }
    if (o instanceof double[] d) {
      float[] out = new float[d.length];
      for (int i = 0; i < d.length; i++) {
        out[i] = (float) d[i];
      }
      return out;
    }
    throw new IllegalStateException(
        "Layer property negativeSigma has type "
            + (o == null ? "null" : o.getClass().getSimpleName())
            + ", expected a float array: the stored graph is damaged; write it again");
  }

  private static List<String> strings(Object o) {
    if (o instanceof String[] a) {
      return Arrays.asList(a);
    }
    return List.of();
  }
}
