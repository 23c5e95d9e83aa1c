package io.xgraph.store.bench;

import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.Provenance;
import io.xgraph.store.RemoteTarget;
import io.xgraph.store.WriteSummary;
import io.xgraph.store.internal.CypherGraphStore;
import io.xgraph.store.internal.CypherSession;
import io.xgraph.store.internal.EmbeddedSession;
import io.xgraph.store.internal.StoredGraphRead;
import io.xgraph.store.internal.StoredValues;
import io.xgraph.store.server.EmbeddedServer;
import io.xgraph.store.server.ServerOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Measures the store on a SqueezeNet-sized synthetic graph: write throughput (embedded and over
 * Bolt), time to open an existing store, full read-back, and the latency of a point lookup by
 * pattern key and of a 2-hop PARENT neighbourhood (p50, p99).
 */
public final class StoreBenchmark {

  /**
   * One measured figure.
   *
   * @param backend "embedded" or "bolt"
   * @param metric what was measured
   * @param value the figure
   * @param unit its unit
   */
  public record Row(String backend, String metric, double value, String unit) {}

  private final int lookups;
  private final PrintStream log;

  /**
   * @param lookups number of timed point lookups and 2-hop queries per back end
   * @param log where progress goes
   */
  public StoreBenchmark(int lookups, PrintStream log) {
    if (lookups < 10) {
      throw new IllegalArgumentException(
          "Value for `--lookups` was `" + lookups + "`, but must be at least 10.");
    }
    this.lookups = lookups;
    this.log = log;
  }

  /** Runs the embedded case in {@code folder} (which must not hold a store yet). */
  public List<Row> embedded(ExplanatoryGraph graph, Path folder) {
    List<Row> rows = new ArrayList<>();
    long t = System.nanoTime();
    try (GraphStore store = GraphStores.openEmbedded(folder)) {
      rows.add(new Row("embedded", "create new store", millisSince(t), "ms"));
      writeAndMeasure("embedded", store, graph, rows);
    }
    t = System.nanoTime();
    try (GraphStore store = GraphStores.openEmbedded(folder)) {
      rows.add(new Row("embedded", "open existing store", millisSince(t), "ms"));
      readAndQuery("embedded", store, graph, rows);
    }
    return rows;
  }

  /** Runs the Bolt case against {@code target}, or a fresh embedded server in {@code folder}. */
  public List<Row> bolt(ExplanatoryGraph graph, RemoteTarget target, Path folder) {
    List<Row> rows = new ArrayList<>();
    EmbeddedServer server = null;
    if (target == null) {
      server = EmbeddedServer.start(ServerOptions.defaults(folder).withPorts(0, 0).withHttp(false));
      target = server.remoteTarget();
      log.println("bolt: started a server at " + server.boltUri());
    }
    try {
      long t = System.nanoTime();
      try (GraphStore store = GraphStores.openRemote(target)) {
        rows.add(new Row("bolt", "connect and open", millisSince(t), "ms"));
        writeAndMeasure("bolt", store, graph, rows);
        readAndQuery("bolt", store, graph, rows);
        store.delete(graph.modelName());
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
    return rows;
  }

  private void writeAndMeasure(
      String backend, GraphStore store, ExplanatoryGraph graph, List<Row> rows) {
    log.printf(
        "%s: writing %,d patterns, %,d parent links%n",
        backend, graph.patternCount(), graph.edgeCount());
    long cpu = processCpuNanos();
    WriteSummary first = store.write(graph, Provenance.of("synthetic"));
    double cpuSeconds = Math.max(1, processCpuNanos() - cpu) / 1e9;
    addWriteRows(backend, "write", first, rows);
    // The machine may be shared: CPU time of this process (client and, for the embedded
    // server, the database) gives a figure that does not depend on other load.
    rows.add(
        new Row(
            backend,
            "write: relationships per CPU-second of this process",
            first.relationships() / cpuSeconds,
            "1/s"));
  }

  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private static void addWriteRows(String backend, String label, WriteSummary s, List<Row> rows) {
    double seconds = Math.max(1, s.stageMillis()) / 1000.0;
    rows.add(new Row(backend, label + ": nodes written per second", s.nodes() / seconds, "1/s"));
    rows.add(
        new Row(
            backend,
            label + ": relationships written per second",
            s.relationships() / seconds,
            "1/s"));
    rows.add(new Row(backend, label + ": stage time", s.stageMillis(), "ms"));
    rows.add(new Row(backend, label + ": publish transaction", s.publishMillis(), "ms"));
    rows.add(new Row(backend, label + ": delete previous version", s.cleanupMillis(), "ms"));
  }

  private void readAndQuery(
      String backend, GraphStore store, ExplanatoryGraph graph, List<Row> rows) {
    long t = System.nanoTime();
    ExplanatoryGraph back = store.read(graph.modelName()).orElseThrow();
    rows.add(new Row(backend, "read whole graph back", millisSince(t), "ms"));
    if (!back.equals(graph)) {
      throw new IllegalStateException("Benchmark graph read back from " + backend + " differs");
    }
    CypherSession session = ((CypherGraphStore) store).session();
    if (session instanceof EmbeddedSession) {
      // The reader's two row sources on the same store, both warm now: the core API the embedded
      // store and the procedures use, and the Cypher statements it runs over Bolt.
      readAgain(backend, session, graph, "core API rows", tx -> tx, rows);
      readAgain(backend, session, graph, "Cypher rows", tx -> tx::run, rows);
    }
    SplittableRandom random = new SplittableRandom(7);
    int patterns = graph.patternCount();
    Supplier<Map<String, Object>> key =
        () -> Map.of("key", StoredValues.patternKey(graph.modelName(), random.nextInt(patterns)));
    latency(
        backend,
        "point lookup by pattern key",
        session,
        "MATCH (p:Pattern {key: $key}) RETURN p.muX AS x, p.muY AS y",
        key,
        rows);
    latency(
        backend,
        "2-hop PARENT neighbourhood",
        session,
        "MATCH (p:Pattern {key: $key})-[:PARENT*1..2]-(q:Pattern) RETURN count(DISTINCT q) AS n",
        key,
        rows);
  }

  private static void readAgain(
      String backend,
      CypherSession session,
      ExplanatoryGraph graph,
      String rowsName,
      UnaryOperator<CypherSession.Tx> source,
      List<Row> rows) {
    long t = System.nanoTime();
    ExplanatoryGraph back =
        session.read(tx -> StoredGraphRead.read(source.apply(tx), graph.modelName(), true));
    rows.add(new Row(backend, "read whole graph again, " + rowsName, millisSince(t), "ms"));
    if (!graph.equals(back)) {
      throw new IllegalStateException("Benchmark graph read through " + rowsName + " differs");
    }
  }

  private void latency(
      String backend,
      String name,
      CypherSession session,
      String cypher,
      Supplier<Map<String, Object>> params,
      List<Row> rows) {
    for (int i = 0; i < Math.min(200, lookups); i++) { // warm-up: plan cache, JIT, page cache
      Map<String, Object> p = params.get();
      session.read(tx -> tx.list(cypher, p));
    }
    double[] micros = new double[lookups];
    for (int i = 0; i < lookups; i++) {
      Map<String, Object> p = params.get();
      long t = System.nanoTime();
      session.read(tx -> tx.list(cypher, p));
      micros[i] = (System.nanoTime() - t) / 1000.0;
    }
    Arrays.sort(micros);
    rows.add(new Row(backend, name + " p50", micros[lookups / 2] / 1000.0, "ms"));
    rows.add(new Row(backend, name + " p99", micros[(int) (lookups * 0.99)] / 1000.0, "ms"));
  }

  private static double millisSince(long start) {
    return (System.nanoTime() - start) / 1e6;
  }

  /** The rows as a Markdown table. */
  public static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| back end | metric | value | unit |\n|---|---|---:|---|\n");
    for (Row r : rows) {
      String value =
          r.value() >= 100 ? String.format("%,.0f", r.value()) : String.format("%.2f", r.value());
      out.append("| ")
          .append(r.backend())
          .append(" | ")
          .append(r.metric())
          .append(" | ")
          .append(value)
          .append(" | ")
          .append(r.unit())
          .append(" |\n");
    }
    return out.toString();
  }
}
