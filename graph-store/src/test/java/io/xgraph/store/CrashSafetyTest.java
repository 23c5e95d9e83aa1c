package io.xgraph.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.bench.SyntheticGraphs;
import io.xgraph.store.internal.CypherGraphStore;
import io.xgraph.store.internal.EmbeddedSession;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded store survives a writer killed with {@code kill -9} in the middle of a write, and a
 * second process cannot open a store another one holds; in both cases no data is lost.
 */
class CrashSafetyTest {

  @TempDir Path folder;

  @Test
  void aWriterKilledMidWriteLeavesThePreviousVersionAndNoHalfGraph() throws Exception {
    ExplanatoryGraph previous = SyntheticGraphs.tiny("victim", 1);
    try (GraphStore store = GraphStores.openEmbedded(folder)) {
      store.write(previous, Provenance.of("first"));
    }
    Process child = StoreChildProcess.start("write", folder.toString(), "victim");
    List<String> seen = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        seen.add(line);
        if (line.startsWith("COMMITTED parents")) {
          break; // patterns and the first parent batch are committed: kill it now
        }
      }
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    assertTrue(
        seen.stream().anyMatch(l -> l.startsWith("COMMITTED parents")),
        "the child got into the middle of its write: " + seen);
    assertTrue(seen.stream().noneMatch(l -> l.startsWith("COMMITTED publish")), seen.toString());

    try (GraphStore reopened = GraphStores.openEmbedded(folder)) {
      assertEquals(previous, reopened.read("victim").orElseThrow());
      assertEquals(1, reopened.model("victim").orElseThrow().version());
      var db = ((EmbeddedSession) ((CypherGraphStore) reopened).session()).database();
      long hidden =
          (Long)
              db.executeTransactionally(
                  "MATCH (n) WHERE n:StagedModel OR n:StagedLayer OR n:StagedPattern"
                      + " OR n:StagedImage OR n:RetiredPattern RETURN count(n) AS n",
                  Map.of(),
                  r -> r.next().get("n"));
      assertEquals(0, hidden, "leftovers of the killed write are removed on open");
      long patterns =
          (Long)
              db.executeTransactionally(
                  "MATCH (p:Pattern) RETURN count(p) AS n", Map.of(), r -> r.next().get("n"));
      assertEquals(previous.patternCount(), patterns);
      // And the store is fully usable: a new version can be written.
      ExplanatoryGraph next = SyntheticGraphs.tiny("victim", 3);
      reopened.write(next, Provenance.of("again"));
      assertEquals(next, reopened.read("victim").orElseThrow());
    }
  }

  @Test
  void aWriterKilledWhileAddingACategoryLeavesTheOtherCategoriesReadable() throws Exception {
    ExplanatoryGraph cnn = StoreChildProcess.largeGraph("birds-cnn");
    ExplanatoryGraph first = sameModel(cnn, 5);
    ExplanatoryGraph second = sameModel(cnn, 6);
    try (GraphStore store = GraphStores.openEmbedded(folder)) {
      store.write(
          "birds-001",
          first,
          Provenance.of("child").withCategory("001"),
          List.of(),
          (p, d, t) -> {});
      store.write(
          "birds-002",
          second,
          Provenance.of("child").withCategory("002"),
          List.of(),
          (p, d, t) -> {});
    }
    Process child =
        StoreChildProcess.start("write", folder.toString(), "birds-cnn", "birds-003", "003");
    List<String> seen = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        seen.add(line);
        if (line.startsWith("COMMITTED parents")) {
          break;
        }
      }
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    assertTrue(seen.stream().anyMatch(l -> l.startsWith("COMMITTED parents")), seen.toString());
    assertTrue(
        StoreCheck.embedded(folder).stream().anyMatch(l -> l.contains("StagedPattern")),
        "before an open, the check names the killed write's leftovers");
    try (GraphStore reopened = GraphStores.openEmbedded(folder)) {
      assertEquals(first, reopened.read("birds-001").orElseThrow());
      assertEquals(second, reopened.read("birds-002").orElseThrow());
      assertTrue(reopened.read("birds-003").isEmpty(), "the killed category is not half there");
      assertEquals(
          List.of("birds-001", "birds-002"),
          reopened.listModels().stream().map(ModelInfo::name).toList());
    }
    assertEquals(List.of(), StoreCheck.embedded(folder), "xgraph check --store is clean");
  }

  private static ExplanatoryGraph sameModel(ExplanatoryGraph of, long seed) {
    ExplanatoryGraph g = SyntheticGraphs.tiny(of.modelName(), seed);
    return new ExplanatoryGraph(
        g.modelName(), of.modelSha256(), g.layers(), g.parameters(), g.trainingImageIds());
  }

  @Test
  void aStoreHeldByAnotherProcessIsAClearErrorAndNothingIsLost() throws Exception {
    ExplanatoryGraph graph = SyntheticGraphs.tiny("held", 2);
    try (GraphStore store = GraphStores.openEmbedded(folder)) {
      store.write(graph, Provenance.of("first"));
    }
    Process holder = StoreChildProcess.start("hold", folder.toString());
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      List<String> seen = new ArrayList<>();
      while ((line = out.readLine()) != null && !line.equals("OPEN")) {
        seen.add(line);
      }
      assertNotNull(line, "the holder opened the store: " + seen);
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> GraphStores.openEmbedded(folder));
      assertTrue(e.getMessage().contains("in use by another process"), e.getMessage());
      assertTrue(e.getMessage().contains(folder.toAbsolutePath().toString()), e.getMessage());
      assertTrue(e.getMessage().contains("--uri"), e.getMessage());
    } finally {
      holder.destroyForcibly();
      holder.waitFor(30, TimeUnit.SECONDS);
    }
    try (GraphStore store = GraphStores.openEmbedded(folder)) {
      assertEquals(graph, store.read("held").orElseThrow());
    }
  }
}
