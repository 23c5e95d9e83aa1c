package io.xgraph.store.internal;

import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.GraphStore;
import io.xgraph.store.internal.ImportInput.Entity;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The entities of one graph for {@link BulkImport}: node ids dense from 0 (IdType.ACTUAL), nodes
 * and relationships with exactly the labels, types and property values a transactional write
 * publishes ({@link CypherGraphStore}, {@link CoreStager}).
 */
final class ImportPlan {
  final GraphTarget target;
  final Runnable midImport;
  private final int chunk;
  final List<Map<String, Object>> imageRows;
  final List<Pattern> patterns = new ArrayList<>();
  final List<Integer> layerOf = new ArrayList<>();
  final Map<Integer, Long> patternNode = new HashMap<>();
  final Map<String, Long> imageNode = new LinkedHashMap<>();
  final Map<String, Map<String, Object>> imageMeta = new HashMap<>();
  final Map<Integer, Double> sigmas = new HashMap<>();
  final long graphNode = 0;
  final long modelNode = 1;
  final long datasetNode;
  final long firstLayer;
  final long firstPattern;
  final long firstImage;
  final long schemaNode;
  final long nodeCount;
  final long relationshipCount;
  final ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);

  ImportPlan(
      GraphTarget target, List<Map<String, Object>> imageRows, Runnable midImport, int chunk) {
    this.target = target;
    this.chunk = chunk;
    this.midImport = midImport;
    this.imageRows = imageRows;
    ExplanatoryGraph graph = target.graph();
    boolean dataset = !target.dataset().isEmpty();
    datasetNode = dataset ? 2 : -1;
    firstLayer = dataset ? 3 : 2;
    firstPattern = firstLayer + graph.layers().size();
    for (int li = 0; li < graph.layers().size(); li++) {
      for (Pattern p : graph.layers().get(li).patterns()) {
        patternNode.put(p.id(), firstPattern + patterns.size());
        sigmas.put(p.id(), p.sigma());
        patterns.add(p);
        layerOf.add(li);
      }
    }
    firstImage = firstPattern + patterns.size();
    for (Pattern p : patterns) {
      for (Firing f : p.topImages()) {
        imageNode.computeIfAbsent(f.imageId(), id -> firstImage + imageNode.size());
      }
    }
    for (Map<String, Object> row : imageRows) {
      String id = (String) row.get("id");
      imageMeta.put(id, row);
      imageNode.computeIfAbsent(id, x -> firstImage + imageNode.size());
    }
    schemaNode = firstImage + imageNode.size();
    nodeCount = schemaNode + 1;
    relationshipCount =
        1
            + (dataset ? 1 : 0)
            + graph.layers().size()
            + patterns.size()
            + graph.edgeCount()
            + StoredValues.firingCount(graph);
  }

  ImportInput nodes() {
    List<Supplier<List<Entity>>> chunks = new ArrayList<>();
    chunks.add(this::headNodes);
    for (int from = 0; from < patterns.size(); from += chunk) {
      int start = from;
      chunks.add(() -> patternNodes(start, Math.min(patterns.size(), start + chunk)));
    }
    List<String> ids = new ArrayList<>(imageNode.keySet());
    for (int from = 0; from < ids.size(); from += chunk) {
      List<String> slice = ids.subList(from, Math.min(ids.size(), from + chunk));
      chunks.add(() -> imageNodes(slice));
    }
    return new ImportInput(chunks);
  }

  ImportInput relationships() {
    List<Supplier<List<Entity>>> chunks = new ArrayList<>();
    chunks.add(
        () -> {
          midImport.run();
          return headRelationships();
        });
    // Chunks of whole patterns, about chunk relationships each.
    for (boolean parents : new boolean[] {true, false}) {
      int from = 0;
      while (from < patterns.size()) {
        int to = from;
        long n = 0;
        while (to < patterns.size() && n < chunk) {
          Pattern p = patterns.get(to++);
          n += parents ? p.parents().size() : p.topImages().size();
        }
        int a = from;
        int b = to;
        chunks.add(parents ? () -> parentEdges(a, b) : () -> firingEdges(a, b));
        from = to;
      }
    }
    return new ImportInput(chunks);
  }

  private List<Entity> headNodes() {
    List<Entity> out = new ArrayList<>();
    Map<String, Object> g = StoredValues.modelProperties(target, "");
    g.remove("writer");
    g.put("stagedAt", now);
    g.put("version", 1L);
    g.put("writtenAt", now);
    out.add(node(graphNode, "ExplanatoryGraph", g));
    Map<String, Object> m = new HashMap<>();
    m.put("name", target.model());
    m.put("onnxSha256", target.graph().modelSha256());
    out.add(node(modelNode, "Model", m));
    if (datasetNode >= 0) {
      out.add(node(datasetNode, "Dataset", Map.of("name", target.dataset())));
    }
    // As Schema.ensure's MERGE stores it: the version as the 32-bit integer parameter.
    out.add(
        v -> {
          v.id(schemaNode);
          v.labels(new String[] {Schema.VERSION_LABEL});
          v.property("name", "xgraph");
          v.property("version", GraphStore.SCHEMA_VERSION);
          v.property("createdAt", now);
        });
    for (int li = 0; li < target.graph().layers().size(); li++) {
      out.add(
          node(
              firstLayer + li,
              "Layer",
              StoredValues.layerProperties(target, target.graph().layers().get(li))));
    }
    return out;
  }

  private List<Entity> patternNodes(int from, int to) {
    List<Entity> out = new ArrayList<>(to - from);
    int layers = target.graph().layers().size();
    for (int i = from; i < to; i++) {
      Pattern p = patterns.get(i);
      long id = firstPattern + i;
      String[] labels =
          p.layer() >= 0 && p.layer() < layers
              ? new String[] {"Pattern", CypherGraphStore.layerLabel(p.layer())}
              : new String[] {"Pattern"};
      out.add(
          v -> {
            v.id(id);
            v.labels(labels);
            v.property("key", StoredValues.patternKey(target.name(), p.id()));
            v.property("graph", target.name());
            v.property("model", target.model());
            v.property("id", (long) p.id());
            v.property("layer", (long) p.layer());
            v.property("channel", (long) p.channel());
            v.property("slot", (long) p.slot());
            v.property("muX", CoreStager.compact(p.muX()));
            v.property("muY", CoreStager.compact(p.muY()));
            v.property("sigma", CoreStager.compact(p.sigma()));
            v.property("meanScore", CoreStager.compact(p.meanScore()));
          });
    }
    return out;
  }

  private List<Entity> imageNodes(List<String> ids) {
    List<Entity> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("dataset", target.dataset());
      props.put("id", id);
      Map<String, Object> meta = imageMeta.get(id);
      if (meta != null) {
        for (String key : List.of("path", "box", "split", "width", "height")) {
          props.put(key, meta.get(key));
        }
      }
      // Cypher's MERGE ... SET stores the Integer width and height as given (32-bit).
      Object width = props.remove("width");
      Object height = props.remove("height");
      Entity image = node(imageNode.get(id), "Image", props);
      out.add(
          v -> {
            image.accept(v);
            if (width != null) {
              v.property("width", width);
            }
            if (height != null) {
              v.property("height", height);
            }
          });
    }
    return out;
  }

  private List<Entity> headRelationships() {
    List<Entity> out = new ArrayList<>();
    out.add(edge(graphNode, modelNode, "OF_MODEL"));
    if (datasetNode >= 0) {
      out.add(edge(graphNode, datasetNode, "LEARNED_ON"));
    }
    for (int li = 0; li < target.graph().layers().size(); li++) {
      out.add(edge(graphNode, firstLayer + li, "HAS_LAYER"));
    }
    for (int i = 0; i < patterns.size(); i++) {
      out.add(edge(firstLayer + layerOf.get(i), firstPattern + i, "HAS_PATTERN"));
    }
    return out;
  }

  private List<Entity> parentEdges(int from, int to) {
    List<Entity> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Pattern p = patterns.get(i);
      long child = firstPattern + i;
      for (int k = 0; k < p.parents().size(); k++) {
        ParentLink link = p.parents().get(k);
        long parent = patternNode.get(link.parentId());
        long rank = k;
        boolean sigma = StoredValues.storesParentSigma(link, sigmas.get(link.parentId()));
        out.add(
            v -> {
              v.startId(child);
              v.endId(parent);
              v.type("PARENT");
              v.property("dx", CoreStager.compact(link.dx()));
              v.property("dy", CoreStager.compact(link.dy()));
              if (sigma) {
                v.property("sigma", CoreStager.compact(link.parentSigma()));
              }
              v.property("coactivation", CoreStager.compact(link.coactivation()));
              v.property("rank", rank);
            });
      }
    }
    return out;
  }

  private List<Entity> firingEdges(int from, int to) {
    List<Entity> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Pattern p = patterns.get(i);
      long pattern = firstPattern + i;
      for (int k = 0; k < p.topImages().size(); k++) {
        Firing f = p.topImages().get(k);
        long image = imageNode.get(f.imageId());
        long rank = k;
        out.add(
            v -> {
              v.startId(pattern);
              v.endId(image);
              v.type("FIRES_ON");
              v.property("x", CoreStager.compact(f.x()));
              v.property("y", CoreStager.compact(f.y()));
              v.property("score", CoreStager.compact(f.score()));
              v.property("rank", rank);
            });
      }
    }
    return out;
  }

  /** A node with the properties as a transactional write stores them (nulls left out). */
  private static Entity node(long id, String label, Map<String, Object> props) {
    Map<String, Object> stored = new LinkedHashMap<>();
    props.forEach(
        (k, value) -> {
          if (value != null) {
            stored.put(k, CoreStager.storable(value));
          }
        });
    String[] labels = {label};
    return v -> {
      v.id(id);
      v.labels(labels);
      stored.forEach(v::property);
    };
  }

  private static Entity edge(long start, long end, String type) {
    return v -> {
      v.startId(start);
      v.endId(end);
      v.type(type);
    };
  }
}
