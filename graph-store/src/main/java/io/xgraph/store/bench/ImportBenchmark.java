package io.xgraph.store.bench;

import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.ImageInfo;
import io.xgraph.store.Provenance;
import io.xgraph.store.WriteListener;
import io.xgraph.store.WriteSummary;
import io.xgraph.store.bench.StoreBenchmark.Row;
import io.xgraph.store.internal.BulkImport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The two write paths of an embedded store on one graph: a new store by bulk import, the same graph
 * written transactionally into a new store and into the store that already holds it (as a second
 * graph), and the time to shut a store down.
 */
public final class ImportBenchmark {

  private final PrintStream log;

  /**
   * @param log where progress goes
   */
  public ImportBenchmark(PrintStream log) {
    this.log = log;
  }

  /** Runs all cases under {@code work} (which must not hold stores yet). */
  public List<Row> run(ExplanatoryGraph graph, Path work) {
    List<Row> rows = new ArrayList<>();
    Provenance provenance = Provenance.of("bench").withCategory("001");
    List<ImageInfo> images = List.of();
    Path imported = work.resolve("imported");

    log.println("bulk import into a new store ...");
    BulkImport.Timing[] timing = new BulkImport.Timing[1];
    long t = System.nanoTime();
    long cpu = processCpuNanos();
    WriteSummary bulk =
        BulkImport.importNew(imported, "bench-001", graph, provenance, images, x -> timing[0] = x);
    double total = secondsSince(t);
    double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
    rows.add(new Row("bulk import", "relationships", bulk.relationships(), ""));
    rows.add(new Row("bulk import", "new store, end to end", total, "s"));
    rows.add(
        new Row(
            "bulk import",
            "relationships per second, end to end",
            bulk.relationships() / total,
            "1/s"));
    rows.add(
        new Row(
            "bulk import",
            "relationships per CPU-second of this process, end to end",
            bulk.relationships() / cpuSeconds,
            "1/s"));
    rows.add(new Row("bulk import", "batch importer", timing[0].importMillis(), "ms"));
    rows.add(
        new Row(
            "bulk import",
            "relationships per second, batch importer",
            bulk.relationships() / (timing[0].importMillis() / 1000.0),
            "1/s"));
    rows.add(
        new Row(
            "bulk import", "constraints and indexes, populated", timing[0].schemaMillis(), "ms"));
    rows.add(new Row("bulk import", "first start of the database", timing[0].startMillis(), "ms"));
    rows.add(
        new Row("bulk import", "shutdown after the first start", timing[0].shutdownMillis(), "ms"));
    rows.add(new Row("bulk import", "CPU, end to end", cpuSeconds * 1000, "ms"));
    rows.add(new Row("bulk import", "CPU, batch importer", timing[0].importCpuMillis(), "ms"));
    rows.add(
        new Row(
            "bulk import", "CPU, first start of the database", timing[0].startCpuMillis(), "ms"));
    rows.add(
        new Row(
            "bulk import",
            "CPU, constraints and indexes, populated",
            timing[0].schemaCpuMillis(),
            "ms"));
    rows.add(new Row("bulk import", "CPU, shutdown", timing[0].shutdownCpuMillis(), "ms"));

    log.println("transactional write into a new store ...");
    transactional(
        "transactional, new store", work.resolve("written"), "bench-001", graph, provenance, rows);
    log.println("transactional write into the imported store (a second graph) ...");
    transactional("transactional, existing store", imported, "bench-002", graph, provenance, rows);

    log.println("open and shut down the existing store ...");
    GraphStore idle = GraphStores.openExistingEmbedded(imported);
    t = System.nanoTime();
    idle.close();
    rows.add(new Row("idle store", "shutdown", secondsSince(t) * 1000, "ms"));
    return rows;
  }

  private static void transactional(
      String backend,
      Path folder,
      String name,
      ExplanatoryGraph graph,
      Provenance provenance,
      List<Row> rows) {
    long opened = System.nanoTime();
    GraphStore store = GraphStores.openEmbedded(folder);
    long close;
    long closeCpu;
    long relationships;
    try {
      long t = System.nanoTime();
      long cpu = processCpuNanos();
      WriteSummary s = store.write(name, graph, provenance, List.of(), WriteListener.NONE);
      relationships = s.relationships();
      double seconds = secondsSince(t);
      double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
      rows.add(
          new Row(
              backend,
              "relationships per CPU-second of this process",
              s.relationships() / cpuSeconds,
              "1/s"));
      rows.add(new Row(backend, "write", seconds, "s"));
      rows.add(new Row(backend, "CPU, write", cpuSeconds * 1000, "ms"));
      rows.add(new Row(backend, "relationships per second", s.relationships() / seconds, "1/s"));
    } finally {
      close = System.nanoTime();
      closeCpu = processCpuNanos();
      store.close();
    }
    rows.add(new Row(backend, "shutdown after the write", secondsSince(close) * 1000, "ms"));
    rows.add(new Row(backend, "CPU, shutdown", (processCpuNanos() - closeCpu) / 1e6, "ms"));
    double total = secondsSince(opened);
    rows.add(new Row(backend, "open, write and shut down, end to end", total, "s"));
    rows.add(
        new Row(backend, "relationships per second, end to end", relationships / total, "1/s"));
  }

  /** CPU time of this process (all threads): a figure other load on a shared machine spares. */
  private static long processCpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  private static double secondsSince(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
