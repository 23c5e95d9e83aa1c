package io.xgraph.store.internal;

import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.WriteListener;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.Transaction;

/**
 * Stages a graph on an embedded database through the core API: the same nodes, labels,
 * relationships and property values as the Cypher path of {@link CypherGraphStore}, but without
 * planning and parameter conversion per row, which made the Cypher path ~20x slower. Float-exact
 * numbers are stored as floats ({@link #compact}), which Cypher reads as the same values.
 *
 * <p>Node handles are bound to their transaction, so nodes are remembered by element id across
 * transactions and looked up again ({@code getNodeByElementId}, a direct record read).
 */
final class CoreStager {

  /** Relationships (or nodes) per transaction: big enough to amortise commit, small for heap. */
  static final int CORE_BATCH = 50_000;

  static final Label STAGED_MODEL = Label.label("StagedModel");
  static final Label STAGED_LAYER = Label.label("StagedLayer");
  static final Label STAGED_PATTERN = Label.label("StagedPattern");
  static final Label STAGED_IMAGE = Label.label("StagedImage");
  static final Label IMAGE = Label.label("Image");
  static final RelationshipType HAS_LAYER = RelationshipType.withName("HAS_LAYER");
  static final RelationshipType HAS_PATTERN = RelationshipType.withName("HAS_PATTERN");
  static final RelationshipType PARENT = RelationshipType.withName("PARENT");
  static final RelationshipType FIRES_ON = RelationshipType.withName("FIRES_ON");

  private final EmbeddedSession session;
  private final WriteListener listener;
  private final long[] created;

  CoreStager(EmbeddedSession session, WriteListener listener, long[] created) {
    this.session = session;
    this.listener = listener;
    this.created = created;
  }

  void stage(
      GraphTarget target,
      Map<String, Object> modelProps,
      List<Map<String, Object>> layerProps,
      String writer) {
    ExplanatoryGraph graph = target.graph();
    String name = target.name();
    String model = target.model();
    String dataset = target.dataset();
    List<String> layerIds =
        session.writeCore(
            tx -> {
              Node m = tx.createNode(STAGED_MODEL);
              setAll(m, modelProps);
              m.setProperty("stagedAt", ZonedDateTime.now(ZoneOffset.UTC));
              List<String> ids = new ArrayList<>();
              for (Map<String, Object> props : layerProps) {
                Node l = tx.createNode(STAGED_LAYER);
                setAll(l, props);
                m.createRelationshipTo(l, HAS_LAYER);
                ids.add(l.getElementId());
              }
              return ids;
            });
    created[0] += 1 + layerIds.size();
    created[1] += layerIds.size();
    listener.committed("layers", layerIds.size(), graph.layers().size());

    // Patterns, in batches; element ids kept so that edges need no index lookups.
    List<Pattern> all = new ArrayList<>();
    List<Integer> layerOf = new ArrayList<>();
    for (int li = 0; li < graph.layers().size(); li++) {
      for (Pattern p : graph.layers().get(li).patterns()) {
        all.add(p);
        layerOf.add(li);
      }
    }
    Map<Integer, String> patternIds = new HashMap<>(all.size() * 2);
    for (int from = 0; from < all.size(); from += CORE_BATCH) {
      int to = Math.min(all.size(), from + CORE_BATCH);
      int start = from;
      session.requireRoom(2L * (to - from));
      session.writeCore(
          tx -> {
            Map<Integer, Node> layers = new HashMap<>();
            for (int i = start; i < to; i++) {
              Pattern p = all.get(i);
              Node l =
                  layers.computeIfAbsent(
                      layerOf.get(i), li -> tx.getNodeByElementId(layerIds.get(li)));
              Node x = tx.createNode(STAGED_PATTERN);
              x.setProperty("key", StoredValues.patternKey(name, p.id()));
              x.setProperty("graph", name);
              x.setProperty("model", model);
              x.setProperty("id", (long) p.id());
              x.setProperty("layer", (long) p.layer());
              x.setProperty("channel", (long) p.channel());
              x.setProperty("slot", (long) p.slot());
              x.setProperty("muX", compact(p.muX()));
              x.setProperty("muY", compact(p.muY()));
              x.setProperty("sigma", compact(p.sigma()));
              x.setProperty("meanScore", compact(p.meanScore()));
              l.createRelationshipTo(x, HAS_PATTERN);
              patternIds.put(p.id(), x.getElementId());
            }
            return null;
          });
      session.committed(to - start);
      listener.committed("patterns", to, all.size());
    }
    created[0] += all.size();
    created[1] += all.size();

    // Images: reuse existing Image nodes (shared between models), stage the missing ones.
    Set<String> imageNames = new LinkedHashSet<>();
    for (Pattern p : all) {
      for (Firing f : p.topImages()) {
        imageNames.add(f.imageId());
      }
    }
    List<String> names = new ArrayList<>(imageNames);
    Map<String, String> imageIds = new HashMap<>(names.size() * 2);
    for (int from = 0; from < names.size(); from += CORE_BATCH) {
      List<String> slice = names.subList(from, Math.min(names.size(), from + CORE_BATCH));
      created[0] +=
          session.writeCore(
              tx -> {
                int made = 0;
                ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
                for (String id : slice) {
                  Node i = findImage(tx, dataset, id);
                  if (i == null) {
                    i = tx.createNode(STAGED_IMAGE);
                    i.setProperty("dataset", dataset);
                    i.setProperty("id", id);
                    i.setProperty("writer", writer);
                    i.setProperty("stagedAt", now);
                    made++;
                  }
                  imageIds.put(id, i.getElementId());
                }
                return made;
              });
      listener.committed("images", from + slice.size(), names.size());
    }

    // PARENT (child -> parent) and FIRES_ON, CORE_BATCH relationships per transaction.
    Map<Integer, Double> sigmas = new HashMap<>(all.size() * 2);
    for (Pattern p : all) {
      sigmas.put(p.id(), p.sigma());
    }
    long parents = graph.edgeCount();
    EdgeBatches parentBatches = new EdgeBatches("parents", parents);
    for (Pattern p : all) {
      for (int k = 0; k < p.parents().size(); k++) {
        ParentLink link = p.parents().get(k);
        int rank = k;
        parentBatches.add(
            (tx, nodes) -> {
              Relationship r =
                  nodes
                      .get(tx, patternIds.get(p.id()))
                      .createRelationshipTo(nodes.get(tx, patternIds.get(link.parentId())), PARENT);
              r.setProperty("dx", compact(link.dx()));
              r.setProperty("dy", compact(link.dy()));
              if (StoredValues.storesParentSigma(link, sigmas.get(link.parentId()))) {
                r.setProperty("sigma", compact(link.parentSigma()));
              }
              r.setProperty("coactivation", compact(link.coactivation()));
              r.setProperty("rank", (long) rank);
            });
      }
    }
    parentBatches.flush();
    created[1] += parents;

    long firings = all.stream().mapToLong(p -> p.topImages().size()).sum();
    EdgeBatches firingBatches = new EdgeBatches("firings", firings);
    for (Pattern p : all) {
      for (int k = 0; k < p.topImages().size(); k++) {
        Firing f = p.topImages().get(k);
        int rank = k;
        firingBatches.add(
            (tx, nodes) -> {
              Relationship r =
                  nodes
                      .get(tx, patternIds.get(p.id()))
                      .createRelationshipTo(nodes.get(tx, imageIds.get(f.imageId())), FIRES_ON);
              r.setProperty("x", compact(f.x()));
              r.setProperty("y", compact(f.y()));
              r.setProperty("score", compact(f.score()));
              r.setProperty("rank", (long) rank);
            });
      }
    }
    firingBatches.flush();
    created[1] += firings;
  }

  /** Node handles of one transaction, by element id. */
  private static final class Nodes {
    private final Map<String, Node> cache = new HashMap<>();

    Node get(Transaction tx, String elementId) {
      return cache.computeIfAbsent(elementId, tx::getNodeByElementId);
    }
  }

  @FunctionalInterface
  private interface Edge {
    void create(Transaction tx, Nodes nodes);
  }

  /** Collects relationship creations and commits them CORE_BATCH at a time. */
  private final class EdgeBatches {
    private final String stage;
    private final long total;
    private final List<Edge> pending = new ArrayList<>();
    private long done;

    EdgeBatches(String stage, long total) {
      this.stage = stage;
      this.total = total;
    }

    void add(Edge edge) {
      pending.add(edge);
      if (pending.size() == CORE_BATCH) {
        flush();
      }
    }

    void flush() {
      if (pending.isEmpty()) {
        return;
      }
      session.requireRoom(pending.size());
      session.writeCore(
          tx -> {
            Nodes nodes = new Nodes();
            for (Edge e : pending) {
              e.create(tx, nodes);
            }
            return null;
          });
      done += pending.size();
      session.committed(pending.size());
      pending.clear();
      listener.committed(stage, done, total);
    }
  }

  /**
   * The value as a 32-bit float when that is exact, else as is. Cypher reads both as FLOAT (the
   * same double), but a float fills one 8-byte property block and a double two, so firings learned
   * from float feature maps take one property record instead of two.
   */
  static Object compact(double v) {
    float f = (float) v;
    return f == v ? (Object) f : (Object) v;
  }

  /** Sets properties as Cypher's {@code SET n = $props} would store them. */
  static void setAll(Node node, Map<String, Object> props) {
    for (Map.Entry<String, Object> e : props.entrySet()) {
      if (e.getValue() != null) {
        node.setProperty(e.getKey(), storable(e.getValue()));
      }
    }
  }

  /** Integers as longs, lists as arrays: what Cypher stores for the same parameter. */
  static Object storable(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof List<?> list) {
      if (list.isEmpty() || list.stream().allMatch(x -> x instanceof String)) {
        return list.toArray(new String[0]);
      }
      if (list.stream().allMatch(x -> x instanceof Integer || x instanceof Long)) {
        return list.stream().mapToLong(x -> ((Number) x).longValue()).toArray();
      }
      if (list.stream().allMatch(x -> x instanceof Number)) {
        return list.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
      }
      if (list.stream().allMatch(x -> x instanceof Boolean)) {
        boolean[] out = new boolean[list.size()];
        for (int i = 0; i < out.length; i++) {
          out[i] = (Boolean) list.get(i);
        }
        return out;
      }
      throw new IllegalArgumentException(
          "List property value " + list + " mixes types; Neo4j stores only homogeneous lists.");
    }
    return v;
  }

  /** The dataset's image of that id (images are unique within their dataset, schema 3). */
  private static Node findImage(org.neo4j.graphdb.Transaction tx, String dataset, String id) {
    try (var found = tx.findNodes(IMAGE, "dataset", dataset, "id", id)) {
      return found.hasNext() ? found.next() : null;
    }
  }
}
