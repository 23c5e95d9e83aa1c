package io.xgraph.store.internal;

import io.xgraph.learner.io.DiskSpace;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.ImageInfo;
import io.xgraph.store.Provenance;
import io.xgraph.store.WriteSummary;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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

  /**
   * Defaults, plus the label and relationship-type lookup indexes every new database has, and no
   * background page flusher: a demo-sized store fits the importer's page cache, and the flusher's
   * repeated flush-and-force of every store file cost 448 fsyncs per import here against 74 without
   * it (the files are flushed and forced once at the end either way).
   */
  private static final Configuration IMPORT_CONFIG =
      new Configuration() {
        @Override
        public IndexConfig indexConfig() {
          return IndexConfig.create().withLabelIndex().withRelationshipTypeIndex();
        }

        @Override
        public boolean sequentialBackgroundFlushing() {
          return false;
        }
      };

  private BulkImport() {}

  /**
   * Times of one import, milliseconds: batch importer, first start of the database, constraints and
   * indexes (populated), shutdown; wall time and CPU time of this process (all threads) for each.
   */
  public record Timing(
      long importMillis,
      long startMillis,
      long schemaMillis,
      long shutdownMillis,
      long importCpuMillis,
      long startCpuMillis,
      long schemaCpuMillis,
      long shutdownCpuMillis) {}

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
    ImportPlan plan = new ImportPlan(what, imageRows, midImport, CHUNK);
    DiskSpace.require(
        parent,
        StoreSpace.estimate(plan.nodeCount, plan.relationshipCount),
        "importing graph `" + graphName + "` into `" + target + "`");
    Path temp =
        parent.resolve("." + target.getFileName() + TEMP_INFIX + ProcessHandle.current().pid());
    long t0 = System.nanoTime();
    long c0 = cpuNanos();
    try {
      runImporter(temp, plan);
      long t1 = System.nanoTime();
      long c1 = cpuNanos();
      long[] phases = createSchema(temp);
      long t2 = System.nanoTime();
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      if (timing != null) {
        timing.accept(
            new Timing(
                (t1 - t0) / 1_000_000,
                phases[0],
                phases[1],
                phases[2],
                (c1 - c0) / 1_000_000,
                phases[3],
                phases[4],
                phases[5]));
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
   * one transaction through the core API ({@link CoreSchema}), so that Neo4j populates them in one
   * scan of the store (the record-format importer takes no schema commands). The schema node is
   * imported with the data, so every later open finds the store complete. Returns the wall
   * milliseconds of start, schema and shutdown, then the CPU milliseconds of the same three.
   */
  private static long[] createSchema(Path home) {
    long t0 = System.nanoTime();
    long c0 = cpuNanos();
    org.neo4j.dbms.api.DatabaseManagementService dbms =
        EmbeddedNeo4j.start(EmbeddedNeo4j.builder(home), home);
    long t1;
    long t2;
    long c1;
    long c2;
    try {
      org.neo4j.graphdb.GraphDatabaseService db = EmbeddedNeo4j.defaultDatabase(dbms, home);
      t1 = System.nanoTime();
      c1 = cpuNanos();
      try (org.neo4j.graphdb.Transaction tx = db.beginTx()) {
        CoreSchema.create(tx);
        tx.commit();
      }
      try (org.neo4j.graphdb.Transaction tx = db.beginTx()) {
        tx.schema().awaitIndexesOnline(10, java.util.concurrent.TimeUnit.MINUTES);
        tx.commit();
      }
    } finally {
      long s = System.nanoTime();
      long cs = cpuNanos();
      EmbeddedNeo4j.shutdown(dbms, home);
      t2 = s;
      c2 = cs;
    }
    long t3 = System.nanoTime();
    long c3 = cpuNanos();
    return new long[] {
      (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
      (c1 - c0) / 1_000_000, (c2 - c1) / 1_000_000, (c3 - c2) / 1_000_000
    };
  }

  /** CPU time of this process, all threads (0 where the JVM does not report it). */
  private static long cpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  private static void runImporter(Path home, ImportPlan plan) throws IOException {
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
