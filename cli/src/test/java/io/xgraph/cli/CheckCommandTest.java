package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.io.GraphCodec;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.Provenance;
import io.xgraph.store.bench.SyntheticGraphs;
import io.xgraph.store.internal.EmbeddedNeo4j;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.dbms.api.DatabaseManagementService;

/**
 * {@code xgraph check} finds nothing on sound data, and names each damage: NaN and short files in a
 * feature store, a parent link that skips a layer in a graph file, leftovers of an interrupted
 * write and counts that disagree with the model summary in a store. It changes nothing.
 */
class CheckCommandTest {

  @TempDir Path tmp;

  private static CliRun check(String... args) {
    List<String> all = new ArrayList<>(List.of("check"));
    all.addAll(List.of(args));
    return CliRun.of(all.toArray(String[]::new));
  }

  @Test
  void nothingToCheckIsAUsageError() {
    assertEquals(Main.EXIT_USAGE, Main.execute("check"));
  }

  @Test
  void featureStoreNanAndShortFilesAreFound() throws Exception {
    Path features = tmp.resolve("features");
    assertEquals(
        0,
        Main.execute(
            "ingest",
            "--data",
            System.getProperty("xgraph.data"),
            "--layers",
            "fire9/concat_1",
            "--limit",
            "3",
            "--out",
            features.toString()));
    CliRun ok = check("--features", features.toString());
    assertEquals(0, ok.code(), ok.out());
    assertEquals("feature store " + features + ": OK\n", ok.out());

    // A float16 NaN (0x7e00, little-endian) in image 1, element 5 of layer 0.
    Path layer = features.resolve("layer-0.f16");
    long bytesPerImage = Files.size(layer) / 3;
    try (RandomAccessFile f = new RandomAccessFile(layer.toFile(), "rw")) {
      f.seek(bytesPerImage + 2 * 5);
      f.write(new byte[] {0x00, 0x7e});
    }
    CliRun nan = check("--features", features.toString());
    assertEquals(1, nan.code(), nan.out());
    String id = io.xgraph.ingest.store.FeatureStore.open(features).images().get(1).id();
    assertEquals(
        "feature store "
            + features
            + ": 1 problem(s)\n  - Feature store `"
            + features
            + "` holds NaN at layer `fire9/concat_1`, image 1 ("
            + id
            + "), element 5: the file `layer-0.f16` was damaged; delete the store and ingest"
            + " again\n",
        nan.out());

    try (RandomAccessFile f = new RandomAccessFile(layer.toFile(), "rw")) {
      f.setLength(bytesPerImage * 2);
    }
    CliRun shortFile = check("--features", features.toString());
    assertEquals(1, shortFile.code());
    assertTrue(
        shortFile
            .out()
            .contains(
                "Feature store file `"
                    + layer
                    + "` is shorter than its 3 committed images; delete the store and ingest"
                    + " again"),
        shortFile.out());
  }

  @Test
  void graphFileWithAParentLinkSkippingALayerIsFound() {
    ExplanatoryGraph good = SyntheticGraphs.tiny("g", 1);
    Path file = tmp.resolve("graph.xg");
    GraphCodec.write(good, file);
    CliRun ok = check("--graph", file.toString());
    assertEquals(0, ok.code(), ok.out());

    // Point the first low-layer pattern's first parent at a pattern of its own layer.
    List<Pattern> low = good.layers().get(0).patterns();
    Pattern p = low.get(0);
    int sameLayer = low.get(1).id();
    List<ParentLink> links = new ArrayList<>(p.parents());
    ParentLink l = links.get(0);
    links.set(0, new ParentLink(sameLayer, l.dx(), l.dy(), l.parentSigma(), l.coactivation()));
    ExplanatoryGraph bad =
        SyntheticGraphs.editPatterns(
            good, q -> q.id() == p.id() ? SyntheticGraphs.withParents(q, links) : q);
    GraphCodec.write(bad, file);
    CliRun found = check("--graph", file.toString());
    assertEquals(1, found.code(), found.out());
    assertEquals(
        "graph file "
            + file
            + ": 1 problem(s)\n  - Graph file `"
            + file
            + "`: 1 pattern(s) or parent link(s) break the layer order (first: pattern "
            + p.id()
            + " -> parent "
            + sameLayer
            + "); learn the graph again\n",
        found.out());
  }

  @Test
  void storeLeftoversAndWrongCountsAreFoundAndNothingIsChanged() {
    Path store = tmp.resolve("store");
    ExplanatoryGraph graph = SyntheticGraphs.tiny("m", 2);
    try (GraphStore s = GraphStores.openEmbedded(store)) {
      s.write(graph, Provenance.of("test"));
    }
    CliRun ok = check("--store", store.toString());
    assertEquals(0, ok.code(), ok.out());
    assertEquals("store " + store + ": OK\n", ok.out());

    // As a killed writer leaves it: a staged pattern; and a summary that disagrees.
    DatabaseManagementService dbms = EmbeddedNeo4j.start(EmbeddedNeo4j.builder(store), store);
    try {
      EmbeddedNeo4j.defaultDatabase(dbms, store)
          .executeTransactionally(
              "CREATE (:StagedPattern {graph: 'm', model: 'm', key: 'm:x'})"
                  + " WITH 1 AS one MATCH (m:ExplanatoryGraph {name: 'm'}) SET m.patternCount = 1",
              Map.of());
    } finally {
      dbms.shutdown();
    }
    CliRun found = check("--store", store.toString());
    assertEquals(1, found.code(), found.out());
    assertEquals(
        "store "
            + store
            + ": 2 problem(s)\n"
            + "  - 1 StagedPattern node(s): leftovers of an interrupted write (full disk or"
            + " killed process), invisible to readers; xgraph removes them the next time it opens"
            + " the store (e.g. `xgraph store info`), then write the model again; or delete the"
            + " store folder and write it again\n"
            + "  - Model `m`: its summary says 1 patterns, the store holds "
            + graph.patternCount()
            + "; write the model again (xgraph learn --store) or delete it (xgraph store"
            + " delete)\n",
        found.out());
    // The check changed nothing: the same report again.
    assertEquals(found, check("--store", store.toString()));
    // Opening the store (store info) removes the leftovers, the count problem stays.
    assertEquals(0, Main.execute("store", "info", "--store", store.toString()));
    CliRun after = check("--store", store.toString());
    assertEquals(1, after.code());
    assertTrue(
        after.out().startsWith("store " + store + ": 1 problem(s)\n  - Model `m`"), after.out());
  }
}
