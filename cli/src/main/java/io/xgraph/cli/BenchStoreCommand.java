package io.xgraph.cli;

import io.xgraph.learner.io.AtomicFiles;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.bench.ImportBenchmark;
import io.xgraph.store.bench.StoreBenchmark;
import io.xgraph.store.bench.SyntheticGraphs;
import io.xgraph.store.bench.WriteCeiling;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xgraph bench store}: write/read/query figures of the store, embedded and over Bolt. */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    description =
        "Write a SqueezeNet-sized synthetic graph (33,152 patterns, 374,400 parent links) into a"
            + " fresh embedded store and over Bolt; print write rates, open time, read-back time"
            + " and query latencies (p50, p99).")
public final class BenchStoreCommand implements Callable<Integer> {

  @Mixin StoreOptions remote;

  @Option(
      names = "--work",
      paramLabel = "DIR",
      description = "Scratch folder for the benchmark stores (default: ${DEFAULT-VALUE}).",
      defaultValue = "xgraph-work/bench-store")
  Path work;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Where the table is written too (default: ${DEFAULT-VALUE}).",
      defaultValue = "xgraph-work/bench/store.md")
  Path out;

  @Option(
      names = "--lookups",
      description = "Timed queries per kind and back end (default: ${DEFAULT-VALUE}).",
      defaultValue = "2000")
  int lookups;

  @Option(names = "--skip-bolt", description = "Only the embedded case.")
  boolean skipBolt;

  @Option(
      names = "--ceiling",
      description =
          "Instead of the store benchmark: write the graph's relationships straight through"
              + " Neo4j's core and kernel API in fresh databases (no properties, schema-1"
              + " properties, floats, packed arrays; transaction sizes; with and without the"
              + " relationship-type lookup index; dense nodes) and print rel/s wall and per"
              + " CPU-second: the ceiling of the embedded write on this machine.")
  boolean ceiling;

  @Option(
      names = "--import",
      description =
          "Instead of the store benchmark: on a demo-sized synthetic graph (30,336 patterns,"
              + " 961,540 relationships) compare a new store written by Neo4j's batch importer"
              + " with transactional writes into a new and into an existing store; print"
              + " relationships/s and shutdown times.")
  boolean bulkImport;

  @Override
  public Integer call() throws Exception {
    if (bulkImport) {
      return importVersusWrite();
    }
    StoreBenchmark bench = new StoreBenchmark(lookups, System.out);
    long t = System.nanoTime();
    ExplanatoryGraph graph = SyntheticGraphs.squeezeNetSized("bench-squeezenet", 42);
    System.out.printf(
        "Generated %,d patterns, %,d parent links in %d ms%n",
        graph.patternCount(), graph.edgeCount(), (System.nanoTime() - t) / 1_000_000);
    BenchOutput.deleteTree(work);
    if (ceiling) {
      List<WriteCeiling.Result> results =
          new WriteCeiling(System.out).run(graph, WriteCeiling.defaultVariants(), work);
      BenchOutput.deleteTree(work);
      String table =
          "# xgraph bench store --ceiling\n\n"
              + String.format(
                  "%,d relationships (PARENT and FIRES_ON of SyntheticGraphs.squeezeNetSized, seed"
                      + " 42) per variant; %d cores, Java %s%n%n",
                  graph.edgeCount() + firesOn(graph),
                  Runtime.getRuntime().availableProcessors(),
                  System.getProperty("java.version"))
              + WriteCeiling.table(results);
      return printAndWrite(table);
    }
    List<StoreBenchmark.Row> rows = new ArrayList<>();
    rows.addAll(bench.embedded(graph, work.resolve("embedded")));
    if (!skipBolt) {
      rows.addAll(bench.bolt(graph, remote.remote(), work.resolve("bolt-server")));
    }
    BenchOutput.deleteTree(work);
    return printAndWrite(
        header("xgraph bench store", graph, "squeezeNetSized") + StoreBenchmark.table(rows));
  }

  private int importVersusWrite() throws java.io.IOException {
    long t = System.nanoTime();
    ExplanatoryGraph graph = SyntheticGraphs.demoSized("bench-demo", 42);
    System.out.printf(
        "Generated %,d patterns, %,d parent links, %,d firings in %d ms%n",
        graph.patternCount(),
        graph.edgeCount(),
        firesOn(graph),
        (System.nanoTime() - t) / 1_000_000);
    BenchOutput.deleteTree(work);
    List<StoreBenchmark.Row> rows = new ImportBenchmark(System.out).run(graph, work);
    BenchOutput.deleteTree(work);
    return printAndWrite(
        header("xgraph bench store --import", graph, "demoSized") + StoreBenchmark.table(rows));
  }

  /** The report's title and the line naming the graph and the machine. */
  private static String header(String title, ExplanatoryGraph graph, String generator) {
    return "# "
        + title
        + "\n\nGraph: "
        + String.format(
            "%,d patterns, %,d PARENT, %,d FIRES_ON (SyntheticGraphs.%s, seed 42)",
            graph.patternCount(), graph.edgeCount(), firesOn(graph), generator)
        + "; "
        + Runtime.getRuntime().availableProcessors()
        + " cores, Java "
        + System.getProperty("java.version")
        + "\n\n";
  }

  /** FIRES_ON relationships of the graph: one per top image of each pattern. */
  private static long firesOn(ExplanatoryGraph graph) {
    return graph.layers().stream()
        .flatMap(l -> l.patterns().stream())
        .mapToLong(p -> p.topImages().size())
        .sum();
  }

  /** Prints the table after a blank line and writes it to --out; the exit code. */
  private int printAndWrite(String table) throws java.io.IOException {
    System.out.println();
    System.out.println(table);
    AtomicFiles.writeString(out, table);
    System.out.println("Written to " + out.toAbsolutePath());
    return 0;
  }
}
