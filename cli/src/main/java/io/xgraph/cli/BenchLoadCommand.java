package io.xgraph.cli;

import io.xgraph.store.ModelInfo;
import io.xgraph.store.server.EmbeddedServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Query;
import org.neo4j.driver.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xgraph bench load}: many concurrent Bolt clients against the embedded server for a bounded
 * time, mixing lookups, top images, near, image inference and part localisation; counts errors,
 * heap before and after, latency percentiles per call type.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description =
        "Runs --clients concurrent Bolt clients for --seconds against the embedded server on the"
            + " bird graph, each call drawn from xg.pattern.lookup, xg.pattern.topImages,"
            + " xg.pattern.near (25%% each), xg.image.infer (10%%) and xg.part.localize (15%%, a head"
            + " learned first from 3 CUB foreheads); prints errors, heap before and"
            + " after (with the stated bound) and p50/p99 per call type. Exits 1 on any error or if"
            + " the heap grew beyond the bound.")
public final class BenchLoadCommand implements Callable<Integer> {

  @Mixin SharedDataOption sharedData = new SharedDataOption();

  @Mixin DatasetOption dataset = new DatasetOption();

  @Option(
      names = "--store",
      description =
          BenchCypherCommand.BirdStore.STORE_HELP
              + " (e.g. xgraph-work/store, written by `xgraph demo`; the benchmark adds a part"
              + " `bench-head` and one Image node to it); default: learn one into --work")
  Path store;

  @Option(
      names = "--work",
      defaultValue = "xgraph-work/bench-load",
      description = "Scratch directory (default: ${DEFAULT-VALUE})")
  Path work;

  @Option(
      names = "--images",
      defaultValue = "60",
      description = "Training birds to learn on without --store (default: ${DEFAULT-VALUE})")
  int images;

  @Option(
      names = "--iterations",
      defaultValue = "5",
      description = "EM iterations per layer without --store (default: ${DEFAULT-VALUE})")
  int iterations;

  @Option(
      names = "--clients",
      defaultValue = "16",
      description = "Concurrent Bolt clients (default: ${DEFAULT-VALUE})")
  int clients;

  @Option(
      names = "--seconds",
      defaultValue = "60",
      description = "Duration of the load (default: ${DEFAULT-VALUE})")
  int seconds;

  @Option(
      names = "--heap-bound-mb",
      defaultValue = "256",
      description =
          "Largest accepted growth of the used heap (after GC) over the run (default:"
              + " ${DEFAULT-VALUE})")
  int heapBoundMb;

  @Option(
      names = "--out",
      defaultValue = "bench-load.txt",
      description = "File for the table (default: ${DEFAULT-VALUE})")
  Path out;

  /** Call types and their share of the calls, in percent. */
  private static final List<String> TYPES =
      List.of(
          "xg.pattern.lookup",
          "xg.pattern.topImages",
          "xg.pattern.near",
          "xg.image.infer",
          "xg.part.localize");

  private static final int[] SHARE = {25, 25, 25, 10, 15};

  /** Image id of the test bird whose inference is stored for the localisations. */
  private static final String PART_IMAGE = "bench-load-part";

  @Override
  public Integer call() throws Exception {
    if (clients < 1 || seconds < 1 || heapBoundMb < 1) {
      throw new IllegalArgumentException(
          "Values for `--clients`, `--seconds` and `--heap-bound-mb` were `"
              + clients
              + "`, `"
              + seconds
              + "` and `"
              + heapBoundMb
              + "`, but must all be >= 1");
    }
    BenchCypherCommand.BirdStore bench =
        BenchCypherCommand.BirdStore.prepare(
            sharedData.locate(), dataset.resolve(sharedData), work, store, images, iterations);
    try (EmbeddedServer server = EmbeddedServer.start(bench.serverOptions())) {
      ModelInfo model = bench.model(server);
      String image = BenchCypherCommand.write224Image(bench.cub(), bench.imageRoot(), null);
      List<BenchCypherCommand.PartImage> parts =
          BenchCypherCommand.copyPartImages(bench.cub(), bench.imageRoot());
      String text = bench.learnedNote() + load(server, model, image, parts);
      BenchOutput.printAndWrite(text, out);
      return text.contains("RESULT: OK") ? 0 : Main.EXIT_FAILURE;
    }
  }

  private String load(
      EmbeddedServer server, ModelInfo info, String image, List<BenchCypherCommand.PartImage> parts)
      throws Exception {
    String model = info.name();
    int layers = info.layers().size();
    try (Driver driver = GraphDatabase.driver(server.boltUri(), server.authToken())) {
      List<String> keys;
      String partNote;
      try (Session s = driver.session()) {
        keys = BenchQueries.patternKeys(s, model);
        // The part the localisations use: a head learned from 3 train foreheads only, as in bench
        // cypher: the training images of a given store (the demo's) have paths relative to its
        // dataset folder, not to this bench's image root. One test bird gets its inference stored
        // (the usual fast path of xg.part.localize).
        long learnStart = System.nanoTime();
        var learned =
            s.run(
                    "CALL xg.part.learn($m, 'bench-head', $a, {replace: true, unannotated: 0})"
                        + " YIELD templates, inferences RETURN *",
                    Map.of(
                        "m",
                        model,
                        "a",
                        parts.subList(0, 3).stream()
                            .map(BenchCypherCommand.PartImage::annotation)
                            .toList()))
                .single();
        partNote =
            String.format(
                "part bench-head learned from 3 foreheads in %.1f s (%d templates, %d CNN+graph"
                    + " runs); localised on a test bird with stored inference (+ CNN on the"
                    + " mirror)%n",
                (System.nanoTime() - learnStart) / 1e9,
                learned.get("templates").asLong(),
                learned.get("inferences").asLong());
        BenchCypherCommand.PartImage stored = parts.get(3);
        s.run(
                "CALL xg.image.inferAndStore($m, $p, {imageId: $id, box: $b}) YIELD key"
                    + " RETURN count(*)",
                Map.of("m", model, "p", stored.path(), "id", PART_IMAGE, "b", stored.box()))
            .consume();
        // Warm-up: every call type once, so class loading and the model cache are not measured.
        for (int t = 0; t < TYPES.size(); t++) {
          s.run(query(t, new SplittableRandom(t), model, layers, keys, image)).consume();
        }
      }
      long heapBefore = usedHeapAfterGc();
      long cpuBefore = processCpuNanos();
      long deadline = System.nanoTime() + seconds * 1_000_000_000L;
      AtomicLong errors = new AtomicLong();
      List<String> firstErrors = java.util.Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      List<Future<List<double[]>>> futures = new ArrayList<>();
      long start = System.nanoTime();
      for (int c = 0; c < clients; c++) {
        long seed = 1000 + c;
        futures.add(
            pool.submit(
                () -> {
                  List<List<Double>> lat = new ArrayList<>();
                  TYPES.forEach(t -> lat.add(new ArrayList<>()));
                  SplittableRandom rnd = new SplittableRandom(seed);
                  try (Session s = driver.session()) {
                    while (System.nanoTime() < deadline) {
                      int type = pick(rnd.nextInt(100));
                      Query q = query(type, rnd, model, layers, keys, image);
                      long t = System.nanoTime();
                      try {
                        s.run(q).consume();
                        lat.get(type).add((System.nanoTime() - t) / 1e6);
                      } catch (RuntimeException e) {
                        errors.incrementAndGet();
                        if (firstErrors.size() < 5) {
                          firstErrors.add(TYPES.get(type) + ": " + e.getMessage());
                        }
                      }
                    }
                  }
                  List<double[]> out = new ArrayList<>();
                  for (List<Double> l : lat) {
                    out.add(l.stream().mapToDouble(Double::doubleValue).toArray());
                  }
                  return out;
                }));
      }
      List<List<Double>> all = new ArrayList<>();
      TYPES.forEach(t -> all.add(new ArrayList<>()));
      for (Future<List<double[]>> f : futures) {
        List<double[]> r = f.get();
        for (int t = 0; t < TYPES.size(); t++) {
          for (double v : r.get(t)) {
            all.get(t).add(v);
          }
        }
      }
      pool.shutdown();
      double wall = (System.nanoTime() - start) / 1e9;
      double cpu = (processCpuNanos() - cpuBefore) / 1e9;
      long heapAfter = usedHeapAfterGc();
      long growthMb = (heapAfter - heapBefore) >> 20;
      StringBuilder sb = new StringBuilder(partNote);
      sb.append(
          String.format(
              "model %s: %d layers, %d patterns; %d clients for %d s on %d cores (%.0f s wall,"
                  + " %.0f CPU-s of this process)%n",
              model,
              layers,
              info.patternCount(),
              clients,
              seconds,
              Runtime.getRuntime().availableProcessors(),
              wall,
              cpu));
      sb.append(
          String.format(
              "%-24s %8s %10s %10s %10s%n",
              "call (over Bolt)", "calls", "calls/s", "p50 ms", "p99 ms"));
      long total = 0;
      for (int t = 0; t < TYPES.size(); t++) {
        double[] lat = all.get(t).stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(lat);
        total += lat.length;
        sb.append(
            String.format(
                "%-24s %8d %10.1f %10s %10s%n",
                TYPES.get(t),
                lat.length,
                lat.length / wall,
                percentile(lat, 0.5),
                percentile(lat, 0.99)));
      }
      sb.append(String.format("%-24s %8d %10.1f%n", "all", total, total / wall));
      sb.append(
          String.format(
              "errors: %d%s%n", errors.get(), errors.get() == 0 ? "" : " " + firstErrors));
      sb.append(
          String.format(
              "used heap after GC: before %d MB, after %d MB, growth %d MB (bound %d MB)%n",
              heapBefore >> 20, heapAfter >> 20, growthMb, heapBoundMb));
      boolean ok = errors.get() == 0 && growthMb <= heapBoundMb;
      sb.append(ok ? "RESULT: OK\n" : "RESULT: FAILED (errors or heap growth beyond the bound)\n");
      return sb.toString();
    }
  }

  private static int pick(int percent) {
    int acc = 0;
    for (int t = 0; t < SHARE.length; t++) {
      acc += SHARE[t];
      if (percent < acc) {
        return t;
      }
    }
    return SHARE.length - 1;
  }

  private static Query query(
      int type, SplittableRandom rnd, String model, int layers, List<String> keys, String image) {
    return switch (type) {
      case 0 -> BenchQueries.lookup(model, layers, rnd);
      case 1 -> BenchQueries.topImages(keys, rnd);
      case 2 -> BenchQueries.near(model, rnd);
      case 3 -> BenchQueries.infer(model, image);
      default ->
          new Query(
              "CALL xg.part.localize($m, 'bench-head', $i) YIELD score RETURN count(*)",
              Map.of("m", model, "i", PART_IMAGE));
    };
  }

  private static String percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return "-";
    }
    return String.format("%.1f", sorted[(int) Math.ceil(q * (sorted.length - 1))]);
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }
}
