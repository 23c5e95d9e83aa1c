package io.xgraph.cypher.procedures;

import static io.xgraph.cypher.testing.Harness.failure;
import static io.xgraph.cypher.testing.Harness.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.cypher.testing.BirdFixture;
import io.xgraph.learner.data.FeatureSource;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.em.InferenceResult;
import io.xgraph.learner.meaning.PatternDescriptor;
import io.xgraph.learner.meaning.ProbeSet;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.WriteListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.harness.Neo4j;

/**
 * xg.pattern.similar on the real bird graph (SqueezeNet on real CUB birds, BirdFixture): the graph
 * is inferred on the stored birds and described as {@code xgraph part describe} does, stored under
 * its own name and as a copy; a third copy is described on half of the birds (another probe set)
 * and a fourth not at all.
 */
class SimilarProceduresTest {

  static final String COPY = "birds-copy";
  static final String HALF = "birds-half";
  static final String BARE = "birds-bare";

  static Neo4j neo4j;
  static GraphDatabaseService db;
  static BirdFixture bird;
  static String model;
  static Map<Integer, float[]> descriptors;

  /** Patterns whose descriptor no other pattern of the graph comes within 0.999 of. */
  static List<Integer> distinct;

  @BeforeAll
  static void start() {
    bird = BirdFixture.get();
    neo4j = bird.startServer(true);
    db = neo4j.defaultDatabaseService();
    ExplanatoryGraph g = bird.graph;
    model = g.modelName();
    int n = bird.store.images().size();
    int[] all = IntStream.range(0, n).toArray();
    int[] half = IntStream.range(0, n / 2).toArray();
    descriptors = describe(bird.store, g, all);
    try (GraphStore store = GraphStores.embedded(db, "similar test", true)) {
      for (String copy : List.of(COPY, HALF, BARE)) {
        store.write(copy, g, bird.provenance(), List.of(), WriteListener.NONE);
      }
      store.writeDescriptors(model, probes(all), descriptors);
      store.writeDescriptors(COPY, probes(all), descriptors);
      store.writeDescriptors(HALF, probes(half), describe(bird.store, g, half));
    }
    List<Integer> ids = new ArrayList<>(descriptors.keySet());
    distinct = new ArrayList<>();
    for (int id : ids) {
      boolean unique = true;
      for (int other : ids) {
        if (other != id
            && PatternDescriptor.cosine(descriptors.get(id), descriptors.get(other)) > 0.999) {
          unique = false;
          break;
        }
      }
      if (unique) {
        distinct.add(id);
      }
      if (distinct.size() == 20) {
        break;
      }
    }
    assertEquals(20, distinct.size(), "the bird graph has distinct descriptors to query");
  }

  @AfterAll
  static void stop() {
    if (neo4j != null) {
      neo4j.close();
    }
  }

  private static ProbeSet probes(int[] images) {
    return new ProbeSet(
        "cub", IntStream.of(images).mapToObj(i -> bird.store.images().get(i).id()).toList());
  }

  /** Each pattern's descriptor over the given images, from the graph's own inference. */
  static Map<Integer, float[]> describe(FeatureSource source, ExplanatoryGraph g, int[] images) {
    GraphInference inference = new GraphInference(g);
    int layers = g.layers().size();
    int n = images.length;
    float[][][] x = new float[layers][][];
    float[][][] y = new float[layers][][];
    float[][][] s = new float[layers][][];
    boolean[][][] f = new boolean[layers][][];
    for (int l = 0; l < layers; l++) {
      int v = g.layers().get(l).patterns().size();
      x[l] = new float[v][n];
      y[l] = new float[v][n];
      s[l] = new float[v][n];
      f[l] = new boolean[v][n];
    }
    for (int j = 0; j < n; j++) {
      List<float[]> maps = new ArrayList<>();
      for (int l = 0; l < layers; l++) {
        float[] m = new float[source.layers().get(l).size()];
        source.read(l, images[j], m);
        maps.add(m);
      }
      InferenceResult r = inference.infer(maps);
      for (int l = 0; l < layers; l++) {
        for (int v = 0; v < r.size(l); v++) {
          x[l][v][j] = (float) r.x(l, v);
          y[l][v][j] = (float) r.y(l, v);
          s[l][v][j] = (float) r.score(l, v);
          f[l][v][j] = r.fired(l, v);
        }
      }
    }
    Map<Integer, float[]> out = new LinkedHashMap<>();
    for (int l = 0; l < layers; l++) {
      List<Pattern> ps = g.layers().get(l).patterns();
      for (int v = 0; v < ps.size(); v++) {
        out.put(ps.get(v).id(), PatternDescriptor.of(x[l][v], y[l][v], s[l][v], f[l][v]));
      }
    }
    return out;
  }

  private static List<Map<String, Object>> similar(String key, long k, Map<String, Object> c) {
    return rows(
        db,
        "CALL xg.pattern.similar($key, $k, $c) YIELD rank, key, graph, similarity, node"
            + " RETURN rank, key, graph, similarity, node.key AS nodeKey",
        Map.of("key", key, "k", k, "c", c));
  }

  @Test
  void aPatternIsFirstAmongItsOwnGraphsAndItsCopyFirstAmongTheOthers() {
    for (int id : distinct) {
      String key = model + ":" + id;
      List<Map<String, Object>> own = similar(key, 5, Map.of("graph", model));
      assertEquals(5, own.size());
      assertEquals(key, own.get(0).get("key"), "the pattern itself ranks first");
      assertEquals(1L, own.get(0).get("rank"));
      assertEquals(1.0, (double) own.get(0).get("similarity"), 1e-5);
      assertEquals(key, own.get(0).get("nodeKey"));
      double previous = 2;
      for (Map<String, Object> r : own) {
        assertEquals(model, r.get("graph"));
        double sim = (double) r.get("similarity");
        assertTrue(sim <= previous + 1e-6, "most similar first: " + own);
        previous = sim;
      }
      // the runner-up's similarity is the cosine of the two descriptors computed here
      String second = (String) own.get(1).get("key");
      int secondId = Integer.parseInt(second.substring(second.lastIndexOf(':') + 1));
      assertEquals(
          PatternDescriptor.cosine(descriptors.get(id), descriptors.get(secondId)),
          (double) own.get(1).get("similarity"),
          1e-5);

      List<Map<String, Object>> others = similar(key, 3, Map.of("otherGraphsOnly", true));
      assertEquals(COPY + ":" + id, others.get(0).get("key"), "the copy of the pattern is first");
      assertTrue(others.stream().noneMatch(r -> model.equals(r.get("graph"))), "" + others);
      assertTrue(
          others.stream().noneMatch(r -> HALF.equals(r.get("graph"))),
          "another probe set is never compared: " + others);
    }
  }

  @Test
  void aLayerFilterKeepsThatLayerOnlyAndThePatternFirstInItsOwn() {
    for (int id : distinct) {
      String key = model + ":" + id;
      long own = layerOf(key);
      List<Map<String, Object>> same =
          similarWithLayers(key, 6, Map.of("graph", model, "layer", own));
      assertEquals(key, same.get(0).get("key"), "the pattern itself ranks first in its layer");
      assertTrue(
          same.stream().allMatch(r -> own == ((Number) r.get("layerIndex")).longValue()),
          "" + same);
      long other = own == 0 ? 1 : 0;
      List<Map<String, Object>> elsewhere =
          similarWithLayers(key, 6, Map.of("graph", model, "layer", other));
      assertEquals(6, elsewhere.size(), "enough patterns of that layer are fetched");
      assertTrue(
          elsewhere.stream().allMatch(r -> other == ((Number) r.get("layerIndex")).longValue()),
          "" + elsewhere);
      assertTrue(elsewhere.stream().noneMatch(r -> key.equals(r.get("key"))), "" + elsewhere);
    }
    String key = model + ":" + distinct.get(0);
    String q = "CALL xg.pattern.similar($key, 5, $c)";
    String high = failure(db, q, Map.of("key", key, "c", Map.of("graph", model, "layer", 99)));
    assertTrue(high.contains("layer was 99") && high.contains("xg.layer.list"), high);
    String negative = failure(db, q, Map.of("key", key, "c", Map.of("layer", -2)));
    assertTrue(negative.contains("`layer`"), negative);
  }

  private static long layerOf(String key) {
    return ((Number)
            rows(db, "MATCH (p:Pattern {key: $key}) RETURN p.layer AS l", Map.of("key", key))
                .get(0)
                .get("l"))
        .longValue();
  }

  private static List<Map<String, Object>> similarWithLayers(
      String key, long k, Map<String, Object> c) {
    return rows(
        db,
        "CALL xg.pattern.similar($key, $k, $c) YIELD key, layerIndex RETURN key, layerIndex",
        Map.of("key", key, "k", k, "c", c));
  }

  @Test
  void badInputIsRefusedNamingTheFix() {
    String key = model + ":" + distinct.get(0);
    String q = "CALL xg.pattern.similar($key, $k, $c)";
    assertTrue(
        failure(db, q, Map.of("key", key, "k", 0L, "c", Map.of())).contains("k must be 1..1000"));
    assertTrue(
        failure(db, q, Map.of("key", key, "k", 1001L, "c", Map.of()))
            .contains("k must be 1..1000"));
    String nullK = failure(db, "CALL xg.pattern.similar($key, null)", Map.of("key", key));
    assertTrue(nullK.startsWith("Argument `k` was null"), nullK);
    String nullKey = failure(db, "CALL xg.pattern.similar(null, 5)", Map.of());
    assertTrue(nullKey.startsWith("Argument `patternKey` was null"), nullKey);
    String unknown = failure(db, q, Map.of("key", model + ":99999999", "k", 5L, "c", Map.of()));
    assertTrue(
        unknown.contains("Unknown pattern") && unknown.contains("xg.pattern.lookup"), unknown);
    String bare =
        failure(db, q, Map.of("key", BARE + ":" + distinct.get(0), "k", 5L, "c", Map.of()));
    assertTrue(
        bare.contains("Graph `" + BARE + "` has no pattern descriptors")
            && bare.contains("xgraph part describe"),
        bare);
    String bareFilter = failure(db, q, Map.of("key", key, "k", 5L, "c", Map.of("graph", BARE)));
    assertTrue(bareFilter.contains("has no pattern descriptors"), bareFilter);
    String half = failure(db, q, Map.of("key", key, "k", 5L, "c", Map.of("graph", HALF)));
    assertTrue(half.contains("another probe set") && half.contains("same probe images"), half);
    String missing = failure(db, q, Map.of("key", key, "k", 5L, "c", Map.of("graph", "nobody")));
    assertTrue(missing.contains("`nobody` is not in the store"), missing);
    String typo = failure(db, q, Map.of("key", key, "k", 5L, "c", Map.of("grahp", COPY)));
    assertTrue(typo.contains("Unknown configuration key `grahp`"), typo);
    // nothing was changed by the refusals
    assertEquals(5, similar(key, 5, Map.of()).size());
  }

  @Test
  void overBoltTheRefusalIsItsOwnMessageAndTheSearchRunsServerSide() {
    String key = model + ":" + distinct.get(1);
    try (Driver driver = GraphDatabase.driver(neo4j.boltURI(), AuthTokens.none());
        Session session = driver.session()) {
      List<Record> top =
          session
              .run(
                  "CALL xg.pattern.similar($key, 4, {graph: $g}) YIELD key RETURN key",
                  Map.of("key", key, "g", COPY))
              .list();
      assertEquals(4, top.size());
      assertEquals(COPY + ":" + distinct.get(1), top.get(0).get("key").asString());
      org.neo4j.driver.exceptions.ClientException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              org.neo4j.driver.exceptions.ClientException.class,
              () -> session.run("CALL xg.pattern.similar($key, 0)", Map.of("key", key)).list());
      assertEquals("Neo.ClientError.Statement.ArgumentError", e.code());
      assertTrue(e.getMessage().startsWith("k must be 1..1000"), e.getMessage());
    }
  }
}
