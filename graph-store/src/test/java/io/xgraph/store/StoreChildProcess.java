package io.xgraph.store;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.bench.SyntheticGraphs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM for crash and lock tests: {@code write DIR MODEL} writes a graph of many batches
 * into an embedded store, printing each committed batch; {@code hold DIR} opens the store and keeps
 * it open. The test kills it with {@link Process#destroyForcibly()}.
 */
public final class StoreChildProcess {

  private StoreChildProcess() {}

  /** A graph that takes many transactions to stage. */
  static ExplanatoryGraph largeGraph(String model) {
    return SyntheticGraphs.generate(
        model,
        List.of(
            new SyntheticGraphs.LayerSpec(
                new LayerGeometry("low", 0, 128, 27, 27, 8, 7.5, 59, 224), 20),
            new SyntheticGraphs.LayerSpec(
                new LayerGeometry("high", 1, 128, 13, 13, 16, 15.5, 123, 224), 5)),
        10,
        5,
        100,
        99);
  }

  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[1]);
    try (GraphStore store = GraphStores.openEmbedded(folder)) {
      if (args[0].equals("hold")) {
        System.out.println("OPEN");
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
      } else {
        // write DIR MODEL [GRAPH CATEGORY]: a graph named GRAPH of category CATEGORY.
        String graphName = args.length > 3 ? args[3] : args[2];
        Provenance provenance =
            args.length > 4 ? Provenance.of("child").withCategory(args[4]) : Provenance.of("child");
        store.write(
            graphName,
            largeGraph(args[2]),
            provenance,
            List.of(),
            (phase, done, total) -> {
              System.out.println("COMMITTED " + phase + " " + done + " " + total);
              System.out.flush();
              if (phase.equals("parents")) {
                // Park mid-write (patterns and parents committed, nothing published) so the
                // test's kill always lands inside the write, however fast the write is.
                sleepQuietly(TimeUnit.MINUTES.toMillis(5));
              }
            });
        System.out.println("DONE");
      }
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts this class in a new JVM with the test class path. */
  static Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    // Fast start: no JIT tiers beyond C1, small heap, no class data verification of the jars.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StoreChildProcess.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }
}
