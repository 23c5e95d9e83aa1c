package io.xgraph.cli;

import io.xgraph.evaluation.PartEvaluation;
import io.xgraph.evaluation.PartEvaluationResult;
import io.xgraph.ingest.IngestListener;
import io.xgraph.ingest.IngestOptions;
import io.xgraph.ingest.Ingestor;
import io.xgraph.ingest.SharedData;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.aog.FewShotEvaluation;
import io.xgraph.learner.aog.bridge.PartDefinition;
import io.xgraph.learner.em.ExplanatoryGraphLearner;
import io.xgraph.learner.em.LayerCheckpoints;
import io.xgraph.learner.em.LearnListener;
import io.xgraph.learner.em.LearnerParameters;
import io.xgraph.learner.io.AtomicFiles;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xgraph bench all}: every benchmark of the project in one run, with one summary table.
 * Reduced sizes by default (minutes on two cores); {@code --full} runs each benchmark at its own
 * default size.
 */
@Command(
    name = "all",
    mixinStandardHelpOptions = true,
    description =
        "Runs the benchmarks ingest, learn, store and cypher and times part localisation, each"
            + " in this JVM, at reduced sizes unless --full; prints ONE table (wall and process"
            + " CPU seconds per benchmark and its headline figures) and writes it to --out; each"
            + " benchmark's own full table goes beside it.")
public final class BenchAllCommand implements Callable<Integer> {

  @Mixin SharedDataOption sharedData = new SharedDataOption();

  @Mixin DatasetOption dataset = new DatasetOption();

  @Option(
      names = "--work",
      defaultValue = "xgraph-work/bench-all",
      description = "Scratch folder (default: ${DEFAULT-VALUE})")
  Path work;

  @Option(
      names = "--out",
      defaultValue = "bench-all.md",
      description =
          "File for the summary table; the benchmarks' own tables go beside it as"
              + " <name>-<bench>.txt (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--full", description = "Each benchmark at its full default size (long)")
  boolean full;

  /** One benchmark's line of the summary. */
  record Line(String bench, String size, double wall, double cpu, String status, String head) {}

  @Override
  public Integer call() throws Exception {
    String dataDir = sharedData.locate().toString();
    String birds = dataset.resolve(sharedData).toString();
    String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    double loadAtStart = loadAverage();
    long runStart = System.nanoTime();
    Files.createDirectories(work);
    List<Line> lines = new ArrayList<>();
    String stem = out.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    Path beside = out.toAbsolutePath().getParent();
    Files.createDirectories(beside);

    String ingestLimit = full ? "0" : "40";
    lines.add(
        sub(
            "ingest",
            full ? "all birds, 3 repetitions" : "40 birds, 1 repetition",
            beside.resolve(stem + "-ingest.txt"),
            l -> l.startsWith("ingest, one pass") || l.startsWith("store:"),
            "bench",
            "ingest",
            "--data",
            dataDir,
            "--dataset",
            birds,
            "--limit",
            ingestLimit,
            "--repeat",
            full ? "3" : "1",
            "--work",
            work.resolve("ingest").toString(),
            "--out",
            beside.resolve(stem + "-ingest.txt").toString()));

    // Learning, cypher and localisation need a feature store of their own.
    Path features = work.resolve("features");
    System.out.println("== bench all: feature store for learn and localisation");
    Ingestor.run(
        new IngestOptions(
            SharedData.model(Path.of(dataDir), "squeezenet"),
            List.of(),
            Path.of(birds),
            features,
            null,
            "all",
            full ? 0 : 60,
            2,
            null),
        IngestListener.SILENT);
    lines.add(
        sub(
            "learn",
            full ? "train birds, 20 iterations + growth" : "train of 60 birds, 5 iterations",
            beside.resolve(stem + "-learn.txt"),
            l -> l.startsWith("full, defaults") || l.startsWith("inference of"),
            "bench",
            "learn",
            "--features",
            features.toString(),
            "--threads",
            "2",
            "--iterations",
            full ? "20" : "5",
            "--growth-iterations",
            full ? "4" : "0"));

    List<String> store = new ArrayList<>(List.of("bench", "store", "--work"));
    store.add(work.resolve("store").toString());
    store.addAll(List.of("--out", beside.resolve(stem + "-store.txt").toString()));
    if (!full) {
      store.addAll(List.of("--lookups", "200", "--skip-bolt"));
    }
    lines.add(
        sub(
            "store",
            full ? "33k patterns, embedded + Bolt" : "33k patterns, embedded, 200 lookups",
            beside.resolve(stem + "-store.txt"),
            l ->
                l.contains("|")
                    && !l.contains("---")
                    && !l.toLowerCase(Locale.ROOT).contains("metric"),
            store.toArray(String[]::new)));

    List<String> cypher =
        new ArrayList<>(
            List.of(
                "bench",
                "cypher",
                "--data",
                dataDir,
                "--dataset",
                birds,
                "--work",
                work.resolve("cypher").toString(),
                "--out",
                beside.resolve(stem + "-cypher.txt").toString()));
    if (!full) {
      cypher.addAll(
          List.of("--images", "40", "--iterations", "2", "--requests", "40", "--clients", "2"));
    }
    lines.add(
        sub(
            "cypher",
            full ? "train birds, 200 calls" : "40 birds, 2 iterations, 40 calls",
            beside.resolve(stem + "-cypher.txt"),
            l -> l.startsWith("xg."),
            cypher.toArray(String[]::new)));

    try {
      lines.add(localisation(features, beside.resolve(stem + "-part.txt")));
    } catch (RuntimeException e) {
      // One failed benchmark must not cost the table of the others.
      System.err.println("bench all: part localisation failed: " + e.getMessage());
      lines.add(new Line("localisation", "-", 0, 0, "failed", String.valueOf(e.getMessage())));
    }

    String table =
        table(
            lines,
            "xgraph bench all" + (full ? " --full" : ""),
            started,
            loadAtStart,
            (System.nanoTime() - runStart) / 1e9);
    System.out.println();
    System.out.print(table);
    AtomicFiles.writeString(out, table);
    System.out.println("table written to " + out + " (each benchmark's own table beside it)");
    return lines.stream().allMatch(l -> l.status().equals("ok")) ? 0 : Main.EXIT_FAILURE;
  }

  /** Runs one sub-benchmark as its command, captures its output, times it. */
  private Line sub(
      String name, String size, Path detail, Predicate<String> headline, String... args)
      throws IOException {
    System.out.println("== bench all: " + name + " (" + size + ")");
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    long c0 = cpuNanos();
    long t0 = System.nanoTime();
    int code;
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      CommandLine cli = new CommandLine(new Main());
      cli.setExecutionExceptionHandler(new Main.ErrorReporter());
      code = cli.execute(args);
    } finally {
      System.setOut(old);
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = (cpuNanos() - c0) / 1e9;
    String text = buf.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    if (!Files.exists(detail)) {
      AtomicFiles.writeString(detail, text);
    }
    List<String> heads =
        text.lines()
            .map(String::strip)
            .filter(headline)
            .map(l -> l.replaceAll("\\s+", " "))
            .toList();
    return new Line(
        name, size, wall, cpu, code == 0 ? "ok" : "exit " + code, String.join("; ", heads));
  }

  private Line localisation(Path features, Path detail) throws IOException {
    System.out.println("== bench all: part localisation");
    long c0 = cpuNanos();
    long t0 = System.nanoTime();
    FeatureStore store = FeatureStore.open(features);
    ExplanatoryGraph graph =
        new ExplanatoryGraphLearner(LearnerParameters.defaults().withIterations(full ? 20 : 5), 2)
            .learn(store, LearnListener.silent(), LayerCheckpoints.none());
    PartEvaluationResult r =
        PartEvaluation.run(
            store,
            graph,
            new PartEvaluation.Settings(
                List.of(PartDefinition.HEAD_FOREHEAD),
                3,
                // the evaluation's floor: fewer draws make its spread meaningless
                full ? 20 : FewShotEvaluation.MIN_DRAWS,
                1,
                List.of(),
                false,
                false,
                false,
                null,
                null,
                PartEvaluation.parameters(null, null),
                null,
                false),
            System.err);
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = (cpuNanos() - c0) / 1e9;
    AtomicFiles.writeString(detail, r.markdown());
    var rep = r.parts().get(0).report();
    return new Line(
        "localisation",
        (full ? "all" : "60") + " birds, 3 shots, " + rep.draws().size() + " draws",
        wall,
        cpu,
        "ok",
        String.format(
            Locale.ROOT,
            "graph inference p50 %.1f ms/image; AOG localisation p50 %.0f us; head error aog-graph"
                + " %.4f on %d test images",
            r.inferP50Millis(),
            r.localiseP50Micros(),
            rep.method(FewShotEvaluation.AOG_GRAPH).mean(),
            rep.testImages()));
  }

  /**
   * The summary table with how it was made: the command, its start (UTC), the machine's load
   * average (1 minute) at the start and the end, and the whole run's wall time.
   */
  static String table(
      List<Line> lines, String command, String started, double loadAtStart, double wallSeconds) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "# xgraph bench all%n%n`%s`, started %s, %.0f s wall; %d cores, Java %s, load average"
                + " %.1f at the start and %.1f at the end; wall and process CPU seconds per"
                + " benchmark (learning and localisation include their own graph learning)%n%n",
            command,
            started,
            wallSeconds,
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"),
            loadAtStart,
            loadAverage()));
    b.append("| benchmark | size | wall s | CPU s | status | headline figures |\n");
    b.append("|---|---|---|---|---|---|\n");
    for (Line l : lines) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.1f | %.1f | %s | %s |%n",
              l.bench(),
              l.size(),
              l.wall(),
              l.cpu(),
              l.status(),
              l.head().replace("|", "/")));
    }
    return b.toString();
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
