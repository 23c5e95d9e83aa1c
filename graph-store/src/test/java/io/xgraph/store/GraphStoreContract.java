package io.xgraph.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.bench.SyntheticGraphs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link GraphStore} back end must have; run against embedded Neo4j and over
 * real Bolt by the classes that implement {@link StoreContracts}. Each test uses its own model
 * names, so they share one database.
 */
interface GraphStoreContract extends StoreContract {

  /** Opens a second store on the same database (to check what opening does). */
  GraphStore openAgain();

  /** Parameters of every type a learner may put in, including ones JSON cannot tell apart. */
  private static ExplanatoryGraph withTrickyParameters(ExplanatoryGraph g) {
    Map<String, Object> p = new LinkedHashMap<>(g.parameters());
    p.put("anInt", 3);
    p.put("aLong", 3L);
    p.put("bigLong", 1L << 40);
    p.put("aFloat", 0.1f);
    p.put("aDouble", 0.1);
    p.put("notANumber", Double.NaN);
    p.put("text", "quote \" backslash \\ tab \t unicode é");
    p.put("flag", false);
    p.put("ints", List.of(1, 2, 3));
    p.put("mixed", List.of(1, 2L, 0.5, "x"));
    return new ExplanatoryGraph(
        g.modelName(), g.modelSha256(), g.layers(), p, g.trainingImageIds());
  }

  @Test
  default void roundTripGivesAnEqualGraph() {
    ExplanatoryGraph graph = withTrickyParameters(SyntheticGraphs.tiny("rt-tiny", 1));
    WriteSummary summary = store().write(graph, Provenance.of("synthetic"));
    assertEquals(1, summary.version());
    assertEquals(graph, store().read("rt-tiny").orElseThrow());
    ModelInfo info = store().model("rt-tiny").orElseThrow();
    assertEquals(graph.patternCount(), info.patternCount());
    assertEquals(graph.edgeCount(), info.parentCount());
    assertEquals(List.of("conv_a", "conv_b", "conv_c"), info.layers());
    assertEquals("synthetic", info.dataset());
    assertEquals(
        graph.patternCount(), count("MATCH (p:Pattern {model: 'rt-tiny'}) RETURN count(p) AS n"));
    assertEquals(
        graph.edgeCount(),
        count("MATCH (:Pattern {model: 'rt-tiny'})-[r:PARENT]->() RETURN count(r) AS n"));
    assertEquals(
        1, count("MATCH (p:Pattern {key: 'rt-tiny:5'}) WHERE p.id = 5 RETURN count(p) AS n"));
  }

  @Test
  default void roundTripOfAMediumGraphWithManyBatches() {
    // > 10k parents and firings, so several transactions per phase.
    List<SyntheticGraphs.LayerSpec> specs =
        List.of(
            new SyntheticGraphs.LayerSpec(
                new io.xgraph.learner.data.LayerGeometry("low", 0, 64, 27, 27, 8, 7.5, 59, 224),
                40),
            new SyntheticGraphs.LayerSpec(
                new io.xgraph.learner.data.LayerGeometry("high", 1, 64, 13, 13, 16, 15.5, 123, 224),
                10));
    ExplanatoryGraph graph = SyntheticGraphs.generate("rt-medium", specs, 6, 4, 50, 7);
    store().write(graph, Provenance.of("synthetic"));
    assertEquals(graph, store().read("rt-medium").orElseThrow());
  }

  @Test
  default void imageMetadataIsWrittenWithTheGraphAndReadBack() {
    ExplanatoryGraph graph = SyntheticGraphs.tiny("img-meta", 3);
    List<String> fired =
        graph.layers().stream()
            .flatMap(l -> l.patterns().stream())
            .flatMap(p -> p.topImages().stream())
            .map(Firing::imageId)
            .distinct()
            .sorted()
            .toList();
    assertTrue(fired.size() >= 2, "the tiny graph fires on several images");
    ImageInfo first =
        new ImageInfo(fired.get(0), "train", "images/a.jpg", new double[] {1, 2.5, 30, 40});
    ImageInfo second = new ImageInfo(fired.get(1), null, "images/b.jpg", null);
    ImageInfo unused = new ImageInfo("not-fired-on", "test", "images/c.jpg", null);
    store()
        .write(
            graph, Provenance.of("synthetic"), List.of(first, second, unused), WriteListener.NONE);
    assertEquals(graph, store().read("img-meta").orElseThrow());
    assertEquals(
        Map.of(first.id(), first, second.id(), second, unused.id(), unused),
        store().images("img-meta"));
    assertEquals(
        1,
        count("MATCH (i:Image {dataset: 'synthetic', id: 'not-fired-on'}) RETURN count(i) AS n"),
        "images of every split are stored, not only those the graph fires on");
    assertEquals(
        List.of(1.0, 2.5, 30.0, 40.0),
        raw()
            .executeTransactionally(
                "MATCH (i:Image {dataset: 'synthetic', id: $id}) RETURN i.box AS b",
                Map.of("id", first.id()),
                r -> {
                  Object b = r.next().get("b");
                  return b instanceof double[] d
                      ? java.util.Arrays.stream(d).boxed().toList()
                      : (List<?>) b;
                }));
    // A failed write stores no metadata; a duplicate id is a user mistake.
    ImageInfo moved = new ImageInfo(first.id(), "train", "images/moved.jpg", null);
    assertThrows(
        IllegalStateException.class,
        () ->
            store()
                .write(
                    graph,
                    Provenance.of("synthetic"),
                    List.of(moved),
                    (phase, done, total) -> {
                      if (phase.equals("firings")) {
                        throw new IllegalStateException("simulated failure");
                      }
                    }));
    assertEquals(first, store().images("img-meta").get(first.id()));
    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                store()
                    .write(
                        graph,
                        Provenance.of("synthetic"),
                        List.of(first, first),
                        WriteListener.NONE));
    assertTrue(
        twice.getMessage().contains("image ids must be unique within a dataset"),
        twice.getMessage());
    assertEquals(first, store().images("img-meta").get(first.id()), "nothing lost");
    assertThrows(
        IllegalArgumentException.class,
        () -> new ImageInfo("x", null, "p.jpg", new double[] {0, 0, -1, 3}));
  }

  @Test
  default void provenanceIsStoredOnTheModelNode() {
    ExplanatoryGraph graph = SyntheticGraphs.tiny("prov", 2);
    store()
        .write(
            graph,
            Provenance.of("cub200-dev")
                .withTool("onnxruntime", "1.28.0")
                .withProperty("producer", "pytorch")
                .withProperty("inputName", "data"));
    Map<String, Object> m =
        raw()
            .executeTransactionally(
                "MATCH (m:ExplanatoryGraph {name: 'prov'}) RETURN properties(m) AS p",
                Map.of(),
                r -> (Map<String, Object>) r.next().get("p"));
    assertEquals("pytorch", m.get("producer"));
    assertEquals("data", m.get("inputName"));
    assertEquals(graph.modelSha256(), m.get("onnxSha256"));
    assertTrue(((String) m.get("toolVersions")).contains("\"onnxruntime\":\"1.28.0\""));
    assertTrue(((String) m.get("parameters")).contains("\"iterations\":10"));
    assertTrue(m.containsKey("writtenAt"));
    assertFalse(m.containsKey("writer"), "the staging marker is removed on publish");
    assertEquals(
        Map.of(
            "xgraph",
            "development",
            "java",
            System.getProperty("java.version"),
            "onnxruntime",
            "1.28.0"),
        store().model("prov").orElseThrow().toolVersions());
  }

  @Test
  default void rewritingReplacesTheGraphAndNeverDuplicates() {
    ExplanatoryGraph first = SyntheticGraphs.tiny("rewrite", 3);
    ExplanatoryGraph second = dropLastPattern(SyntheticGraphs.tiny("rewrite", 4));
    store().write(first, Provenance.of("a"));
    WriteSummary again = store().write(second, Provenance.of("b"));
    assertEquals(2, again.version());
    assertEquals(second, store().read("rewrite").orElseThrow());
    assertEquals(1, count("MATCH (m:ExplanatoryGraph {name: 'rewrite'}) RETURN count(m) AS n"));
    assertEquals(
        second.patternCount(), count("MATCH (p:Pattern {model: 'rewrite'}) RETURN count(p) AS n"));
    assertEquals(
        second.patternCount(),
        count(
            "MATCH (:ExplanatoryGraph {name: 'rewrite'})-[:HAS_LAYER]->()-[:HAS_PATTERN]->(p) RETURN count(p) AS n"));
    assertNoHiddenNodes();
  }

  @Test
  default void aFailureMidWriteLeavesThePreviousVersionIntact() {
    ExplanatoryGraph previous = SyntheticGraphs.tiny("fail-mid", 5);
    store().write(previous, Provenance.of("a"));
    long nodesBefore = count("MATCH (n) RETURN count(n) AS n");
    AtomicInteger batches = new AtomicInteger();
    ExplanatoryGraph next = SyntheticGraphs.tiny("fail-mid", 6);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                store()
                    .write(
                        next,
                        Provenance.of("b"),
                        (phase, done, total) -> {
                          batches.incrementAndGet();
                          if (phase.equals("parents")) {
                            throw new IllegalStateException("simulated failure in phase parents");
                          }
                        }));
    assertTrue(e.getMessage().contains("fail-mid"), e.getMessage());
    assertTrue(e.getMessage().contains("previous version"), e.getMessage());
    assertTrue(batches.get() > 3, "the failure came after several committed batches");
    assertEquals(previous, store().read("fail-mid").orElseThrow());
    assertEquals(1, store().model("fail-mid").orElseThrow().version());
    assertNoHiddenNodes();
    assertEquals(nodesBefore, count("MATCH (n) RETURN count(n) AS n"));
  }

  @Test
  default void deleteRemovesTheModelAndImagesNoOtherModelUses() {
    ExplanatoryGraph keep = writtenTiny("del-keep", 8);
    writtenTiny("del-gone", 9);
    Set<String> keptImages = imagesOf(keep);
    assertTrue(store().delete("del-gone"));
    assertFalse(store().delete("del-gone"));
    assertTrue(store().read("del-gone").isEmpty());
    assertEquals(
        0,
        count("MATCH (n) WHERE n.model = 'del-gone' OR n.name = 'del-gone' RETURN count(n) AS n"));
    assertEquals(keep, store().read("del-keep").orElseThrow());
    for (String image : keptImages) {
      assertEquals(
          1,
          count(
              "MATCH (i:Image {dataset: 'synthetic', id: $id}) RETURN count(i) AS n",
              Map.of("id", image)));
    }
    assertEquals(
        0,
        count("MATCH (i:Image) WHERE NOT (i)--() AND i.path IS NULL RETURN count(i) AS n"),
        "no orphan images (listed images of a dataset with graphs stay)");
    assertNoHiddenNodes();
  }

  @Test
  default void listsModelsAndDescribesTheStore() {
    store().write(SyntheticGraphs.tiny("list-a", 10), Provenance.of("x"));
    store().write(SyntheticGraphs.tiny("list-b", 11), Provenance.of("x"));
    List<String> names = store().listModels().stream().map(ModelInfo::name).toList();
    assertTrue(names.containsAll(List.of("list-a", "list-b")), names.toString());
    assertEquals(names.stream().sorted().toList(), names);
    StoreInfo info = store().info();
    assertEquals(GraphStore.SCHEMA_VERSION, info.schemaVersion());
    assertTrue(info.neo4jVersion().startsWith("5.26"), info.neo4jVersion());
    assertTrue(store().read("no-such-model").isEmpty());
    assertTrue(store().model("no-such-model").isEmpty());
  }

  @Test
  default void schemaHasConstraintsAndIndexesForEveryLookup() {
    Set<String> constraints =
        raw()
            .executeTransactionally(
                "SHOW CONSTRAINTS YIELD name RETURN collect(name) AS n",
                Map.of(),
                r -> Set.copyOf((List<String>) r.next().get("n")));
    assertTrue(
        constraints.containsAll(
            Set.of(
                "xg_graph_name",
                "xg_model_name",
                "xg_dataset_name",
                "xg_layer_key",
                "xg_pattern_key",
                "xg_image_key")),
        constraints.toString());
    Set<String> indexes =
        raw()
            .executeTransactionally(
                "SHOW INDEXES YIELD name, state WHERE state = 'ONLINE' RETURN collect(name) AS n",
                Map.of(),
                r -> Set.copyOf((List<String>) r.next().get("n")));
    assertTrue(
        indexes.containsAll(
            Set.of(
                "xg_pattern_graph",
                "xg_layer_graph",
                "xg_pattern_model",
                "xg_layer_model",
                "xg_image_id_lookup")),
        indexes.toString());
    assertFalse(constraints.contains("xg_image_id"), "image ids are unique per dataset only");
  }

  @Test
  default void aStoreOfANewerSchemaVersionIsRefusedAndLeftAlone() {
    store().write(SyntheticGraphs.tiny("schema-newer", 12), Provenance.of("x"));
    raw().executeTransactionally("MATCH (s:XgraphSchema) SET s.version = 99");
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, this::openAgain);
      assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
      assertTrue(e.getMessage().contains("newer xgraph"), e.getMessage());
      assertEquals(
          99, count("MATCH (s:XgraphSchema) RETURN max(s.version) AS n"), "version untouched");
    } finally {
      raw()
          .executeTransactionally(
              "MATCH (s:XgraphSchema) SET s.version = $v", Map.of("v", GraphStore.SCHEMA_VERSION));
    }
    assertEquals(
        SyntheticGraphs.tiny("schema-newer", 12), store().read("schema-newer").orElseThrow());
  }

  /** The tiny graph with values a float cannot hold and links with a sigma of their own. */
  static ExplanatoryGraph withOddValues(ExplanatoryGraph g) {
    return SyntheticGraphs.editPatterns(
        g,
        p -> {
          List<ParentLink> links = new ArrayList<>();
          for (int k = 0; k < p.parents().size(); k++) {
            ParentLink x = p.parents().get(k);
            double sigma = k % 2 == 0 ? x.parentSigma() + 0.1 : x.parentSigma();
            links.add(new ParentLink(x.parentId(), x.dx(), x.dy(), sigma, x.coactivation()));
          }
          List<Firing> firings =
              p.topImages().stream()
                  .map(f -> new Firing(f.imageId(), f.x() + 1e-9, -0.0, f.score() / 3))
                  .toList();
          return new Pattern(
              p.id(),
              p.layer(),
              p.channel(),
              p.slot(),
              p.muX() + 1e-9,
              p.muY(),
              p.sigma(),
              p.meanScore(),
              links,
              firings);
        });
  }

  @Test
  default void parentSigmaIsStoredOnlyWhereItDiffersFromTheParentsAndEveryValueRoundTrips() {
    ExplanatoryGraph learned = SyntheticGraphs.tiny("sigma-learned", 21);
    store().write(learned, Provenance.of("x"));
    assertEquals(learned, store().read("sigma-learned").orElseThrow());
    assertEquals(
        0,
        count(
            "MATCH (:Pattern {model: 'sigma-learned'})-[r:PARENT]->() WHERE r.sigma IS NOT NULL"
                + " RETURN count(r) AS n"),
        "a learned graph's links carry their parent's sigma: none stored on the edge");
    assertEquals(
        learned.edgeCount(),
        count(
            "MATCH (:Pattern {model: 'sigma-learned'})-[r:PARENT]->(q)"
                + " WHERE r.dx IS NOT NULL AND r.dy IS NOT NULL AND r.rank IS NOT NULL"
                + " AND r.coactivation IS NOT NULL AND coalesce(r.sigma, q.sigma) = q.sigma"
                + " RETURN count(r) AS n"));

    ExplanatoryGraph odd = withOddValues(SyntheticGraphs.tiny("sigma-odd", 22));
    store().write(odd, Provenance.of("x"));
    assertEquals(odd, store().read("sigma-odd").orElseThrow());
    long own =
        odd.layers().stream()
            .flatMap(l -> l.patterns().stream())
            .mapToLong(p -> (p.parents().size() + 1) / 2)
            .sum();
    assertTrue(own > 0);
    assertEquals(
        own,
        count(
            "MATCH (:Pattern {model: 'sigma-odd'})-[r:PARENT]->(q) WHERE r.sigma <> q.sigma"
                + " RETURN count(r) AS n"));
  }

  @Test
  default void aSchemaTwoStoreIsMigratedInPlaceWhenOpened() {
    ExplanatoryGraph old = SyntheticGraphs.tiny("schema-two", 23);
    store().write(old, Provenance.of("x").withProperty("producer", "old"));
    Schema2Layout.rewrite(raw(), "schema-two");
    assertEquals(2, count("MATCH (s:XgraphSchema) RETURN max(s.version) AS n"));
    try (GraphStore again = openAgain()) {
      assertEquals(GraphStore.SCHEMA_VERSION, again.info().schemaVersion(), "migrated on open");
      assertEquals(old, again.read("schema-two").orElseThrow());
      ModelInfo info = again.model("schema-two").orElseThrow();
      assertEquals("schema-two", info.model());
      assertEquals("", info.category());
    }
    assertEquals(2, count("MATCH (s:XgraphSchema) RETURN max(s.upgradedFrom) AS n"));
    assertEquals(
        1,
        count(
            "MATCH (:ExplanatoryGraph {name: 'schema-two'})-[:OF_MODEL]->(m:Model)"
                + " WHERE m.onnxSha256 = $sha RETURN count(m) AS n",
            Map.of("sha", old.modelSha256())));
    assertEquals(
        old.patternCount(),
        count(
            "MATCH (p:Pattern {graph: 'schema-two', key: 'schema-two:' + p.id}) RETURN count(p) AS n"));
    assertEquals(
        0,
        count(
            "MATCH (:Pattern {graph: 'schema-two'})-[:FIRES_ON]->(i:Image) WHERE i.dataset <> 'x'"
                + " RETURN count(i) AS n"),
        "the images get the dataset of the graph that fires on them");
    assertEquals(
        0,
        count(
            "MATCH (n) WHERE (n:Layer OR n:Pattern OR n:Part OR n:PartTemplate) AND n.graph IS NULL"
                + " RETURN count(n) AS n"));
    // The migrated graph is written again like any other.
    store().write(old, Provenance.of("x"));
    assertEquals(old, store().read("schema-two").orElseThrow());
    assertNoHiddenNodes();
  }

  @Test
  default void aBadGraphIsRejectedBeforeAnythingIsWritten() {
    ExplanatoryGraph good = SyntheticGraphs.tiny("bad-graph", 13);
    // The first pattern's only parent is one the graph does not have.
    int first = good.layers().get(0).patterns().get(0).id();
    ExplanatoryGraph bad =
        SyntheticGraphs.editPatterns(
            good,
            p ->
                p.id() == first
                    ? SyntheticGraphs.withParents(p, List.of(new ParentLink(99_999, 0, 0, 1, 0.5)))
                    : p);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> store().write(bad, Provenance.of("x")));
    assertTrue(e.getMessage().contains("99999"), e.getMessage());
    assertTrue(store().read("bad-graph").isEmpty());
    assertEquals(
        0,
        count(
            "MATCH (n) WHERE n.model = 'bad-graph' OR n.name = 'bad-graph' RETURN count(n) AS n"));
  }

  private void assertNoHiddenNodes() {
    assertEquals(
        0,
        count(
            "MATCH (n) WHERE n:StagedModel OR n:StagedLayer OR n:StagedPattern OR n:StagedImage"
                + " OR n:RetiredModel OR n:RetiredLayer OR n:RetiredPattern RETURN count(n) AS n"));
  }

  private static Set<String> imagesOf(ExplanatoryGraph g) {
    return g.layers().stream()
        .flatMap(l -> l.patterns().stream())
        .flatMap(p -> p.topImages().stream())
        .map(f -> f.imageId())
        .collect(Collectors.toSet());
  }

  /** {@code g} without the top layer's last pattern and the links to it. */
  private static ExplanatoryGraph dropLastPattern(ExplanatoryGraph g) {
    int topIndex = g.layers().size() - 1;
    GraphLayer top = g.layers().get(topIndex);
    List<Pattern> kept = top.patterns().subList(0, top.patterns().size() - 1);
    int dropped = top.patterns().get(kept.size()).id();
    List<GraphLayer> layers =
        new ArrayList<>(
            SyntheticGraphs.editPatterns(
                    g,
                    p ->
                        SyntheticGraphs.withParents(
                            p, p.parents().stream().filter(x -> x.parentId() != dropped).toList()))
                .layers());
    layers.set(topIndex, SyntheticGraphs.withPatterns(top, kept));
    ExplanatoryGraph smaller = SyntheticGraphs.withLayers(g, layers);
    assertEquals(g.patternCount() - 1, smaller.patternCount());
    return smaller;
  }
}
