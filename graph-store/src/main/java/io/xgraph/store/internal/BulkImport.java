package io.xgraph.store.internal;

import io.xgraph.learner.io.DiskSpace;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.GraphStore;
import io.xgraph.store.ImageInfo;
import io.xgraph.store.Provenance;
import io.xgraph.store.WriteSummary;
import io.xgraph.store.internal.ImportInput.Entity;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.neo4j.batchimport.api.Configuration;
import org.neo4j.batchimport.api.IndexConfig;
import org.neo4j.batchimport.api.Monitor;
import org.neo4j.batchimport.api.input.Collector;
import org.neo4j.batchimport.api.input.IdType;
import org.neo4j.batchimport.api.input.Input;
import org.neo4j.batchimport.api.input.ReadableGroups;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.internal.batchimport.DefaultAdditionalIds;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.io.layout.DatabaseLayout;
import org.neo4j.io.layout.Neo4jLayout;
import org.neo4j.io.pagecache.context.CursorContextFactory;
import org.neo4j.io.pagecache.tracing.PageCacheTracer;
import org.neo4j.kernel.impl.index.schema.IndexImporterFactoryImpl;
import org.neo4j.kernel.impl.scheduler.JobSchedulerFactory;
import org.neo4j.kernel.impl.transaction.log.files.TransactionLogInitializer;
import org.neo4j.logging.internal.NullLogService;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.scheduler.JobScheduler;
import org.neo4j.storageengine.api.StorageEngineFactory;

/**
 * Writes a graph into a new store with Neo4j's own batch importer (the engine of {@code neo4j-admin
 * database import}), bypassing transactions: the same nodes, labels, properties and relationships
 * as a transactional write published ({@link CypherGraphStore}). The store is built in a hidden
 * sibling folder, opened once (constraints, indexes and the schema node are created as for any
 * store) and then renamed into place, so a killed import never leaves a half store at the target.
 */
public final class BulkImport {

  /** Entities per chunk handed to one importer worker. */
  private static final int CHUNK = 20_000;

  private static final String TEMP_INFIX = ".importing-";

  /** Defaults, plus the label and relationship-type lookup indexes every new database has. */
  private static final Configuration IMPORT_CONFIG =
      new Configuration() {
        @Override
        public IndexConfig indexConfig() {
          return IndexConfig.create().withLabelIndex().withRelationshipTypeIndex();
        }
      };

  private BulkImport() {}

  /**
   * Times of one import, milliseconds: batch importer, first start of the database, constraints and
   * indexes (populated), shutdown.
   */
  public record Timing(
      long importMillis, long startMillis, long schemaMillis, long shutdownMillis) {}

  /**
   * Imports the graph into {@code folder}, which must not exist or be an empty folder.
   *
   * @param timing receives the phase times (may be null)
   * @throws IllegalArgumentException bad graph, name or image list, or the folder holds something
   * @throws IllegalStateException the importer failed (the target folder is left untouched)
   */
  public static WriteSummary importNew(
      Path folder,
      String graphName,
      ExplanatoryGraph graph,
      Provenance provenance,
      Collection<ImageInfo> images,
      java.util.function.Consumer<Timing> timing) {
    return importNew(folder, graphName, graph, provenance, images, timing, () -> {});
  }

  /**
   * As above; {@code midImport} runs inside the batch importer once the nodes are written, before
   * the first relationship (crash tests park the importing process there).
   */
  static WriteSummary importNew(
      Path folder,
      String graphName,
      ExplanatoryGraph graph,
      Provenance provenance,
      Collection<ImageInfo> images,
      java.util.function.Consumer<Timing> timing,
      Runnable midImport) {
    GraphValidation.check(graph);
    GraphValidation.checkGraphName(graphName);
    List<Map<String, Object>> imageRows = CypherGraphStore.imageRows(images, provenance.dataset());
    Path target = folder.toAbsolutePath().normalize();
    if (!isAbsentOrEmpty(target)) {
      throw new IllegalArgumentException(
          "Store folder `"
              + target
              + "` is not empty; a bulk import only creates a new store. Write into the existing"
              + " store with GraphStore.write (xgraph learn/demo do so), or give a new folder.");
    }
    Path parent = target.getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create `" + parent + "`: " + e.getMessage(), e);
    }
    removeStaleTemps(target);
    GraphTarget what = new GraphTarget(graphName, graph, provenance);
    Plan plan = new Plan(what, imageRows, midImport);
    DiskSpace.require(
        parent,
        StoreSpace.estimate(plan.nodeCount, plan.relationshipCount),
        "importing graph `" + graphName + "` into `" + target + "`");
    Path temp =
        parent.resolve("." + target.getFileName() + TEMP_INFIX + ProcessHandle.current().pid());
    long t0 = System.nanoTime();
    try {
      runImporter(temp, plan);
      long t1 = System.nanoTime();
      long[] phases = createSchema(temp);
      long t2 = System.nanoTime();
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      if (timing != null) {
        timing.accept(new Timing((t1 - t0) / 1_000_000, phases[0], phases[1], phases[2]));
      }
      return new WriteSummary(
          graphName,
          1,
          plan.nodeCount,
          plan.relationshipCount,
          (t1 - t0) / 1_000_000,
          (t2 - t1) / 1_000_000,
          0);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new IllegalStateException(
          "Bulk import of graph `"
              + graphName
              + "` into `"
              + target
              + "` failed, nothing was written there: "
              + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      deleteQuietly(temp);
      throw e;
    }
  }

  /**
   * Starts the imported database once and creates every constraint and index of {@link Schema} in
   * one transaction, so that Neo4j populates them in one scan of the store (the record-format
   * importer takes no schema commands). The schema node is imported with the data, so every later
   * open finds the store complete. Returns the milliseconds of start, schema and shutdown.
   */
  private static long[] createSchema(Path home) {
    long t0 = System.nanoTime();
    org.neo4j.dbms.api.DatabaseManagementService dbms =
        EmbeddedNeo4j.start(EmbeddedNeo4j.builder(home), home);
    long t1;
    long t2;
    try {
      org.neo4j.graphdb.GraphDatabaseService db = EmbeddedNeo4j.defaultDatabase(dbms, home);
      t1 = System.nanoTime();
      try (org.neo4j.graphdb.Transaction tx = db.beginTx()) {
        for (String statement : Schema.STATEMENTS) {
          tx.execute(statement).close();
        }
        tx.commit();
      }
      try (org.neo4j.graphdb.Transaction tx = db.beginTx()) {
        tx.schema().awaitIndexesOnline(10, java.util.concurrent.TimeUnit.MINUTES);
        tx.commit();
      }
    } finally {
      long s = System.nanoTime();
      EmbeddedNeo4j.shutdown(dbms, home);
      t2 = s;
    }
    long t3 = System.nanoTime();
    return new long[] {(t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000};
  }

  private static void runImporter(Path home, Plan plan) throws IOException {
    Config config = Config.newBuilder().set(GraphDatabaseSettings.neo4j_home, home).build();
    StorageEngineFactory engine = StorageEngineFactory.selectStorageEngine(config);
    DatabaseLayout layout =
        engine.databaseLayout(Neo4jLayout.of(config), GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
    DefaultFileSystemAbstraction fs = new DefaultFileSystemAbstraction();
    fs.mkdirs(layout.databaseDirectory());
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    Input input =
        Input.input(
            plan.nodes(),
            plan.relationships(),
            IdType.ACTUAL,
            Input.knownEstimates(
                plan.nodeCount,
                plan.relationshipCount,
                plan.nodeCount * 8,
                plan.relationshipCount * 4,
                plan.nodeCount * 64,
                plan.relationshipCount * 32,
                plan.nodeCount),
            ReadableGroups.EMPTY);
    try (JobScheduler scheduler = JobSchedulerFactory.createInitialisedScheduler()) {
      engine
          .batchImporter(
              layout,
              fs,
              PageCacheTracer.NULL,
              IMPORT_CONFIG,
              NullLogService.getInstance(),
              quiet,
              false,
              DefaultAdditionalIds.EMPTY,
              config,
              Monitor.NO_MONITOR,
              scheduler,
              Collector.STRICT,
              TransactionLogInitializer.getLogFilesInitializer(),
              new IndexImporterFactoryImpl(),
              EmptyMemoryTracker.INSTANCE,
              CursorContextFactory.NULL_CONTEXT_FACTORY)
          .doImport(input);
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Node ids and entity makers of one graph; ids are dense from 0 (IdType.ACTUAL). */
  private static final class Plan {
    final GraphTarget target;
    final Runnable midImport;
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

    Plan(GraphTarget target, List<Map<String, Object>> imageRows, Runnable midImport) {
      this.target = target;
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
              + CypherGraphStore.firingCount(graph);
    }

    ImportInput nodes() {
      List<Supplier<List<Entity>>> chunks = new ArrayList<>();
      chunks.add(this::headNodes);
      for (int from = 0; from < patterns.size(); from += CHUNK) {
        int start = from;
        chunks.add(() -> patternNodes(start, Math.min(patterns.size(), start + CHUNK)));
      }
      List<String> ids = new ArrayList<>(imageNode.keySet());
      for (int from = 0; from < ids.size(); from += CHUNK) {
        List<String> slice = ids.subList(from, Math.min(ids.size(), from + CHUNK));
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
      // Chunks of whole patterns, about CHUNK relationships each.
      for (boolean parents : new boolean[] {true, false}) {
        int from = 0;
        while (from < patterns.size()) {
          int to = from;
          long n = 0;
          while (to < patterns.size() && n < CHUNK) {
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
      Map<String, Object> g = CypherGraphStore.modelProperties(target, "");
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
                CypherGraphStore.layerProperties(target, target.graph().layers().get(li))));
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
              v.property("key", CypherGraphStore.patternKey(target.name(), p.id()));
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
          boolean sigma = CypherGraphStore.storesParentSigma(link, sigmas.get(link.parentId()));
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

  /** Whether {@code folder} does not exist or is an empty folder (where no store is). */
  public static boolean isAbsentOrEmpty(Path folder) {
    if (!Files.exists(folder)) {
      return true;
    }
    if (!Files.isDirectory(folder)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /** Deletes hidden import folders beside {@code target} whose importing process is gone. */
  private static void removeStaleTemps(Path target) {
    String prefix = "." + target.getFileName() + TEMP_INFIX;
    try (Stream<Path> siblings = Files.list(target.getParent())) {
      for (Path p : siblings.filter(s -> s.getFileName().toString().startsWith(prefix)).toList()) {
        String pid = p.getFileName().toString().substring(prefix.length());
        boolean alive;
        try {
          alive = ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
          alive = false;
        }
        if (!alive || Long.parseLong(pid) == ProcessHandle.current().pid()) {
          deleteQuietly(p);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Leftovers stay; they are never opened as a store.
    }
  }

  static void deleteQuietly(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> all = Files.walk(folder)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A leftover hidden folder is removed by the next import beside it.
    }
  }
}
