package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.SharedData;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.ingest.store.StoredImage;
import io.xgraph.learner.data.Point;
import io.xgraph.learner.io.GraphCodec;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xgraph part learn} killed with {@code kill -9} (a child JVM) while it learns: the store is
 * sound ({@code xgraph check}), {@code xgraph part list} shows no half part, and the rerun of the
 * same command stores the part whole, with the templates and USES counts of an uninterrupted run.
 */
class PartLearnKillTest {

  /** CUB part id of the forehead. */
  private static final int FOREHEAD = 6;

  @TempDir Path tmp;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  private List<String> learnArgs(Path store, String model, Path annotations) {
    return List.of(
        "part",
        "learn",
        "--store",
        store.toString(),
        "--data",
        System.getProperty("xgraph.data"),
        "--model",
        model,
        "--part",
        "head",
        "--annotations",
        annotations.toString(),
        "--coordinates",
        "crop",
        "--unannotated",
        "4",
        "--replace");
  }

  /** The part rows of {@code xgraph part list} (name, version, templates, uses), or none. */
  private static List<String> partRows(Path store, String model) {
    CliRun list =
        run(
            "part",
            "list",
            "--store",
            store.toString(),
            "--data",
            System.getProperty("xgraph.data"),
            "--model",
            model);
    assertEquals(0, list.code(), list.out());
    if (list.out().contains("has no parts")) {
      return List.of();
    }
    List<String> rows = new ArrayList<>();
    for (String line : list.out().lines().skip(1).toList()) {
      String[] f = line.trim().split("\\s+");
      rows.add(String.join(" ", f[0], f[1], f[2], f[3]));
    }
    return rows;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  @Test
  void aKilledPartLearnLeavesNoHalfPartAndTheRerunStoresItWhole() throws Exception {
    String data = System.getProperty("xgraph.data");
    Path features = tmp.resolve("features");
    assertEquals(
        0,
        Main.execute(
            "ingest",
            "--data",
            data,
            "--layers",
            "fire8/concat_1,fire9/concat_1",
            "--split",
            "train",
            "--limit",
            "8",
            "--out",
            features.toString()));
    Path graphFile = tmp.resolve("graph.xg");
    assertEquals(
        0,
        Main.execute(
            "learn",
            "--features",
            features.toString(),
            "--out",
            graphFile.toString(),
            "--iterations",
            "2",
            "--threads",
            "2"));
    ExplanatoryGraph graph = GraphCodec.read(graphFile);
    FeatureStore fs = FeatureStore.open(features);
    Path store = tmp.resolve("store");
    try (GraphStore s = GraphStores.openEmbedded(store)) {
      s.write(
          graph,
          StoreCommandSupport.provenance(
              fs, SharedData.model(SharedData.locate(data), "squeezenet")),
          StoreCommandSupport.images(fs),
          io.xgraph.store.WriteListener.NONE);
    }
    // The foreheads of the first 3 stored birds that show it, on the crop plane.
    StringBuilder csv = new StringBuilder("image,x,y\n");
    int shots = 0;
    for (StoredImage image : fs.storedImages()) {
      Point p = image.record().parts().get(FOREHEAD);
      if (p != null && shots < 3) {
        csv.append(image.record().id()).append(',').append(p.x()).append(',').append(p.y());
        csv.append('\n');
        shots++;
      }
    }
    assertEquals(3, shots, "3 stored birds show the forehead");
    Path annotations = tmp.resolve("head.csv");
    Files.writeString(annotations, csv);
    String model = graph.modelName();
    Path victim = tmp.resolve("victim-store");

    // The uninterrupted run, in a child JVM like the killed one: its time sets the kill point.
    long t0 = System.nanoTime();
    Process reference =
        ChildXgraph.start(learnArgs(store, model, annotations), tmp.resolve("ref.log"));
    assertTrue(reference.waitFor(5, TimeUnit.MINUTES));
    long fullMillis = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(0, reference.exitValue(), Files.readString(tmp.resolve("ref.log")));
    List<String> whole = partRows(store, model);
    assertEquals(1, whole.size(), whole.toString());

    // Killed at 70 % of that time: the JVM is up and the store open, the part not yet written.
    // Should the machine have become faster and the child finished first, the kill is tried
    // again on a fresh copy of the store, earlier.
    double killedAt = 0;
    for (double fraction : new double[] {0.7, 0.5, 0.35}) {
      BenchOutput.deleteTree(victim);
      copyTree(store, victim);
      Process child =
          ChildXgraph.start(learnArgs(victim, model, annotations), tmp.resolve("child.log"));
      boolean finished;
      try {
        finished = child.waitFor((long) (fullMillis * fraction), TimeUnit.MILLISECONDS);
      } finally {
        child.destroyForcibly(); // SIGKILL
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      }
      if (!finished) {
        killedAt = fullMillis * fraction;
        break;
      }
    }
    assertTrue(
        killedAt > 0,
        "the child finished before every kill point: "
            + Files.readString(tmp.resolve("child.log")));
    CliRun check = run("check", "--store", victim.toString());
    assertEquals(0, check.code(), check.out());
    List<String> afterKill = partRows(victim, model);
    assertTrue(
        afterKill.isEmpty() || afterKill.equals(whole),
        "no half part after the kill: " + afterKill + " (whole: " + whole + ")");

    CliRun rerun = run(learnArgs(victim, model, annotations).toArray(String[]::new));
    assertEquals(0, rerun.code(), rerun.out());
    assertEquals(whole, partRows(victim, model));
    assertEquals(0, run("check", "--store", victim.toString()).code());
    System.out.printf(
        "PartLearnKillTest: uninterrupted child run %.1f s, killed at %.1f s, part %s%n",
        fullMillis / 1e3, killedAt / 1e3, whole);
  }
}
