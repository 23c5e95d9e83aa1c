package io.xgraph.store.internal;

import io.xgraph.learner.aog.PartModel;
import io.xgraph.learner.aog.PartTemplate;
import io.xgraph.learner.aog.TemplatePattern;
import io.xgraph.learner.data.Point;
import io.xgraph.store.PartInfo;
import io.xgraph.store.PartStore;
import io.xgraph.store.StoredPart;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link PartStore} over any {@link CypherSession}. The statements are public static methods over
 * one open {@link CypherSession.Tx}, so that the {@code xg.part.*} procedures run exactly the same
 * Cypher inside their own transaction.
 */
public final class CypherPartStore implements PartStore {

  /** Part properties the store sets itself; caller properties may not use these names. */
  public static final Set<String> RESERVED =
      Set.of(
          "key",
          "graph",
          "model",
          "name",
          "patternCount",
          "templateCount",
          "usesCount",
          "modelVersion",
          "learnedAt");

  private final CypherSession session;

  public CypherPartStore(CypherSession session) {
    this.session = session;
  }

  /** Globally unique key of a part: model name and part name. */
  public static String partKey(String model, String part) {
    return model + ":" + part;
  }

  @Override
  public PartInfo writePart(
      String modelName,
      long modelVersion,
      PartModel part,
      Map<String, Object> properties,
      boolean replace) {
    return session.write(tx -> write(tx, modelName, modelVersion, part, properties, replace));
  }

  @Override
  public Optional<StoredPart> readPart(String modelName, String partName) {
    return session.read(tx -> read(tx, modelName, partName));
  }

  @Override
  public List<PartInfo> listParts(String modelName) {
    return session.read(tx -> list(tx, modelName));
  }

  @Override
  public boolean deletePart(String modelName, String partName) {
    return session.write(tx -> delete(tx, modelName, partName));
  }

  // ---------------------------------------------------------------- statements

  /**
   * Writes a part inside {@code tx} (see {@link PartStore#writePart}); throws before anything is
   * committed when the input is wrong, so the caller's transaction rolls back whole.
   */
  public static PartInfo write(
      CypherSession.Tx tx,
      String model,
      long modelVersion,
      PartModel part,
      Map<String, Object> properties,
      boolean replace) {
    Map<String, Object> extra = properties == null ? Map.of() : properties;
    for (Map.Entry<String, Object> en : extra.entrySet()) {
      String k = en.getKey();
      Object v = en.getValue();
      if (!(v == null
          || v instanceof String
          || v instanceof Long
          || v instanceof Integer
          || v instanceof Double
          || v instanceof Boolean)) {
        throw new IllegalArgumentException(
            "Part property `"
                + k
                + "` is a "
                + v.getClass().getSimpleName()
                + "; give a string, an integer, a double or a boolean (e.g. JSON text for lists)");
      }
      if (RESERVED.contains(k)) {
        throw new IllegalArgumentException(
            "Part property `"
                + k
                + "` is set by the store itself; rename it (reserved: "
                + new java.util.TreeSet<>(RESERVED)
                + ")");
      }
    }
    Map<String, Object> m = modelRow(tx, model);
    long current = ((Number) m.get("version")).longValue();
    if (current != modelVersion) {
      throw new IllegalStateException(
          "Model `"
              + model
              + "` is at version "
              + current
              + " but part `"
              + part.partName()
              + "` was learned on version "
              + modelVersion
              + " (the model was re-written meanwhile); learn the part again");
    }
    long patterns = ((Number) m.get("patterns")).longValue();
    if (patterns != part.patternCount()) {
      throw new IllegalArgumentException(
          "Part `"
              + part.partName()
              + "` was learned on "
              + part.patternCount()
              + " patterns, but model `"
              + model
              + "` has "
              + patterns
              + "; learn it on this model's graph");
    }
    String key = partKey(model, part.partName());
    Map<String, Object> kp = Map.of("key", key, "model", model);
    List<Map<String, Object>> existing =
        tx.list(
            "MATCH (p:Part {key: $key}) RETURN EXISTS { (:ExplanatoryGraph {name: $model})-[:HAS_PART]->(p) }"
                + " AS current",
            kp);
    boolean taken = !existing.isEmpty() && Boolean.TRUE.equals(existing.get(0).get("current"));
    if (taken && !replace) {
      throw new IllegalArgumentException(
          "Part `"
              + part.partName()
              + "` of model `"
              + model
              + "` already exists; choose another name, delete it first, or ask to replace it"
              + " (configuration {replace: true}, or --replace)");
    }
    // A part of an older version of the model (not yet cleaned up) is garbage: always replaced.
    detachPart(tx, key);

    Map<String, Object> props = new HashMap<>();
    extra.forEach(
        (k, v) -> {
          if (v != null) {
            props.put(k, v);
          }
        });
    int uses = part.templates().stream().mapToInt(t -> t.patterns().size()).sum();
    props.put("key", key);
    props.put("graph", model);
    props.put("name", part.partName());
    props.put("patternCount", part.patternCount());
    props.put("templateCount", part.templates().size());
    props.put("usesCount", uses);
    props.put("modelVersion", modelVersion);
    List<Map<String, Object>> templates = new ArrayList<>();
    List<Map<String, Object>> edges = new ArrayList<>();
    for (int i = 0; i < part.templates().size(); i++) {
      PartTemplate t = part.templates().get(i);
      String tk = key + ":" + i;
      Map<String, Object> tp = new HashMap<>();
      tp.put("key", tk);
      tp.put("graph", model);
      tp.put("part", part.partName());
      tp.put("index", i);
      tp.put("sourceImageId", t.sourceImageId());
      tp.put("sourceMirrored", t.sourceMirrored());
      tp.put("sourceX", t.sourcePart().x());
      tp.put("sourceY", t.sourcePart().y());
      tp.put("reliability", t.reliability());
      tp.put("patternCount", t.patterns().size());
      templates.add(tp);
      for (int r = 0; r < t.patterns().size(); r++) {
        TemplatePattern u = t.patterns().get(r);
        Map<String, Object> e = new HashMap<>();
        e.put("t", tk);
        e.put("p", StoredValues.patternKey(model, u.patternIndex()));
        e.put("dx", u.dx());
        e.put("dy", u.dy());
        e.put("weight", u.weight());
        e.put("rank", r);
        edges.add(e);
      }
    }
    List<Map<String, Object>> created =
        tx.list(
            "MATCH (m:ExplanatoryGraph {name: $model}) CREATE (m)-[:HAS_PART]->(p:Part)"
                + " SET p = $props, p.model = m.model, p.learnedAt = datetime()"
                + " WITH p UNWIND $templates AS t"
                + " CREATE (p)-[:HAS_TEMPLATE {index: t.index}]->(x:PartTemplate) SET x = t"
                + " RETURN p.learnedAt AS learnedAt",
            Map.of("model", model, "props", props, "templates", templates));
    long linked =
        tx.count(
            "UNWIND $edges AS e MATCH (t:PartTemplate {key: e.t}) MATCH (x:Pattern {key: e.p})"
                + " CREATE (t)-[:USES {dx: e.dx, dy: e.dy, weight: e.weight, rank: e.rank}]->(x)"
                + " RETURN count(*) AS n",
            Map.of("edges", edges));
    if (linked != edges.size()) {
      throw new IllegalArgumentException(
          "Part `"
              + part.partName()
              + "` uses pattern ids that model `"
              + model
              + "` does not have ("
              + (edges.size() - linked)
              + " of "
              + edges.size()
              + " not found); learn it on this model's graph");
    }
    return new PartInfo(
        model,
        part.partName(),
        modelVersion,
        part.patternCount(),
        part.templates().size(),
        uses,
        (ZonedDateTime) created.get(0).get("learnedAt"),
        extraOf(props));
  }

  /** Reads a part of the current model version inside {@code tx}; empty if absent. */
  public static Optional<StoredPart> read(CypherSession.Tx tx, String model, String part) {
    Map<String, Object> p = Map.of("model", model, "name", part);
    List<Map<String, Object>> parts =
        tx.list(
            "MATCH (:ExplanatoryGraph {name: $model})-[:HAS_PART]->(p:Part {name: $name})"
                + " RETURN properties(p) AS props",
            p);
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    PartInfo info = info(props(parts.get(0)));
    Map<Integer, Map<String, Object>> templates = new TreeMap<>();
    tx.run(
        "MATCH (:ExplanatoryGraph {name: $model})-[:HAS_PART]->(:Part {name: $name})-[:HAS_TEMPLATE]->"
            + "(t:PartTemplate) RETURN properties(t) AS props",
        p,
        r -> {
          Map<String, Object> t = props(r);
          templates.put(((Number) t.get("index")).intValue(), t);
        });
    Map<Integer, List<UsesAt>> uses = new HashMap<>();
    tx.run(
        "MATCH (:ExplanatoryGraph {name: $model})-[:HAS_PART]->(:Part {name: $name})-[:HAS_TEMPLATE]->"
            + "(t:PartTemplate)-[u:USES]->(x:Pattern) RETURN t.index AS t, x.id AS id, u.dx AS dx,"
            + " u.dy AS dy, u.weight AS weight, u.rank AS rank",
        p,
        r ->
            uses.computeIfAbsent(((Number) r.get("t")).intValue(), k -> new ArrayList<>())
                .add(
                    new UsesAt(
                        ((Number) r.get("rank")).intValue(),
                        new TemplatePattern(
                            ((Number) r.get("id")).intValue(),
                            dbl(r.get("dx")),
                            dbl(r.get("dy")),
                            dbl(r.get("weight"))))));
    List<PartTemplate> out = new ArrayList<>();
    for (Map.Entry<Integer, Map<String, Object>> e : templates.entrySet()) {
      Map<String, Object> t = e.getValue();
      List<TemplatePattern> ps =
          uses.getOrDefault(e.getKey(), List.of()).stream()
              .sorted((a, b) -> Integer.compare(a.rank, b.rank))
              .map(a -> a.pattern)
              .toList();
      out.add(
          new PartTemplate(
              (String) t.get("sourceImageId"),
              Boolean.TRUE.equals(t.get("sourceMirrored")),
              new Point(dbl(t.get("sourceX")), dbl(t.get("sourceY"))),
              dbl(t.get("reliability")),
              ps));
    }
    return Optional.of(new StoredPart(info, new PartModel(part, info.patternCount(), out)));
  }

  private record UsesAt(int rank, TemplatePattern pattern) {}

  /** The parts of the model's current version inside {@code tx}, by name. */
  public static List<PartInfo> list(CypherSession.Tx tx, String model) {
    return tx
        .list(
            "MATCH (:ExplanatoryGraph {name: $model})-[:HAS_PART]->(p:Part) RETURN properties(p) AS props"
                + " ORDER BY p.name",
            Map.of("model", model))
        .stream()
        .map(r -> info(props(r)))
        .toList();
  }

  /** Deletes a part of the model's current version inside {@code tx}; false if absent. */
  public static boolean delete(CypherSession.Tx tx, String model, String part) {
    List<Map<String, Object>> found =
        tx.list(
            "MATCH (:ExplanatoryGraph {name: $model})-[:HAS_PART]->(p:Part {name: $name}) RETURN p.key AS key",
            Map.of("model", model, "name", part));
    if (found.isEmpty()) {
      return false;
    }
    detachPart(tx, (String) found.get(0).get("key"));
    return true;
  }

  /**
   * Deletes the parts of model {@code model} that do not belong to its current version (called when
   * a version is retired or the model deleted).
   */
  static void deleteStale(CypherSession session, String model) {
    session.write(
        tx -> {
          tx.exec(
              "MATCH (p:Part {graph: $model})"
                  + " WHERE NOT EXISTS { (:ExplanatoryGraph {name: $model})-[:HAS_PART]->(p) }"
                  + " OPTIONAL MATCH (p)-[:HAS_TEMPLATE]->(t:PartTemplate) DETACH DELETE t, p",
              Map.of("model", model));
          return null;
        });
  }

  private static void detachPart(CypherSession.Tx tx, String key) {
    tx.exec(
        "MATCH (p:Part {key: $key}) OPTIONAL MATCH (p)-[:HAS_TEMPLATE]->(t:PartTemplate)"
            + " DETACH DELETE t, p",
        Map.of("key", key));
  }

  private static Map<String, Object> modelRow(CypherSession.Tx tx, String model) {
    List<Map<String, Object>> rows =
        tx.list(
            "MATCH (m:ExplanatoryGraph {name: $model}) RETURN m.version AS version,"
                + " m.patternCount AS patterns",
            Map.of("model", model));
    if (rows.isEmpty()) {
      List<String> names =
          tx
              .list("MATCH (m:ExplanatoryGraph) RETURN m.name AS name ORDER BY name", Map.of())
              .stream()
              .map(r -> (String) r.get("name"))
              .toList();
      throw new IllegalArgumentException(
          "Model `"
              + model
              + "` does not exist; stored models: "
              + (names.isEmpty() ? "none (learn one with `xgraph learn`)" : names));
    }
    return rows.get(0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> props(Map<String, Object> row) {
    return (Map<String, Object>) row.get("props");
  }

  /** The caller's properties among a part's properties; integers as Long, as Neo4j stores them. */
  private static Map<String, Object> extraOf(Map<String, Object> p) {
    Map<String, Object> extra = new TreeMap<>();
    p.forEach(
        (k, v) -> {
          if (!RESERVED.contains(k)) {
            extra.put(k, v instanceof Integer i ? Long.valueOf(i) : v);
          }
        });
    return extra;
  }

  private static PartInfo info(Map<String, Object> p) {
    Map<String, Object> extra = extraOf(p);
    return new PartInfo(
        (String) p.get("graph"),
        (String) p.get("name"),
        ((Number) p.get("modelVersion")).longValue(),
        ((Number) p.get("patternCount")).intValue(),
        ((Number) p.get("templateCount")).intValue(),
        ((Number) p.get("usesCount")).intValue(),
        (ZonedDateTime) p.get("learnedAt"),
        extra);
  }

  private static double dbl(Object o) {
    return ((Number) o).doubleValue();
  }
}
