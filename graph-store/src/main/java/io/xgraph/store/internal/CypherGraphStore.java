package io.xgraph.store.internal;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.io.DiskSpace;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.GraphStore;
import io.xgraph.store.ImageInfo;
import io.xgraph.store.ModelInfo;
import io.xgraph.store.PartStore;
import io.xgraph.store.Provenance;
import io.xgraph.store.StoreInfo;
import io.xgraph.store.WriteListener;
import io.xgraph.store.WriteSummary;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The store over any {@link CypherSession}: the same Cypher runs embedded and over Bolt.
 *
 * <p>Write protocol: (1) the new version is created under hidden labels {@code StagedModel}, {@code
 * StagedLayer}, {@code StagedPattern}, {@code StagedImage} in transactions of at most {@link
 * #BATCH} rows; (2) one transaction relabels the current version {@code Retired*} and the staged
 * one {@code Model}/{@code Layer}/{@code Pattern}/{@code Image}; (3) the retired version is deleted
 * in batches. A crash in (1) or (3) leaves hidden leftovers that the next write of the model, or
 * the next exclusive open, deletes.
 */
public final class CypherGraphStore implements GraphStore {

  /** Rows per transaction: keeps transaction state (and heap) flat for any graph size. */
  public static final int BATCH = 10_000;

  /** Nodes detached and deleted per transaction when dropping a version. */
  static final int DELETE_BATCH = 2_000;

  /** Staged leftovers older than this are someone's crashed write (remote stores only). */
  static final long STALE_STAGING_HOURS = 24;

  private final CypherSession session;
  private final String neo4jVersion;
  private final List<String> repaired;

  /**
   * Opens the store: checks/creates the schema, then deletes leftovers of crashed writes.
   *
   * @param session the transport; closed when the store closes (or if opening fails)
   * @param exclusive true when no other process can use the database (an embedded folder), so every
   *     staged leftover is garbage; false for a shared server, where only old ones are
   */
  public CypherGraphStore(CypherSession session, boolean exclusive) {
    this.session = session;
    try {
      Schema.ensure(session);
      this.neo4jVersion =
          session.read(
              tx ->
                  String.valueOf(
                      tx.list(
                              "CALL dbms.components() YIELD name, versions"
                                  + " RETURN versions[0] AS v LIMIT 1",
                              Map.of())
                          .get(0)
                          .get("v")));
      this.repaired = removeLeftovers(exclusive);
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /** The transport (the server launcher and tests use the embedded database behind it). */
  public CypherSession session() {
    return session;
  }

  // ---------------------------------------------------------------- write

  @Override
  public WriteSummary write(
      String graphName,
      ExplanatoryGraph graph,
      Provenance provenance,
      Collection<ImageInfo> images,
      WriteListener listener) {
    GraphValidation.check(graph);
    GraphValidation.checkGraphName(graphName);
    List<Map<String, Object>> imageRows = imageRows(images, provenance.dataset());
    GraphTarget target = new GraphTarget(graphName, graph, provenance);
    target.checkAgainst(session);
    String name = graphName;
    Path folder = session instanceof EmbeddedSession e ? e.folder() : null;
    long nodes = 1L + graph.layers().size() + graph.patternCount() + imageCount(graph);
    long relationships =
        graph.layers().size() + graph.patternCount() + graph.edgeCount() + firingCount(graph);
    long needed = StoreSpace.estimate(nodes, relationships);
    String what =
        String.format(
            Locale.ROOT,
            "model `%s` (%,d nodes and %,d relationships, about %d bytes each, plus a reserve of"
                + " %s)",
            name,
            nodes,
            relationships,
            StoreSpace.BYTES_PER_ELEMENT,
            DiskSpace.format(StoreSpace.RESERVE_BYTES));
    if (folder == null) {
      return writeStaged(target, imageRows, listener, new boolean[1]);
    }
    // Refused up front: once its disk is full Neo4j cannot fail fast (see StoreSpace).
    DiskSpace.require(folder, needed, "writing " + what + " to store `" + folder + "`");
    boolean[] published = new boolean[1];
    try (StoreSpace.Reserve reserve = StoreSpace.Reserve.take(folder)) {
      try {
        return writeStaged(target, imageRows, listener, published);
      } catch (RuntimeException e) {
        if (!DiskSpace.isFull(e) && DiskSpace.usable(folder) >= EmbeddedNeo4j.FULL_BYTES) {
          throw e;
        }
        // The room of the reserve lets Neo4j flush its pages and close; the marker lets the next
        // open cut the log entry the failure may have torn.
        reserve.release();
        EmbeddedNeo4j.markInterrupted(folder, "writing " + what + " failed: " + e.getMessage());
        throw new IllegalStateException(
            "Writing "
                + what
                + " to store `"
                + folder
                + "` failed, the disk is full: "
                + DiskSpace.shortage(folder, needed, DiskSpace.usable(folder))
                + (published[0]
                    ? "; the new version is written and current, its previous version is"
                        + " removed the next time the store is opened with room on its disk"
                    : "; the previous version (if any) is unchanged, and what this write left is"
                        + " removed the next time the store is opened with room on its disk"),
            e);
      }
    }
  }

  /** The write itself: stage, publish, remove the retired version. */
  private WriteSummary writeStaged(
      GraphTarget target,
      List<Map<String, Object>> imageRows,
      WriteListener listener,
      boolean[] current) {
    ExplanatoryGraph graph = target.graph();
    Provenance provenance = target.provenance();
    String name = target.name();
    String writer = UUID.randomUUID().toString();
    long start = System.nanoTime();
    long[] created = new long[2]; // nodes, relationships
    try {
      deleteStaged(name);
      if (session instanceof EmbeddedSession embedded) {
        new CoreStager(embedded, listener, created)
            .stage(
                target,
                modelProperties(target, writer),
                graph.layers().stream().map(l -> layerProperties(target, l)).toList(),
                writer);
      } else {
        stage(target, writer, listener, created);
      }
    } catch (RuntimeException e) {
      try {
        // On a full disk the deletion would need room in the log too: the next open removes them.
        if (!DiskSpace.isFull(e)) {
          deleteStaged(name);
        }
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      if (e instanceof IllegalArgumentException) {
        throw e;
      }
      throw new IllegalStateException(
          "Writing graph `"
              + name
              + "` to "
              + session.location()
              + " failed; the previous version (if any) is unchanged: "
              + e.getMessage(),
          e);
    }
    long staged = System.nanoTime();
    long version = publish(target, writer, imageRows);
    current[0] = true;
    listener.committed("publish", 1, 1);
    long published = System.nanoTime();
    deleteRetired(name);
    listener.committed("cleanup", 1, 1);
    long done = System.nanoTime();
    return new WriteSummary(
        name,
        version,
        created[0],
        created[1],
        (staged - start) / 1_000_000,
        (published - staged) / 1_000_000,
        (done - published) / 1_000_000);
  }

  private void stage(GraphTarget target, String writer, WriteListener listener, long[] created) {
    ExplanatoryGraph graph = target.graph();
    String name = target.name();
    String modelId =
        session.write(
            tx ->
                (String)
                    tx.list(
                            "CREATE (m:StagedModel) SET m = $props, m.stagedAt = datetime()"
                                + " RETURN elementId(m) AS e",
                            Map.of("props", modelProperties(target, writer)))
                        .get(0)
                        .get("e"));
    created[0]++;

    List<String> layerIds = new ArrayList<>();
    int layerIndex = 0;
    for (GraphLayer layer : graph.layers()) {
      Map<String, Object> props = layerProperties(target, layer);
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
        r.put("key", patternKey(name, p.id()));
        r.put("id", p.id());
        r.put("layer", p.layer());
        r.put("channel", p.channel());
        r.put("slot", p.slot());
        r.put("muX", p.muX());
        r.put("muY", p.muY());
        r.put("sigma", p.sigma());
        r.put("meanScore", p.meanScore());
        rows.add(r);
        if (rows.size() == BATCH) {
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
      if (batch.size() == BATCH) {
        created[0] += flushImages(batch, target.dataset(), writer, imageIds);
        imagesDone += BATCH;
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
              storesParentSigma(link, sigmas.get(link.parentId())) ? link.parentSigma() : null);
          r.put("co", link.coactivation());
          r.put("rank", k);
          rows.add(r);
          if (rows.size() == BATCH) {
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

    long firings = firingCount(graph);
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
          if (rows.size() == BATCH) {
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

  /** The extra label of a pattern of layer {@code index} (0 = lowest): {@code L0}, {@code L1}... */
  public static String layerLabel(long index) {
    return "L" + index;
  }

  /** Makes the staged version current in one transaction; returns its version number. */
  private long publish(GraphTarget target, String writer, List<Map<String, Object>> imageRows) {
    String name = target.name();
    return session.write(
        tx -> {
          Map<String, Object> p = Map.of("name", name, "w", writer);
          long previous =
              tx.count(
                  "MATCH (old:ExplanatoryGraph {name: $name})"
                      + " SET old:RetiredModel REMOVE old:ExplanatoryGraph"
                      + " RETURN coalesce(old.version, 0) AS n",
                  p);
          tx.exec("MATCH (l:Layer {graph: $name}) SET l:RetiredLayer REMOVE l:Layer", p);
          tx.exec("MATCH (x:Pattern {graph: $name}) SET x:RetiredPattern REMOVE x:Pattern", p);
          long version = previous + 1;
          long graphs =
              tx.count(
                  "MATCH (m:StagedModel {name: $name}) WHERE m.writer = $w"
                      + " SET m:ExplanatoryGraph, m.version = $v, m.writtenAt = datetime()"
                      + " REMOVE m:StagedModel, m.writer"
                      + " MERGE (cnn:Model {name: $model}) SET cnn.onnxSha256 = $sha"
                      + " MERGE (m)-[:OF_MODEL]->(cnn)"
                      + " RETURN count(m) AS n",
                  Map.of(
                      "name",
                      name,
                      "w",
                      writer,
                      "v",
                      version,
                      "model",
                      target.model(),
                      "sha",
                      target.graph().modelSha256()));
          if (graphs != 1) {
            throw new IllegalStateException(
                "Staged version of graph `"
                    + name
                    + "` in "
                    + session.location()
                    + " disappeared before it was published (another writer of the same graph?)");
          }
          if (!target.dataset().isEmpty()) {
            tx.exec(
                "MATCH (m:ExplanatoryGraph {name: $name}) MERGE (d:Dataset {name: $ds})"
                    + " MERGE (m)-[:LEARNED_ON]->(d)",
                Map.of("name", name, "ds", target.dataset()));
          }
          // Older xgraph versions refuse the store from now on instead of misreading it.
          tx.exec(
              "MATCH (s:"
                  + Schema.VERSION_LABEL
                  + " {name: 'xgraph'}) WHERE s.version < $v"
                  + " SET s.upgradedFrom = s.version, s.version = $v, s.upgradedAt = datetime()",
              Map.of("v", GraphStore.SCHEMA_VERSION));
          tx.exec("MATCH (l:StagedLayer {graph: $name}) SET l:Layer REMOVE l:StagedLayer", p);
          long layers = tx.count("MATCH (l:Layer {graph: $name}) RETURN count(l) AS n", p);
          for (long i = 0; i < layers; i++) {
            // The layer label (L0 = lowest) lets Neo4j Browser's style sheet colour by layer.
            tx.exec(
                "MATCH (x:StagedPattern {graph: $name}) WHERE x.layer = $i SET x:" + layerLabel(i),
                Map.of("name", name, "i", i));
          }
          tx.exec("MATCH (x:StagedPattern {graph: $name}) SET x:Pattern REMOVE x:StagedPattern", p);
          tx.exec(
              "MATCH (i:StagedImage {writer: $w}) SET i:Image REMOVE i:StagedImage, i.writer,"
                  + " i.stagedAt",
              p);
          if (!imageRows.isEmpty()) {
            // Every image of the dataset given (all splits), unique within the dataset; the
            // metadata appears with the new version.
            tx.exec(
                "UNWIND $rows AS r MERGE (i:Image {dataset: $ds, id: r.id})"
                    + " SET i.path = r.path, i.box = coalesce(r.box, i.box),"
                    + " i.split = coalesce(r.split, i.split),"
                    + " i.width = coalesce(r.width, i.width), i.height = coalesce(r.height,"
                    + " i.height)",
                Map.of("rows", imageRows, "ds", target.dataset()));
          }
          return version;
        });
  }

  static List<Map<String, Object>> imageRows(Collection<ImageInfo> images, String dataset) {
    if (images == null) {
      throw new IllegalArgumentException(
          "Image metadata was null; pass an empty list when there is none.");
    }
    Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
    for (ImageInfo info : images) {
      Map<String, Object> r = new HashMap<>();
      r.put("id", info.id());
      r.put("path", info.path());
      r.put("split", info.split());
      double[] box = info.box();
      r.put("box", box == null ? null : java.util.Arrays.stream(box).boxed().toList());
      r.put("width", info.width());
      r.put("height", info.height());
      if (rows.put(info.id(), r) != null) {
        throw new IllegalArgumentException(
            "Dataset `"
                + dataset
                + "` lists image id `"
                + info.id()
                + "` twice; image ids must be unique within a dataset: fix the dataset's image"
                + " list (one line per image), nothing was written.");
      }
    }
    return new ArrayList<>(rows.values());
  }

  @Override
  public Map<String, ImageInfo> images(String graphName) {
    Map<String, ImageInfo> out = new java.util.TreeMap<>();
    session.read(
        tx -> {
          tx.run(
              "MATCH (g:ExplanatoryGraph {name: $name})"
                  + " MATCH (i:Image {dataset: g.dataset}) WHERE i.path IS NOT NULL"
                  + " RETURN i.id AS id, i.split AS split, i.path AS path, i.box AS box,"
                  + " i.width AS width, i.height AS height",
              Map.of("name", graphName),
              r -> {
                Object box = r.get("box");
                double[] b = null;
                if (box instanceof double[] d) {
                  b = d;
                } else if (box instanceof List<?> list) {
                  b = list.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
                }
                String id = (String) r.get("id");
                out.put(
                    id,
                    new ImageInfo(
                        id,
                        (String) r.get("split"),
                        (String) r.get("path"),
                        b,
                        r.get("width") == null ? null : intOf(r.get("width")),
                        r.get("height") == null ? null : intOf(r.get("height"))));
              });
          return null;
        });
    return out;
  }

  // ---------------------------------------------------------------- comparisons

  @Override
  public void writeComparison(io.xgraph.learner.compare.Comparison comparison) {
    new ComparisonStore(session).write(comparison);
  }

  @Override
  public long writePartLabels(
      String graphName,
      List<io.xgraph.learner.meaning.PartLabel> labels,
      io.xgraph.learner.meaning.TrackingRule rule,
      int heldOutImages) {
    return new PartLabelStore(session).write(graphName, labels, rule, heldOutImages);
  }

  @Override
  public List<io.xgraph.learner.meaning.PartLabel> partLabels(String graphName) {
    return new PartLabelStore(session).read(graphName);
  }

  @Override
  public long writeOcclusion(
      String graphName, List<io.xgraph.learner.meaning.PatternOcclusion> rows, boolean replace) {
    return new OcclusionStore(session).write(graphName, rows, replace);
  }

  @Override
  public io.xgraph.store.DescriptorWrite writeDescriptors(
      String graphName, io.xgraph.learner.meaning.ProbeSet probes, Map<Integer, float[]> d) {
    return new DescriptorStore(session).write(graphName, probes, d);
  }

  @Override
  public List<io.xgraph.store.SimilarPattern> similarPatterns(
      String key, long k, String graph, boolean otherGraphsOnly) {
    return session.read(
        tx -> new io.xgraph.store.SimilarSearch(tx::list).similar(key, k, graph, otherGraphsOnly));
  }

  @Override
  public Optional<io.xgraph.learner.compare.Comparison> comparison(String modelA, String modelB) {
    return new ComparisonStore(session).read(modelA, modelB);
  }

  @Override
  public List<io.xgraph.store.Counterpart> counterparts(
      String model, int patternId, String otherModel) {
    return new ComparisonStore(session).counterparts(model, patternId, otherModel);
  }

  // ---------------------------------------------------------------- delete and cleanup

  @Override
  public boolean delete(String modelName) {
    long retired =
        session.write(
            tx -> {
              Map<String, Object> p = Map.of("name", modelName);
              long n =
                  tx.count(
                      "MATCH (old:ExplanatoryGraph {name: $name})"
                          + " SET old:RetiredModel REMOVE old:ExplanatoryGraph"
                          + " RETURN count(old) AS n",
                      p);
              tx.exec("MATCH (l:Layer {graph: $name}) SET l:RetiredLayer REMOVE l:Layer", p);
              tx.exec("MATCH (x:Pattern {graph: $name}) SET x:RetiredPattern REMOVE x:Pattern", p);
              return n;
            });
    deleteRetired(modelName);
    return retired > 0;
  }

  private void deleteStaged(String name) {
    Map<String, Object> p = Map.of("name", name);
    deleteInBatches("MATCH (x:StagedPattern {graph: $name})", p);
    deleteInBatches("MATCH (x:StagedLayer {graph: $name})", p);
    List<String> writers =
        session.read(
            tx ->
                tx.list("MATCH (m:StagedModel {name: $name}) RETURN m.writer AS w", p).stream()
                    .map(r -> (String) r.get("w"))
                    .toList());
    for (String w : writers) {
      deleteInBatches("MATCH (x:StagedImage {writer: $w})", Map.of("w", w));
    }
    deleteInBatches("MATCH (x:StagedModel {name: $name})", p);
  }

  private void deleteRetired(String name) {
    Map<String, Object> p = Map.of("name", name);
    List<String> images =
        session.read(
            tx ->
                tx
                    .list(
                        "MATCH (:RetiredPattern {graph: $name})-[:FIRES_ON]->(i:Image)"
                            + " RETURN DISTINCT elementId(i) AS e",
                        p)
                    .stream()
                    .map(r -> (String) r.get("e"))
                    .toList());
    // Parts were learned on the retired version: they go first, with their USES edges.
    CypherPartStore.deleteStale(session, name);
    deleteInBatches("MATCH (x:RetiredPattern {graph: $name})", p);
    deleteInBatches("MATCH (x:RetiredLayer {graph: $name})", p);
    deleteInBatches("MATCH (x:RetiredModel {name: $name})", p);
    // A CNN or dataset no graph uses any more goes, with the dataset's images no graph fires on;
    // images of a dataset that still has a graph stay (they carry the dataset's metadata).
    List<String> datasets =
        session.write(
            tx -> {
              tx.exec("MATCH (m:Model) WHERE NOT (m)--() DELETE m", Map.of());
              return tx
                  .list(
                      "MATCH (d:Dataset) WHERE NOT (d)--() WITH d, d.name AS name DELETE d"
                          + " RETURN name",
                      Map.of())
                  .stream()
                  .map(r -> (String) r.get("name"))
                  .toList();
            });
    for (String dataset : datasets) {
      deleteInBatches(
          "MATCH (x:Image {dataset: $ds}) WHERE NOT (x)--()"
              + " AND NOT EXISTS { MATCH (:ExplanatoryGraph {dataset: $ds}) }",
          Map.of("ds", dataset));
    }
    // Images no graph fires on go too, unless they are listed images (a path) of a dataset that
    // still has a graph.
    for (int from = 0; from < images.size(); from += BATCH) {
      List<String> slice = images.subList(from, Math.min(images.size(), from + BATCH));
      session.write(
          tx -> {
            tx.exec(
                "UNWIND $ids AS e MATCH (i:Image) WHERE elementId(i) = e AND NOT (i)--()"
                    + " AND (i.path IS NULL"
                    + " OR NOT EXISTS { MATCH (:ExplanatoryGraph {dataset: i.dataset}) })"
                    + " DELETE i",
                Map.of("ids", List.copyOf(slice)));
            return null;
          });
    }
  }

  /** Detach-deletes the nodes bound to {@code x} by {@code match}, a batch per transaction. */
  private void deleteInBatches(String match, Map<String, Object> params) {
    Map<String, Object> p = new HashMap<>(params);
    p.put("limit", DELETE_BATCH);
    while (true) {
      long n =
          session.write(
              tx ->
                  tx.count(match + " WITH x LIMIT $limit DETACH DELETE x RETURN count(*) AS n", p));
      if (n == 0) {
        return;
      }
    }
  }

  /** Removes what interrupted writes left; says what it removed, one line per model. */
  private List<String> removeLeftovers(boolean exclusive) {
    Set<String> retired = new LinkedHashSet<>();
    Set<String> staged = new LinkedHashSet<>();
    session.read(
        tx -> {
          for (String label : List.of("RetiredModel", "RetiredLayer", "RetiredPattern")) {
            String prop = label.equals("RetiredModel") ? "name" : "graph";
            tx.run(
                "MATCH (x:" + label + ") RETURN DISTINCT x." + prop + " AS name",
                Map.of(),
                r -> retired.add((String) r.get("name")));
          }
          String age =
              exclusive
                  ? ""
                  : " WHERE x.stagedAt < datetime() - duration({hours: "
                      + STALE_STAGING_HOURS
                      + "})";
          tx.run(
              "MATCH (x:StagedModel)" + age + " RETURN DISTINCT x.name AS name",
              Map.of(),
              r -> staged.add((String) r.get("name")));
          if (exclusive) {
            for (String label : List.of("StagedLayer", "StagedPattern")) {
              tx.run(
                  "MATCH (x:" + label + ") RETURN DISTINCT x.graph AS name",
                  Map.of(),
                  r -> staged.add((String) r.get("name")));
            }
          }
          return null;
        });
    retired.remove(null);
    staged.remove(null);
    retired.forEach(this::deleteRetired);
    staged.forEach(this::deleteStaged);
    if (exclusive) {
      // Nothing staged can be current in a folder one process holds, named or not.
      for (String label : List.of("StagedPattern", "StagedLayer", "StagedModel", "StagedImage")) {
        deleteInBatches("MATCH (x:" + label + ")", Map.of());
      }
    }
    List<String> out = new ArrayList<>();
    for (String name : retired) {
      out.add(
          "removed the previous version of model `"
              + name
              + "` left by a write interrupted after it made the new version current");
    }
    for (String name : staged) {
      out.add(
          "removed the unfinished new version of model `"
              + name
              + "` left by an interrupted write (full disk or killed process); the model's"
              + " current version, if any, is unchanged: write it again");
    }
    return List.copyOf(out);
  }

  // ---------------------------------------------------------------- read

  @Override
  public Optional<ExplanatoryGraph> read(String modelName) {
    // Read committed isolation: retry if a new version was published while reading.
    for (int attempt = 0; attempt < 5; attempt++) {
      Optional<Long> before = currentVersion(modelName);
      if (before.isEmpty()) {
        return Optional.empty();
      }
      ExplanatoryGraph graph = session.read(tx -> readGraph(tx, modelName));
      if (before.equals(currentVersion(modelName)) && graph != null) {
        return Optional.of(graph);
      }
    }
    throw new IllegalStateException(
        "Model `"
            + modelName
            + "` in "
            + session.location()
            + " kept changing while being read; try again when its writer is done");
  }

  private Optional<Long> currentVersion(String name) {
    List<Map<String, Object>> rows =
        session.read(
            tx ->
                tx.list(
                    "MATCH (m:ExplanatoryGraph {name: $name}) RETURN m.version AS v",
                    Map.of("name", name)));
    return rows.isEmpty()
        ? Optional.empty()
        : Optional.of(((Number) rows.get(0).get("v")).longValue());
  }

  private ExplanatoryGraph readGraph(CypherSession.Tx tx, String name) {
    Map<String, Object> p = Map.of("name", name);
    List<Map<String, Object>> models =
        tx.list(
            "MATCH (m:ExplanatoryGraph {name: $name}) RETURN m.onnxSha256 AS sha,"
                + " m.parameters AS params, m.parameterTypes AS types,"
                + " m.trainingImageIds AS images, m.model AS model",
            p);
    if (models.isEmpty()) {
      return null;
    }
    Map<String, Object> model = models.get(0);
    @SuppressWarnings("unchecked")
    Map<String, Object> parameters = (Map<String, Object>) Json.read((String) model.get("params"));
    if (model.get("types") != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> hints = (Map<String, Object>) Json.read((String) model.get("types"));
      Json.applyHints(parameters, hints);
    }

    Map<Integer, List<ParentLinkAt>> parents = new HashMap<>();
    tx.run(
        "MATCH (c:Pattern {graph: $name})-[r:PARENT]->(q:Pattern) RETURN c.id AS c, q.id AS p,"
            + " r.dx AS dx, r.dy AS dy, coalesce(r.sigma, q.sigma) AS sigma,"
            + " r.coactivation AS co, r.rank AS rank",
        p,
        r ->
            parents
                .computeIfAbsent(intOf(r.get("c")), k -> new ArrayList<>())
                .add(
                    new ParentLinkAt(
                        intOf(r.get("rank")),
                        new ParentLink(
                            intOf(r.get("p")),
                            dbl(r.get("dx")),
                            dbl(r.get("dy")),
                            dbl(r.get("sigma")),
                            dbl(r.get("co"))))));
    Map<Integer, List<FiringAt>> firings = new HashMap<>();
    tx.run(
        "MATCH (x:Pattern {graph: $name})-[f:FIRES_ON]->(i:Image) RETURN x.id AS p, i.id AS image,"
            + " f.x AS x, f.y AS y, f.score AS score, f.rank AS rank",
        p,
        r ->
            firings
                .computeIfAbsent(intOf(r.get("p")), k -> new ArrayList<>())
                .add(
                    new FiringAt(
                        intOf(r.get("rank")),
                        new Firing(
                            (String) r.get("image"),
                            dbl(r.get("x")),
                            dbl(r.get("y")),
                            dbl(r.get("score"))))));

    List<Map<String, Object>> layerRows =
        tx.list(
            "MATCH (:ExplanatoryGraph {name: $name})-[:HAS_LAYER]->(l:Layer) RETURN l.name AS name,"
                + " l.index AS index, l.channels AS channels, l.mapH AS h, l.mapW AS w,"
                + " l.stride AS stride, l.firstCenter AS firstCenter,"
                + " l.receptiveField AS rf, l.inputSize AS inputSize, l.scoreScale AS scoreScale,"
                + " l.negativeSigma AS negativeSigma ORDER BY l.index",
            p);
    List<List<Pattern>> patternsByLayer = new ArrayList<>();
    layerRows.forEach(l -> patternsByLayer.add(new ArrayList<>()));
    tx.run(
        "MATCH (x:Pattern {graph: $name}) RETURN x.id AS id, x.layer AS layer,"
            + " x.channel AS channel, x.slot AS slot, x.muX AS muX, x.muY AS muY,"
            + " x.sigma AS sigma, x.meanScore AS meanScore ORDER BY x.id",
        p,
        r -> {
          int id = intOf(r.get("id"));
          int layer = intOf(r.get("layer"));
          patternsByLayer
              .get(layer)
              .add(
                  new Pattern(
                      id,
                      layer,
                      intOf(r.get("channel")),
                      intOf(r.get("slot")),
                      dbl(r.get("muX")),
                      dbl(r.get("muY")),
                      dbl(r.get("sigma")),
                      dbl(r.get("meanScore")),
                      parents.getOrDefault(id, List.of()).stream()
                          .sorted((a, b) -> Integer.compare(a.rank, b.rank))
                          .map(a -> a.link)
                          .toList(),
                      firings.getOrDefault(id, List.of()).stream()
                          .sorted((a, b) -> Integer.compare(a.rank, b.rank))
                          .map(a -> a.firing)
                          .toList()));
        });
    List<GraphLayer> layers = new ArrayList<>();
    for (int i = 0; i < layerRows.size(); i++) {
      Map<String, Object> l = layerRows.get(i);
      LayerGeometry geometry =
          new LayerGeometry(
              (String) l.get("name"),
              intOf(l.get("index")),
              intOf(l.get("channels")),
              intOf(l.get("h")),
              intOf(l.get("w")),
              dbl(l.get("stride")),
              dbl(l.get("firstCenter")),
              dbl(l.get("rf")),
              intOf(l.get("inputSize")));
      layers.add(
          new GraphLayer(
              geometry,
              floats(l.get("negativeSigma")),
              dbl(l.get("scoreScale")),
              patternsByLayer.get(i)));
    }
    return new ExplanatoryGraph(
        (String) model.get("model"),
        (String) model.get("sha"),
        layers,
        parameters,
        strings(model.get("images")));
  }

  private record ParentLinkAt(int rank, ParentLink link) {}

  private record FiringAt(int rank, Firing firing) {}

  // ---------------------------------------------------------------- info

  private static final String MODEL_INFO =
      "RETURN m.name AS name, m.onnxSha256 AS sha, m.version AS version, m.layers AS layers,"
          + " m.patternCount AS patterns, m.parentCount AS parents, m.firingCount AS firings,"
          + " m.trainingImageCount AS images, m.writtenAt AS writtenAt, m.dataset AS dataset,"
          + " m.toolVersions AS tools, m.model AS model, m.category AS category";

  @Override
  public Optional<ModelInfo> model(String modelName) {
    return session
        .read(
            tx ->
                tx.list(
                    "MATCH (m:ExplanatoryGraph {name: $name}) " + MODEL_INFO,
                    Map.of("name", modelName)))
        .stream()
        .findFirst()
        .map(CypherGraphStore::modelInfo);
  }

  @Override
  public List<ModelInfo> listModels() {
    return session
        .read(
            tx -> tx.list("MATCH (m:ExplanatoryGraph) " + MODEL_INFO + " ORDER BY name", Map.of()))
        .stream()
        .map(CypherGraphStore::modelInfo)
        .toList();
  }

  @Override
  public PartStore parts() {
    return new CypherPartStore(session);
  }

  @Override
  public StoreInfo info() {
    long version =
        session.read(tx -> tx.count("MATCH (s:XgraphSchema) RETURN max(s.version) AS n", Map.of()));
    return new StoreInfo(
        session.location(), session.backend(), (int) version, neo4jVersion, listModels(), repaired);
  }

  private static ModelInfo modelInfo(Map<String, Object> r) {
    Map<String, String> tools = new LinkedHashMap<>();
    if (r.get("tools") != null) {
      ((Map<?, ?>) Json.read((String) r.get("tools")))
          .forEach((k, v) -> tools.put(String.valueOf(k), String.valueOf(v)));
    }
    return new ModelInfo(
        (String) r.get("name"),
        (String) r.get("sha"),
        lng(r.get("version")),
        strings(r.get("layers")),
        lng(r.get("patterns")),
        lng(r.get("parents")),
        lng(r.get("firings")),
        lng(r.get("images")),
        (ZonedDateTime) r.get("writtenAt"),
        r.get("dataset") == null ? "" : (String) r.get("dataset"),
        tools,
        (String) r.get("model"),
        r.get("category") == null ? "" : (String) r.get("category"));
  }

  @Override
  public void close() {
    session.close();
  }

  // ---------------------------------------------------------------- properties and values

  /**
   * Whether a PARENT edge stores its own {@code sigma} (schema 2): only when it differs from the
   * parent pattern's {@code sigma}, which it equals in every learned graph (the learner copies it).
   * Readers take {@code coalesce(r.sigma, parent.sigma)}. Saves one of three property records.
   */
  public static boolean storesParentSigma(ParentLink link, Double parentSigma) {
    return parentSigma == null
        || Double.doubleToLongBits(parentSigma) != Double.doubleToLongBits(link.parentSigma());
  }

  /** Globally unique key of a pattern: graph name and the pattern's id within the graph. */
  public static String patternKey(String graph, int id) {
    return graph + ":" + id;
  }

  /** Globally unique key of a layer: graph name and layer name. */
  public static String layerKey(String graph, String layer) {
    return graph + ":" + layer;
  }

  static Map<String, Object> modelProperties(GraphTarget target, String writer) {
    ExplanatoryGraph graph = target.graph();
    Provenance provenance = target.provenance();
    Map<String, Object> m = new HashMap<>(provenance.properties());
    m.put("name", target.name());
    m.put("model", target.model());
    m.put("category", target.category());
    m.put("learnedAt", ZonedDateTime.now(java.time.ZoneOffset.UTC));
    m.put("onnxSha256", graph.modelSha256());
    m.put("writer", writer);
    m.put("schemaVersion", GraphStore.SCHEMA_VERSION);
    m.put("layers", graph.layers().stream().map(l -> l.geometry().name()).toList());
    m.put("layerCount", graph.layers().size());
    m.put("patternCount", graph.patternCount());
    m.put("parentCount", graph.edgeCount());
    m.put("firingCount", firingCount(graph));
    m.put("parameters", Json.write(graph.parameters()));
    Map<String, Object> hints = Json.typeHints(graph.parameters());
    if (!hints.isEmpty()) {
      m.put("parameterTypes", Json.write(hints));
    }
    m.put("trainingImageIds", graph.trainingImageIds());
    m.put("trainingImageCount", graph.trainingImageIds().size());
    m.put("dataset", provenance.dataset());
    m.put("toolVersions", Json.write(provenance.toolVersions()));
    return m;
  }

  static Map<String, Object> layerProperties(GraphTarget target, GraphLayer layer) {
    LayerGeometry g = layer.geometry();
    Map<String, Object> l = new HashMap<>();
    l.put("key", layerKey(target.name(), g.name()));
    l.put("graph", target.name());
    l.put("model", target.model());
    l.put("name", g.name());
    l.put("index", g.index());
    l.put("channels", g.channels());
    l.put("mapH", g.height());
    l.put("mapW", g.width());
    l.put("stride", g.stride());
    l.put("firstCenter", g.firstCenter());
    l.put("receptiveField", g.receptiveField());
    l.put("inputSize", g.inputSize());
    l.put("scoreScale", layer.scoreScale());
    l.put("negativeSigma", layer.negativeSigma());
    l.put("patternCount", layer.patterns().size());
    return l;
  }

  /** Distinct images the graph fires on (Image nodes it may create). */
  static long imageCount(ExplanatoryGraph graph) {
    Set<String> ids = new HashSet<>();
    for (GraphLayer l : graph.layers()) {
      for (Pattern p : l.patterns()) {
        for (Firing f : p.topImages()) {
          ids.add(f.imageId());
        }
      }
    }
    return ids.size();
  }

  static long firingCount(ExplanatoryGraph graph) {
    return graph.layers().stream()
        .flatMap(l -> l.patterns().stream())
        .mapToLong(p -> p.topImages().size())
        .sum();
  }

  private static int intOf(Object o) {
    return ((Number) o).intValue();
  }

  private static long lng(Object o) {
    return o == null ? 0 : ((Number) o).longValue();
  }

  private static double dbl(Object o) {
    return ((Number) o).doubleValue();
  }

  /** float[] embedded; a list of doubles over Bolt (which has no 32-bit floats); double[] too. */
  static float[] floats(Object o) {
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
    List<?> list = (List<?>) o;
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) list.get(i)).floatValue();
    }
    return out;
  }

  static List<String> strings(Object o) {
    if (o == null) {
      return List.of();
    }
    if (o instanceof String[] a) {
      return List.of(a);
    }
    return ((List<?>) o).stream().map(String::valueOf).toList();
  }
}
