package io.xgraph.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.meaning.PatternDescriptor;
import io.xgraph.learner.meaning.ProbeSet;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.Pattern;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Pattern descriptors and the similarity search over their vector index, run on embedded Neo4j and
 * over real Bolt by the classes that implement {@link StoreContracts}. Each test uses its own model
 * names; descriptors are made from seeded random positions and scores on a few probe images.
 */
interface DescriptorStoreContract extends StoreContract {

  ProbeSet PROBES = new ProbeSet("synthetic", List.of("img-1", "img-2", "img-3", "img-4", "img-5"));

  /** Descriptors of every pattern of {@code g} from seeded random responses on the probes. */
  private static Map<Integer, float[]> describe(ExplanatoryGraph g, ProbeSet probes, long seed) {
    Random r = new Random(seed);
    int n = probes.imageIds().size();
    Map<Integer, float[]> out = new LinkedHashMap<>();
    for (GraphLayer layer : g.layers()) {
      for (Pattern p : layer.patterns()) {
        float[] x = new float[n];
        float[] y = new float[n];
        float[] s = new float[n];
        boolean[] fired = new boolean[n];
        for (int i = 0; i < n; i++) {
          x[i] = 224 * r.nextFloat();
          y[i] = 224 * r.nextFloat();
          s[i] = r.nextFloat();
          fired[i] = r.nextFloat() < 0.8;
        }
        out.put(p.id(), PatternDescriptor.of(x, y, s, fired));
      }
    }
    return out;
  }

  @Test
  default void descriptorsAreIndexedAndEachPatternIsItsOwnNearest() {
    ExplanatoryGraph g = writtenTiny("similar-a", 5);
    Map<Integer, float[]> d = describe(g, PROBES, 1);
    DescriptorWrite w = store().writeDescriptors("similar-a", PROBES, d);
    assertEquals(d.size(), w.patterns());
    assertEquals(15, w.dimensions());
    assertEquals("xg_similar_" + PROBES.key(), w.index());
    for (int id : d.keySet()) {
      List<SimilarPattern> top = store().similarPatterns("similar-a:" + id, 3, null, false);
      assertEquals("similar-a:" + id, top.get(0).key(), "a pattern is its own nearest");
      assertEquals(1.0, top.get(0).cosine(), 1e-5);
      assertEquals(3, top.size());
      // the others follow in falling similarity, with the cosine of the stored descriptors
      int other = Integer.parseInt(top.get(1).key().substring("similar-a:".length()));
      assertEquals(PatternDescriptor.cosine(d.get(id), d.get(other)), top.get(1).cosine(), 1e-5);
      assertTrue(top.get(1).cosine() >= top.get(2).cosine());
    }
    assertEquals(
        d.size(),
        count(
            "MATCH (p:Pattern {graph: 'similar-a'}) WHERE p.descriptor IS NOT NULL"
                + " RETURN count(p) AS n"));
  }

  @Test
  default void otherGraphsAreSearchedByFilterAndTheirTwinRanksFirst() {
    ExplanatoryGraph g = writtenTiny("similar-b", 6);
    store().write("similar-b2", g, Provenance.of("synthetic"), List.of(), WriteListener.NONE);
    Map<Integer, float[]> d = describe(g, PROBES, 2);
    store().writeDescriptors("similar-b", PROBES, d);
    store().writeDescriptors("similar-b2", PROBES, d);
    int id = d.keySet().iterator().next();
    List<SimilarPattern> others = store().similarPatterns("similar-b:" + id, 4, null, true);
    assertEquals(4, others.size());
    assertTrue(others.stream().noneMatch(s -> s.graph().equals("similar-b")), "" + others);
    List<SimilarPattern> inB2 = store().similarPatterns("similar-b:" + id, 2, "similar-b2", false);
    assertEquals("similar-b2:" + id, inB2.get(0).key(), "the same pattern in the copy is first");
    assertTrue(inB2.stream().allMatch(s -> s.graph().equals("similar-b2")));
  }

  @Test
  default void descriptorsAreReplacedRolledBackWholeAndRefusedClearly() {
    ExplanatoryGraph g = writtenTiny("similar-c", 7);
    Map<Integer, float[]> first = describe(g, PROBES, 3);
    store().writeDescriptors("similar-c", PROBES, first);
    String key = "similar-c:" + first.keySet().iterator().next();
    float[] before = storedDescriptor(key);

    // a descriptor for a pattern the graph lacks: refused, the stored descriptors stay
    Map<Integer, float[]> foreign = new LinkedHashMap<>(describe(g, PROBES, 4));
    foreign.put(999_999, foreign.values().iterator().next());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> store().writeDescriptors("similar-c", PROBES, foreign));
    assertTrue(e.getMessage().contains("described patterns exist"), e.getMessage());
    assertEquals(before[0], storedDescriptor(key)[0]);

    // the wrong length for the probe set
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> store().writeDescriptors("similar-c", PROBES, Map.of(1, new float[4])));
    assertTrue(e.getMessage().contains("needs 15"), e.getMessage());

    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> store().writeDescriptors("similar-none", PROBES, first));
    assertTrue(e.getMessage().contains("`similar-none` is not in the store"), e.getMessage());

    // described again over another probe set: the old label and index entry go
    ProbeSet other = new ProbeSet("synthetic", List.of("img-1", "img-2", "img-3"));
    store().writeDescriptors("similar-c", other, describe(g, other, 5));
    assertEquals(9, storedDescriptor(key).length);
    assertEquals(
        0,
        count(
            "MATCH (p:Pattern {graph: 'similar-c'}) WHERE p:`DescribedOn_"
                + PROBES.key()
                + "` RETURN count(p) AS n"));

    // bad queries: each names the fix
    assertTrue(
        refused(() -> store().similarPatterns(key, 0, null, false)).contains("k must be 1..1000"));
    assertTrue(
        refused(() -> store().similarPatterns(key, 1001, null, false))
            .contains("k must be 1..1000"));
    assertTrue(
        refused(() -> store().similarPatterns("similar-c:424242", 5, null, false))
            .contains("Unknown pattern `similar-c:424242`"));
    writtenTiny("similar-d", 8);
    String noDescriptors = refused(() -> store().similarPatterns(key, 5, "similar-d", false));
    assertTrue(
        noDescriptors.contains("Graph `similar-d` has no pattern descriptors")
            && noDescriptors.contains("xgraph part describe"),
        noDescriptors);
    store().writeDescriptors("similar-d", PROBES, describe(writtenTiny("similar-d", 8), PROBES, 6));
    String otherProbes = refused(() -> store().similarPatterns(key, 5, "similar-d", false));
    assertTrue(otherProbes.contains("another probe set"), otherProbes);
  }

  private String refused(org.junit.jupiter.api.function.Executable call) {
    return assertThrows(IllegalArgumentException.class, call).getMessage();
  }

  private float[] storedDescriptor(String key) {
    Object v =
        raw()
            .executeTransactionally(
                "MATCH (p:Pattern {key: $k}) RETURN p.descriptor AS d",
                Map.of("k", key),
                r -> r.next().get("d"));
    return (float[]) v;
  }
}
