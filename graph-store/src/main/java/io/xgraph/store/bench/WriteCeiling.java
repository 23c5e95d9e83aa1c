package io.xgraph.store.bench;

import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.internal.EmbeddedNeo4j;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.Transaction;
import org.neo4j.graphdb.schema.IndexDefinition;
import org.neo4j.graphdb.schema.IndexType;
import org.neo4j.internal.kernel.api.Write;
import org.neo4j.kernel.api.KernelTransaction;
import org.neo4j.kernel.impl.coreapi.InternalTransaction;
import org.neo4j.values.storable.Values;

/**
 * The ceiling of relationship writes on this machine: writes the relationships of a graph (its
 * PARENT and FIRES_ON edges, same endpoints) into a fresh embedded database in the cheapest ways
 * Neo4j's record store allows, varying what each relationship carries, the transaction size, the
 * relationship-type lookup index, dense nodes and the API (core API or the kernel's write
 * operations). No staging labels, no store protocol: only what any writer of these edges must pay.
 */
public final class WriteCeiling {

  /** What each relationship carries. */
  public enum Props {
    /** No properties. */
    NONE,
    /** As schema 1 stores them: PARENT dx, dy, sigma, coactivation (double) and rank (long). */
    DOUBLES,
    /** The same values as 32-bit floats (rank long): one 8-byte block each, not two. */
    FLOATS,
    /** One double[] per relationship (goes to the dynamic array store). */
    PACKED_DOUBLES,
    /** One float[] per relationship (short enough to be inlined in the property record). */
    PACKED_FLOATS
  }

  /**
   * One measured variant.
   *
   * @param name what it is
   * @param props relationship properties
   * @param txSize relationships per transaction
   * @param lookupIndex keep the relationship-type lookup index
   * @param denseImages FIRES_ON goes to the 282 image nodes (dense); false: to pattern nodes
   * @param kernel write through the kernel's {@code Write} operations instead of the core API
   */
  public record Variant(
      String name,
      Props props,
      int txSize,
      boolean lookupIndex,
      boolean denseImages,
      boolean kernel) {}

  /**
   * One result.
   *
   * @param variant the variant
   * @param relationships relationships written
   * @param wallMillis wall time of the writes (all transactions, commits included)
   * @param cpuMillis process CPU time over the same interval (all threads: GC, JIT, checkpoint)
   * @param checkpointMillis an explicit checkpoint right after the writes
   * @param shutdownMillis shutting the DBMS down after that checkpoint
   * @param storeMib size of the store folder after shutdown
   */
  public record Result(
      Variant variant,
      long relationships,
      double wallMillis,
      double cpuMillis,
      double checkpointMillis,
      double shutdownMillis,
      double storeMib) {

    /** Relationships per wall second. */
    public double perSecond() {
      return relationships / (wallMillis / 1000.0);
    }

    /** Relationships per CPU second of this process. */
    public double perCpuSecond() {
      return relationships / (cpuMillis / 1000.0);
    }
  }

  /** The default variants: the baseline, then one change at a time. */
  public static List<Variant> defaultVariants() {
    return List.of(
        new Variant("no properties", Props.NONE, 50_000, true, true, false),
        new Variant("no properties, 10k per tx", Props.NONE, 10_000, true, true, false),
        new Variant("no properties, 200k per tx", Props.NONE, 200_000, true, true, false),
        new Variant("no properties, no type lookup index", Props.NONE, 50_000, false, true, false),
        new Variant("no properties, no dense nodes", Props.NONE, 50_000, true, false, false),
        new Variant("no properties, kernel API", Props.NONE, 50_000, true, true, true),
        new Variant("schema-1 properties (doubles)", Props.DOUBLES, 50_000, true, true, false),
        new Variant(
            "schema-1 properties, no type lookup index", Props.DOUBLES, 50_000, false, true, false),
        new Variant("schema-1 properties, kernel API", Props.DOUBLES, 50_000, true, true, true),
        new Variant("float properties", Props.FLOATS, 50_000, true, true, false),
        new Variant("one packed double[]", Props.PACKED_DOUBLES, 50_000, true, true, false),
        new Variant("one packed float[]", Props.PACKED_FLOATS, 50_000, true, true, false));
  }

  private static final Label PATTERN = Label.label("Pattern");
  private static final Label IMAGE = Label.label("Image");
  private static final RelationshipType PARENT = RelationshipType.withName("PARENT");
  private static final RelationshipType FIRES_ON = RelationshipType.withName("FIRES_ON");

  private final PrintStream log;

  /**
   * @param log where progress goes
   */
  public WriteCeiling(PrintStream log) {
    this.log = log;
  }

  /** Runs each variant in a fresh database under {@code work} (deleted afterwards). */
  public List<Result> run(ExplanatoryGraph graph, List<Variant> variants, Path work) {
    Edges edges = Edges.of(graph);
    // Warm-up (discarded): JIT-compiles the write and commit paths once for all variants.
    log.println("ceiling: warm-up");
    measure(
        edges.head(60_000),
        new Variant("warm-up", Props.DOUBLES, 20_000, true, true, false),
        work.resolve("warm-up"));
    measure(
        edges.head(60_000),
        new Variant("warm-up", Props.NONE, 20_000, true, true, true),
        work.resolve("warm-up"));
    List<Result> out = new ArrayList<>();
    for (Variant v : variants) {
      Result r = measure(edges, v, work.resolve("ceiling"));
      log.printf(
          "ceiling: %-45s %,9.0f rel/s wall  %,9.0f rel/s per CPU-s  (%.1f s wall, %.1f CPU-s)%n",
          v.name(), r.perSecond(), r.perCpuSecond(), r.wallMillis() / 1000, r.cpuMillis() / 1000);
      out.add(r);
    }
    return out;
  }

  private Result measure(Edges edges, Variant v, Path folder) {
    deleteRecursively(folder);
    DatabaseManagementService dbms = EmbeddedNeo4j.start(EmbeddedNeo4j.builder(folder), folder);
    double wall;
    double cpu;
    double checkpoint;
    try {
      GraphDatabaseService db = EmbeddedNeo4j.defaultDatabase(dbms, folder);
      if (!v.lookupIndex()) {
        try (Transaction tx = db.beginTx()) {
          for (IndexDefinition index : tx.schema().getIndexes()) {
            if (index.getIndexType() == IndexType.LOOKUP && index.isRelationshipIndex()) {
              index.drop();
            }
          }
          tx.commit();
        }
      }
      long[] patternIds = new long[edges.patterns];
      long[] imageIds = new long[edges.images];
      try (Transaction tx = db.beginTx()) {
        for (int i = 0; i < patternIds.length; i++) {
          patternIds[i] = legacyId(tx.createNode(PATTERN));
        }
        for (int i = 0; i < imageIds.length; i++) {
          imageIds[i] = legacyId(tx.createNode(IMAGE));
        }
        tx.commit();
      }
      long cpu0 = processCpuNanos();
      long t0 = System.nanoTime();
      for (int from = 0; from < edges.count; from += v.txSize()) {
        int to = Math.min(edges.count, from + v.txSize());
        try (Transaction tx = db.beginTx()) {
          if (v.kernel()) {
            writeKernel(tx, edges, from, to, v, patternIds, imageIds);
          } else {
            writeCore(tx, edges, from, to, v, patternIds, imageIds);
          }
          tx.commit();
        }
      }
      wall = (System.nanoTime() - t0) / 1e6;
      cpu = (processCpuNanos() - cpu0) / 1e6;
      long t1 = System.nanoTime();
      EmbeddedNeo4j.checkpoint(db, "xgraph ceiling");
      checkpoint = (System.nanoTime() - t1) / 1e6;
    } catch (RuntimeException e) {
      dbms.shutdown();
      throw e;
    }
    long t2 = System.nanoTime();
    dbms.shutdown();
    double shutdown = (System.nanoTime() - t2) / 1e6;
    double mib = sizeOf(folder) / (1024.0 * 1024.0);
    deleteRecursively(folder);
    return new Result(v, edges.count, wall, cpu, checkpoint, shutdown, mib);
  }

  @SuppressWarnings("deprecation")
  private static long legacyId(Node node) {
    return node.getId();
  }

  @SuppressWarnings("deprecation")
  private static void writeCore(
      Transaction tx,
      Edges edges,
      int from,
      int to,
      Variant v,
      long[] patternIds,
      long[] imageIds) {
    Map<Long, Node> nodes = new HashMap<>();
    for (int i = from; i < to; i++) {
      boolean parent = edges.parent[i];
      long source = patternIds[edges.source[i]];
      long target = target(edges, i, v, patternIds, imageIds);
      Node s = nodes.computeIfAbsent(source, tx::getNodeById);
      Node t = nodes.computeIfAbsent(target, tx::getNodeById);
      Relationship r = s.createRelationshipTo(t, parent ? PARENT : FIRES_ON);
      double[] x = edges.values[i];
      switch (v.props()) {
        case NONE -> {}
        case DOUBLES -> {
          for (int k = 0; k < x.length; k++) {
            r.setProperty(edges.keys(parent)[k], x[k]);
          }
          r.setProperty("rank", (long) edges.rank[i]);
        }
        case FLOATS -> {
          for (int k = 0; k < x.length; k++) {
            r.setProperty(edges.keys(parent)[k], (float) x[k]);
          }
          r.setProperty("rank", (long) edges.rank[i]);
        }
        case PACKED_DOUBLES -> {
          double[] packed = java.util.Arrays.copyOf(x, x.length + 1);
          packed[x.length] = edges.rank[i];
          r.setProperty("v", packed);
        }
        case PACKED_FLOATS -> {
          float[] packed = new float[x.length + 1];
          for (int k = 0; k < x.length; k++) {
            packed[k] = (float) x[k];
          }
          packed[x.length] = edges.rank[i];
          r.setProperty("v", packed);
        }
      }
    }
  }

  /** The edge's target node; without dense images, FIRES_ON is spread over all patterns. */
  private static long target(Edges edges, int i, Variant v, long[] patternIds, long[] imageIds) {
    if (edges.parent[i]) {
      return patternIds[edges.target[i]];
    }
    return v.denseImages()
        ? imageIds[edges.target[i]]
        : patternIds[(int) ((long) i * 7919 % patternIds.length)];
  }

  private static void writeKernel(
      Transaction tx,
      Edges edges,
      int from,
      int to,
      Variant v,
      long[] patternIds,
      long[] imageIds) {
    KernelTransaction ktx = ((InternalTransaction) tx).kernelTransaction();
    try {
      var tokens = ktx.tokenWrite();
      int parentType = tokens.relationshipTypeGetOrCreateForName(PARENT.name());
      int firesType = tokens.relationshipTypeGetOrCreateForName(FIRES_ON.name());
      int[][] keys = new int[2][];
      for (int p = 0; p < 2; p++) {
        String[] names = edges.keys(p == 0);
        keys[p] = new int[names.length];
        for (int k = 0; k < names.length; k++) {
          keys[p][k] = tokens.propertyKeyGetOrCreateForName(names[k]);
        }
      }
      int rankKey = tokens.propertyKeyGetOrCreateForName("rank");
      Write write = ktx.dataWrite();
      for (int i = from; i < to; i++) {
        boolean parent = edges.parent[i];
        long source = patternIds[edges.source[i]];
        long target = target(edges, i, v, patternIds, imageIds);
        long r = write.relationshipCreate(source, parent ? parentType : firesType, target);
        if (v.props() == Props.DOUBLES) {
          double[] x = edges.values[i];
          int[] k = keys[parent ? 0 : 1];
          for (int j = 0; j < x.length; j++) {
            write.relationshipSetProperty(r, k[j], Values.doubleValue(x[j]));
          }
          write.relationshipSetProperty(r, rankKey, Values.longValue(edges.rank[i]));
        } else if (v.props() != Props.NONE) {
          throw new IllegalArgumentException(
              "Kernel variant supports properties NONE and DOUBLES, not " + v.props());
        }
      }
    } catch (org.neo4j.exceptions.KernelException e) {
      throw new IllegalStateException("Kernel write failed: " + e.getMessage(), e);
    }
  }

  /** The graph's PARENT and FIRES_ON edges as flat arrays (pattern and image indexes). */
  private static final class Edges {
    static final String[] PARENT_KEYS = {"dx", "dy", "sigma", "coactivation"};
    static final String[] FIRES_KEYS = {"x", "y", "score"};

    int patterns;
    int images;
    int count;
    boolean[] parent;
    int[] source;
    int[] target;
    int[] rank;
    double[][] values;

    String[] keys(boolean isParent) {
      return isParent ? PARENT_KEYS : FIRES_KEYS;
    }

    static Edges of(ExplanatoryGraph graph) {
      List<Pattern> all = graph.layers().stream().flatMap(l -> l.patterns().stream()).toList();
      Map<String, Integer> imageIndex = new HashMap<>();
      int n = 0;
      for (Pattern p : all) {
        n += p.parents().size() + p.topImages().size();
        for (Firing f : p.topImages()) {
          imageIndex.putIfAbsent(f.imageId(), imageIndex.size());
        }
      }
      Edges e = new Edges();
      e.patterns = all.size();
      e.images = imageIndex.size();
      e.count = n;
      e.parent = new boolean[n];
      e.source = new int[n];
      e.target = new int[n];
      e.rank = new int[n];
      e.values = new double[n][];
      int i = 0;
      for (Pattern p : all) {
        for (int k = 0; k < p.parents().size(); k++, i++) {
          ParentLink l = p.parents().get(k);
          e.parent[i] = true;
          e.source[i] = p.id();
          e.target[i] = l.parentId();
          e.rank[i] = k;
          e.values[i] = new double[] {l.dx(), l.dy(), l.parentSigma(), l.coactivation()};
        }
      }
      for (Pattern p : all) {
        for (int k = 0; k < p.topImages().size(); k++, i++) {
          Firing f = p.topImages().get(k);
          e.source[i] = p.id();
          e.target[i] = imageIndex.get(f.imageId());
          e.rank[i] = k;
          e.values[i] = new double[] {f.x(), f.y(), f.score()};
        }
      }
      return e;
    }

    Edges head(int n) {
      Edges e = new Edges();
      e.patterns = patterns;
      e.images = images;
      e.count = Math.min(n, count);
      e.parent = parent;
      e.source = source;
      e.target = target;
      e.rank = rank;
      e.values = values;
      return e;
    }
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean sun
        ? sun.getProcessCpuTime()
        : 0;
  }

  private static long sizeOf(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The results as a Markdown table. */
  public static String table(List<Result> results) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| variant | rel/s wall | rel/s per CPU-s | write s | CPU s | checkpoint ms | shutdown ms"
            + " | store MiB |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Result r : results) {
      out.append(
          String.format(
              "| %s | %,.0f | %,.0f | %.1f | %.1f | %,.0f | %,.0f | %.0f |%n",
              r.variant().name(),
              r.perSecond(),
              r.perCpuSecond(),
              r.wallMillis() / 1000,
              r.cpuMillis() / 1000,
              r.checkpointMillis(),
              r.shutdownMillis(),
              r.storeMib()));
    }
    return out.toString();
  }
}
