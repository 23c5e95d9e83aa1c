package io.xgraph.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.meaning.PatternDescriptor;
import io.xgraph.learner.model.Pattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link PatternDescriptors} on the reduced real run: probe images are chosen by split and id, the
 * descriptors follow the graph's patterns, reading the columns in another order is describing the
 * images in that order, and the progress of the inference is heard image by image.
 */
class PatternDescriptorsTest {

  static SmallRealRun run;
  static FeatureStore store;

  @BeforeAll
  static void openTheRun() {
    run = SmallRealRun.shared();
    store = run.features;
  }

  @Test
  void probeImagesAreThoseOfTheSplitInIdOrder() {
    List<ImageRecord> images = store.images();
    int[] test = PatternDescriptors.probeImages(store, PatternDescriptors.Probes.TEST, null);
    List<String> testIds =
        images.stream()
            .filter(r -> "test".equals(r.split()))
            .map(ImageRecord::id)
            .sorted()
            .toList();
    assertEquals(testIds, idsAt(test));
    int[] all = PatternDescriptors.probeImages(store, PatternDescriptors.Probes.ALL, null);
    assertEquals(images.stream().map(ImageRecord::id).sorted().toList(), idsAt(all));
    Set<String> only = Set.of(images.get(3).id(), images.get(8).id(), images.get(10).id());
    int[] chosen = PatternDescriptors.probeImages(store, PatternDescriptors.Probes.ALL, only);
    assertEquals(only.stream().sorted().toList(), idsAt(chosen));
  }

  @Test
  void fewerThanTwoProbeImagesAreRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PatternDescriptors.probeImages(
                    store, PatternDescriptors.Probes.ALL, Set.of(store.images().get(0).id())));
    assertTrue(e.getMessage().contains("1 probe images (all)"), e.getMessage());
  }

  @Test
  void computeDescribesEveryPatternAndReportsEachImage() {
    int[] probes = PatternDescriptors.probeImages(store, PatternDescriptors.Probes.ALL, null);
    List<String> heard = new ArrayList<>();
    PatternDescriptors d =
        PatternDescriptors.compute(
            store,
            run.graph,
            probes,
            PatternDescriptor.Blocks.BOTH,
            null,
            (task, done, total) -> heard.add(task + " " + done + "/" + total));
    List<String> expected =
        IntStream.rangeClosed(1, probes.length)
            .mapToObj(i -> "describe " + i + "/" + probes.length)
            .toList();
    assertEquals(expected, heard);
    List<Integer> patternIds =
        run.graph.layers().get(0).patterns().stream().map(Pattern::id).toList();
    assertEquals(patternIds, new ArrayList<>(d.byLayer().get(0).keySet()));
    assertEquals(d.byLayer().get(0), d.all());
    assertEquals(idsAt(probes), d.probes().imageIds());
    for (float[] v : d.all().values()) {
      assertEquals(PatternDescriptor.dimensions(probes.length), v.length);
    }
  }

  /** The deranged control reads probe i from column order[i]: as if image order[i] were probed. */
  @Test
  void anOrderReadsEachProbeFromItsColumn() {
    int[] probes = PatternDescriptors.probeImages(store, PatternDescriptors.Probes.ALL, null);
    int n = probes.length;
    int[] order = IntStream.range(0, n).map(i -> (i + 5) % n).toArray();
    InferredPositions p =
        InferredPositions.collect(
            store, run.graph, new GraphInference(run.graph), probes, done -> {});
    Map<Integer, float[]> reordered = described(probes, p, order);
    int[] moved = IntStream.of(order).map(i -> probes[i]).toArray();
    Map<Integer, float[]> direct =
        PatternDescriptors.compute(
                store, run.graph, moved, PatternDescriptor.Blocks.BOTH, null, Progress.NONE)
            .all();
    Map<Integer, float[]> asProbed = described(probes, p, null);
    assertEquals(direct.keySet(), reordered.keySet());
    int differing = 0;
    for (Map.Entry<Integer, float[]> e : direct.entrySet()) {
      assertArrayEquals(e.getValue(), reordered.get(e.getKey()), 1e-5f, "pattern " + e.getKey());
      if (!Arrays.equals(asProbed.get(e.getKey()), reordered.get(e.getKey()))) {
        differing++;
      }
    }
    assertTrue(differing > 0, "the order changes the descriptors");
    assertFalse(reordered.isEmpty());
  }

  /** Descriptors from positions inferred on {@code probes}, columns read in {@code order}. */
  private static Map<Integer, float[]> described(int[] probes, InferredPositions p, int[] order) {
    return PatternDescriptors.of(
            PatternDescriptors.probeSet(store, probes),
            run.graph,
            p,
            PatternDescriptor.Blocks.BOTH,
            order,
            0)
        .all();
  }

  private static List<String> idsAt(int[] indices) {
    return IntStream.of(indices).mapToObj(i -> store.images().get(i).id()).toList();
  }
}
