package io.xgraph.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.ImageInfo;
import io.xgraph.store.Provenance;
import io.xgraph.store.StoreCheck;
import io.xgraph.store.WriteListener;
import io.xgraph.store.bench.SyntheticGraphs;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.graphdb.Entity;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.Result;
import org.neo4j.graphdb.Transaction;

/** A bulk-imported store holds exactly what a transactional write into a new store holds. */
class BulkImportTest {

  /** Times of the write itself: differ between any two writes. */
  private static final Set<String> TIMES =
      Set.of("stagedAt", "writtenAt", "learnedAt", "createdAt");

  @TempDir Path dir;

  @Test
  void importedStoreEqualsATransactionallyWrittenOneAndChecksClean() throws Exception {
    ExplanatoryGraph graph = SyntheticGraphs.tiny("bulk", 7);
    Provenance provenance = Provenance.of("cub").withCategory("001").withTool("onnxruntime", "1");
    List<ImageInfo> images = images(graph);
    Path imported = dir.resolve("imported");
    Path written = dir.resolve("written");

    BulkImport.importNew(imported, "bulk-001", graph, provenance, images, null);
    try (GraphStore store = GraphStores.openEmbedded(written)) {
      store.write("bulk-001", graph, provenance, images, WriteListener.NONE);
    }

    List<String> expected = dump(written);
    List<String> actual = dump(imported);
    List<String> missing = new ArrayList<>(expected);
    missing.removeAll(actual);
    List<String> extra = new ArrayList<>(actual);
    extra.removeAll(expected);
    assertEquals(List.of(), missing.stream().limit(5).toList(), "written but not imported");
    assertEquals(List.of(), extra.stream().limit(5).toList(), "imported but not written");
    assertEquals(expected, actual);
    try (GraphStore store = GraphStores.openExistingEmbedded(imported)) {
      assertEquals(graph, store.read("bulk-001").orElseThrow());
      Map<String, ImageInfo> back = store.images("bulk-001");
      assertEquals(images.size(), back.size());
      for (ImageInfo info : images) {
        assertEquals(info, back.get(info.id()));
      }
    }
    assertEquals(List.of(), StoreCheck.embedded(imported));
    try (Stream<Path> beside = Files.list(dir)) {
      assertEquals(
          Set.of("imported", "written"),
          beside.map(p -> p.getFileName().toString()).collect(Collectors.toSet()),
          "the hidden import folder was renamed into place");
    }
  }

  @Test
  void aFolderThatHoldsAStoreIsRefusedAndKept() {
    Path store = dir.resolve("store");
    ExplanatoryGraph graph = SyntheticGraphs.tiny("first", 3);
    BulkImport.importNew(store, "first", graph, Provenance.of("x"), List.of(), null);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                BulkImport.importNew(
                    store,
                    "second",
                    SyntheticGraphs.tiny("second", 4),
                    Provenance.of("x"),
                    List.of(),
                    null));
    assertTrue(e.getMessage().contains("GraphStore.write"), e.getMessage());
    try (GraphStore s = GraphStores.openExistingEmbedded(store)) {
      assertEquals(graph, s.read("first").orElseThrow());
      assertFalse(s.read("second").isPresent());
    }
  }

  /** Metadata for every other image the graph fires on, and one image it never fires on. */
  private static List<ImageInfo> images(ExplanatoryGraph graph) {
    Set<String> ids = new LinkedHashSet<>();
    for (var layer : graph.layers()) {
      for (Pattern p : layer.patterns()) {
        for (Firing f : p.topImages()) {
          ids.add(f.imageId());
        }
      }
    }
    List<ImageInfo> out = new ArrayList<>();
    int i = 0;
    for (String id : ids) {
      if (i++ % 2 == 0) {
        out.add(
            new ImageInfo(
                id, "train", "images/" + id + ".jpg", new double[] {1, 2, 30, 40}, 64, 48));
      }
    }
    out.add(new ImageInfo("never-fired", "test", "images/never.jpg", null));
    return out;
  }

  /** Every node, relationship, index and constraint as sorted lines, times of writing left out. */
  private static List<String> dump(Path folder) {
    DatabaseManagementService dbms = EmbeddedNeo4j.start(EmbeddedNeo4j.builder(folder), folder);
    try {
      GraphDatabaseService db = EmbeddedNeo4j.defaultDatabase(dbms, folder);
      List<String> lines = new ArrayList<>();
      try (Transaction tx = db.beginTx()) {
        for (Node n : tx.getAllNodes()) {
          lines.add("node " + describe(n));
        }
        for (Relationship r : tx.getAllRelationships()) {
          lines.add(
              "rel "
                  + describe(r.getStartNode())
                  + " -"
                  + r.getType().name()
                  + properties(r)
                  + "-> "
                  + describe(r.getEndNode()));
        }
        for (String show :
            List.of(
                "SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, state",
                "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties")) {
          try (Result result = tx.execute(show)) {
            while (result.hasNext()) {
              lines.add("schema " + new TreeMap<>(result.next()));
            }
          }
        }
        tx.commit();
      }
      lines.sort(null);
      return lines;
    } finally {
      dbms.shutdown();
    }
  }

  private static String describe(Node n) {
    List<String> labels = new ArrayList<>();
    for (Label l : n.getLabels()) {
      labels.add(l.name());
    }
    labels.sort(null);
    return labels + properties(n);
  }

  private static String properties(Entity e) {
    TreeMap<String, String> out = new TreeMap<>();
    e.getAllProperties()
        .forEach((k, v) -> out.put(k, TIMES.contains(k) ? v.getClass().getSimpleName() : typed(v)));
    return out.toString();
  }

  /** The value with its Java type, arrays element by element: a float is not a double. */
  private static String typed(Object v) {
    if (v.getClass().isArray()) {
      List<String> items = new ArrayList<>();
      for (int i = 0; i < Array.getLength(v); i++) {
        items.add(String.valueOf(Array.get(v, i)));
      }
      return v.getClass().getComponentType().getSimpleName() + items;
    }
    return v.getClass().getSimpleName() + ":" + v;
  }
}
