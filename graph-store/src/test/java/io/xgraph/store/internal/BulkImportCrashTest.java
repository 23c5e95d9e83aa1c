package io.xgraph.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.Provenance;
import io.xgraph.store.StoreCheck;
import io.xgraph.store.bench.SyntheticGraphs;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bulk import killed with SIGKILL halfway leaves no store that opens, and can be run again. */
class BulkImportCrashTest {

  @TempDir Path dir;

  /** Child JVM: {@code DIR}: imports a tiny graph into DIR and parks inside the importer. */
  public static void main(String[] args) {
    BulkImport.importNew(
        Path.of(args[0]),
        "victim",
        SyntheticGraphs.tiny("victim", 5),
        Provenance.of("child"),
        List.of(),
        null,
        () -> {
          System.out.println("IMPORTING");
          System.out.flush();
          try {
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    System.out.println("DONE");
  }

  @Test
  void anImportKilledHalfwayLeavesNoStoreAndTheNextImportSucceeds() throws Exception {
    Path target = dir.resolve("store");
    Process child = start(target);
    List<String> seen = new ArrayList<>();
    List<Path> hidden;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        seen.add(line);
        if (line.equals("IMPORTING")) {
          break; // nodes are in the store files, relationships not yet: kill it now
        }
      }
      hidden = besides(target);
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    assertTrue(seen.contains("IMPORTING"), "the child got into the importer: " + seen);
    assertEquals(1, hidden.size(), "the import was writing a hidden folder: " + hidden);
    assertTrue(Files.isDirectory(hidden.get(0).resolve("data")), "with store files in it");

    assertFalse(Files.exists(target), "no half store at the target");
    IllegalArgumentException none =
        assertThrows(IllegalArgumentException.class, () -> StoreCheck.embedded(target));
    assertTrue(none.getMessage().contains(target.getFileName().toString()), none.getMessage());

    ExplanatoryGraph graph = SyntheticGraphs.tiny("victim", 6);
    BulkImport.importNew(target, "victim", graph, Provenance.of("again"), List.of(), null);
    assertEquals(List.of(), besides(target), "the killed import's folder is removed");
    assertEquals(List.of(), StoreCheck.embedded(target));
    try (GraphStore store = GraphStores.openExistingEmbedded(target)) {
      assertEquals(graph, store.read("victim").orElseThrow());
    }
  }

  /** Hidden import folders beside {@code target}. */
  private static List<Path> besides(Path target) throws Exception {
    try (Stream<Path> all = Files.list(target.getParent())) {
      return all.filter(p -> p.getFileName().toString().startsWith(".store.importing-")).toList();
    }
  }

  private static Process start(Path target) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BulkImportCrashTest.class.getName());
    command.add(target.toString());
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }
}
