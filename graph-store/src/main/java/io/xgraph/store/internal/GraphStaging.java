package io.xgraph.store.internal;

import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.WriteListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The first step of an all-or-nothing write: the new version's model, layers, patterns, images and
 * edges created under hidden Staged* labels, in batches of {@link CypherGraphStore#BATCH} rows per
 * transaction, so readers keep seeing the current version until it is published.
 */
final class GraphStaging {

  private final CypherSession session;

  GraphStaging(CypherSession session) {
    this.session = session;
  }

  /**
   * Writes the graph of {@code target} under the hidden Staged* labels, a batch per transaction,
   * counting created nodes and relationships into {@code created}.
   */
  void stage(GraphTarget target, String writer, WriteListener listener, long[] created) {
    ExplanatoryGraph graph = target.graph();
    String name = target.name();
    String modelId =
        session.write(
            tx ->
                (String)
                    tx.list(
                            "CREATE (m:StagedModel) SET m = $props, m.stagedAt = datetime()"
                                + " RETURN elementId(m) AS e",
                            Map.of("props", StoredValues.modelProperties(target, writer)))
                        .get(0)
                        .get("e"));
    created[0]++;

    List<String> layerIds = new ArrayList<>();
    int layerIndex = 0;
    for (GraphLayer layer : graph.layers()) {
      Map<String, Object> props = StoredValues.layerProperties(target, layer);
      layerIds.add(
          session.write(
              tx ->
                  (String)
                      tx.list(
                              "MATCH (m) WHERE elementId(m) = $m"
                                  + " CREATE (m)-[:HAS_LAYER]->(l:StagedLayer) SET l = $props"
                                  + " RETURN elementId(l) AS e",
                              Map.of("m", modelId, "props", props))
                          .get(0)
                          .get("e")));
      created[0]++;
      created[1]++;
      listener.committed("layers", ++layerIndex, graph.layers().size());
    }

    // Patterns: remember each one's element id so that edges need no index lookups.
    Map<Integer, String> patternIds = new HashMap<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    long total = graph.patternCount();
    long done = 0;
    for (int li = 0; li < graph.layers().size(); li++) {
      for (Pattern p : graph.layers().get(li).patterns()) {
        Map<String, Object> r = new HashMap<>();
        r.put("l", layerIds.get(li));
        r.put("key", StoredValues.patternKey(name, p.id()));
        r.put("id", p.id());
        r.put("layer", p.layer());
        r.put("channel", p.channel());
        r.put("slot", p.slot());
        r.put("muX", p.muX());
        r.put("muY", p.muY());
        r.put("sigma", p.sigma());
        r.put("meanScore", p.meanScore());
        rows.add(r);
        if (rows.size() == CypherGraphStore.BATCH) {
          done += flushPatterns(target, rows, patternIds);
          listener.committed("patterns", done, total);
        }
      }
    }
    if (!rows.isEmpty()) {
      done += flushPatterns(target, rows, patternIds);
      listener.committed("patterns", done, total);
    }
    created[0] += total;
    created[1] += total;

    // Images: reuse existing Image nodes (shared between models), stage the missing ones.
    Set<String> imageNames = new LinkedHashSet<>();
    for (GraphLayer layer : graph.layers()) {
      for (Pattern p : layer.patterns()) {
        for (Firing f : p.topImages()) {
          imageNames.add(f.imageId());
        }
      }
    }
    Map<String, String> imageIds = new HashMap<>();
    List<String> batch = new ArrayList<>();
    long imagesDone = 0;
    for (String image : imageNames) {
      batch.add(image);
      if (batch.size() == CypherGraphStore.BATCH) {
        created[0] += flushImages(batch, target.dataset(), writer, imageIds);
        imagesDone += CypherGraphStore.BATCH;
        listener.committed("images", imagesDone, imageNames.size());
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      created[0] += flushImages(batch, target.dataset(), writer, imageIds);
      listener.committed("images", imageNames.size(), imageNames.size());
    }

    // PARENT: child -> parent, rank = position in the child's list.
    Map<Integer, Double> sigmas = new HashMap<>();
    graph.layers().forEach(l -> l.patterns().forEach(p -> sigmas.put(p.id(), p.sigma())));
    long parents = graph.edgeCount();
    done = 0;
    for (GraphLayer layer : graph.layers()) {
      for (Pattern p : layer.patterns()) {
        String child = patternIds.get(p.id());
        for (int k = 0; k < p.parents().size(); k++) {
          ParentLink link = p.parents().get(k);
          Map<String, Object> r = new HashMap<>();
          r.put("c", child);
          r.put("p", patternIds.get(link.parentId()));
          r.put("dx", link.dx());
          r.put("dy", link.dy());
          // A null sigma leaves the property unset: it is the parent's (schema 2).
          r.put(
              "sigma",
              StoredValues.storesParentSigma(link, sigmas.get(link.parentId()))
                  ? link.parentSigma()
                  : null);
          r.put("co", link.coactivation());
          r.put("rank", k);
          rows.add(r);
          if (rows.size() == CypherGraphStore.BATCH) {
            done += flushEdges(PARENT_CYPHER, rows);
            listener.committed("parents", done, parents);
          }
        }
      }
    }
    if (!rows.isEmpty()) {
      done += flushEdges(PARENT_CYPHER, rows);
      listener.committed("parents", done, parents);
    }
    created[1] += parents;

    long firings = StoredValues.firingCount(graph);
    done = 0;
    for (GraphLayer layer : graph.layers()) {
      for (Pattern p : layer.patterns()) {
        String pattern = patternIds.get(p.id());
        for (int k = 0; k < p.topImages().size(); k++) {
          Firing f = p.topImages().get(k);
          Map<String, Object> r = new HashMap<>();
          r.put("p", pattern);
          r.put("i", imageIds.get(f.imageId()));
          r.put("x", f.x());
          r.put("y", f.y());
          r.put("score", f.score());
          r.put("rank", k);
          rows.add(r);
          if (rows.size() == CypherGraphStore.BATCH) {
            done += flushEdges(FIRES_ON_CYPHER, rows);
            listener.committed("firings", done, firings);
          }
        }
      }
    }
    if (!rows.isEmpty()) {
      done += flushEdges(FIRES_ON_CYPHER, rows);
      listener.committed("firings", done, firings);
    }
    created[1] += firings;
  }

  private static final String PARENT_CYPHER =
      "UNWIND $rows AS r MATCH (c) WHERE elementId(c) = r.c MATCH (p) WHERE elementId(p) = r.p"
          + " CREATE (c)-[:PARENT {dx: r.dx, dy: r.dy, sigma: r.sigma, coactivation: r.co,"
          + " rank: r.rank}]->(p)";

  private static final String FIRES_ON_CYPHER =
      "UNWIND $rows AS r MATCH (p) WHERE elementId(p) = r.p MATCH (i) WHERE elementId(i) = r.i"
          + " CREATE (p)-[:FIRES_ON {x: r.x, y: r.y, score: r.score, rank: r.rank}]->(i)";

  private int flushPatterns(
      GraphTarget target, List<Map<String, Object>> rows, Map<Integer, String> patternIds) {
    List<Map<String, Object>> params = List.copyOf(rows);
    rows.clear();
    List<Map<String, Object>> out =
        session.write(
            tx ->
                tx.list(
                    "UNWIND $rows AS r MATCH (l) WHERE elementId(l) = r.l"
                        + " CREATE (l)-[:HAS_PATTERN]->(p:StagedPattern {key: r.key, graph: $graph,"
                        + " model: $model,"
                        + " id: r.id, layer: r.layer, channel: r.channel, slot: r.slot,"
                        + " muX: r.muX, muY: r.muY, sigma: r.sigma, meanScore: r.meanScore})"
                        + " RETURN r.id AS id, elementId(p) AS e",
                    Map.of("rows", params, "graph", target.name(), "model", target.model())));
    for (Map<String, Object> row : out) {
      patternIds.put(((Number) row.get("id")).intValue(), (String) row.get("e"));
    }
    return params.size();
  }

  private int flushImages(
      List<String> images, String dataset, String writer, Map<String, String> imageIds) {
    List<String> params = List.copyOf(images);
    return session.write(
        tx -> {
          Map<String, String> found = new HashMap<>();
          tx.run(
              "UNWIND $ids AS id MATCH (i:Image {dataset: $ds, id: id})"
                  + " RETURN id, elementId(i) AS e",
              Map.of("ids", params, "ds", dataset),
              row -> found.put((String) row.get("id"), (String) row.get("e")));
          List<String> missing = params.stream().filter(id -> !found.containsKey(id)).toList();
          tx.run(
              "UNWIND $ids AS id CREATE (i:StagedImage {dataset: $ds, id: id, writer: $w,"
                  + " stagedAt: datetime()}) RETURN id, elementId(i) AS e",
              Map.of("ids", missing, "w", writer, "ds", dataset),
              row -> found.put((String) row.get("id"), (String) row.get("e")));
          imageIds.putAll(found);
          return missing.size();
        });
  }

  private int flushEdges(String cypher, List<Map<String, Object>> rows) {
    List<Map<String, Object>> params = List.copyOf(rows);
    rows.clear();
    session.write(
        tx -> {
          tx.exec(cypher, Map.of("rows", params));
          return null;
        });
    return params.size();
  }
}
