package io.xgraph.store.internal;

import io.xgraph.learner.io.DiskSpace;
import io.xgraph.learner.model.ExplanatoryGraph;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 *
 * <p>Over 500 lines because it implements every operation of {@link GraphStore} (write, publish,
 * read, delete, info, and the delegations to the part, label, occlusion, descriptor and comparison
 * stores); staging is {@link GraphStaging}, reading back {@link StoredGraphRead}, cleanup {@link
 * VersionCleanup}, keys and values {@link StoredValues}.
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
      this.repaired = new VersionCleanup(session).removeLeftovers(exclusive);
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
    long nodes = 1L + graph.layers().size() + graph.patternCount() + StoredValues.imageCount(graph);
    long relationships =
        graph.layers().size()
            + graph.patternCount()
            + graph.edgeCount()
            + StoredValues.firingCount(graph);
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
      new VersionCleanup(session).deleteStaged(name);
      if (session instanceof EmbeddedSession embedded) {
        new CoreStager(embedded, listener, created)
            .stage(
                target,
                StoredValues.modelProperties(target, writer),
                graph.layers().stream().map(l -> StoredValues.layerProperties(target, l)).toList(),
                writer);
      } else {
        new GraphStaging(session).stage(target, writer, listener, created);
      }
    } catch (RuntimeException e) {
      try {
        // On a full disk the deletion would need room in the log too: the next open removes them.
        if (!DiskSpace.isFull(e)) {
          new VersionCleanup(session).deleteStaged(name);
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
    new VersionCleanup(session).deleteRetired(name);
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
                        r.get("width") == null ? null : StoredValues.intOf(r.get("width")),
                        r.get("height") == null ? null : StoredValues.intOf(r.get("height"))));
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
    new VersionCleanup(session).deleteRetired(modelName);
    return retired > 0;
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
      ExplanatoryGraph graph = session.read(tx -> StoredGraphRead.read(tx, modelName, true));
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
        StoredValues.lng(r.get("version")),
        StoredValues.strings(r.get("layers")),
        StoredValues.lng(r.get("patterns")),
        StoredValues.lng(r.get("parents")),
        StoredValues.lng(r.get("firings")),
        StoredValues.lng(r.get("images")),
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
}
