package io.xgraph.evaluation;

import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.meaning.PatternDescriptor;
import io.xgraph.learner.meaning.ProbeSet;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Pattern;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A graph's pattern descriptors over a probe set of a feature store's images: the graph is inferred
 * on the probe images (as eval, compare and part labels infer it) and each pattern's positions,
 * scores and firings become its descriptor ({@link PatternDescriptor}).
 *
 * @param probes the probe set
 * @param byLayer per layer, pattern id to descriptor, in the graph's order
 * @param inferCpuNanos process CPU time of the graph inference
 * @param describeNanos wall time of turning the positions into descriptors
 */
public record PatternDescriptors(
    ProbeSet probes, List<Map<Integer, float[]>> byLayer, long inferCpuNanos, long describeNanos) {

  /** Probe images: all the store's images, or its test split. */
  public enum Probes {
    ALL,
    TEST
  }

  /**
   * The probe images of {@code features}: those of the chosen split, restricted to {@code only}
   * (ids; null: no restriction), in id order so that every CNN's descriptor lists them alike.
   *
   * @return indices into the store's image list
   */
  public static int[] probeImages(FeatureStore features, Probes which, Set<String> only) {
    List<ImageRecord> images = features.images();
    int[] chosen =
        IntStream.range(0, images.size())
            .filter(i -> which == Probes.ALL || "test".equals(images.get(i).split()))
            .filter(i -> only == null || only.contains(images.get(i).id()))
            .boxed()
            .sorted(Comparator.comparing(i -> images.get(i).id()))
            .mapToInt(Integer::intValue)
            .toArray();
    if (chosen.length < 2) {
      throw new IllegalArgumentException(
          "The feature store has "
              + chosen.length
              + " probe images ("
              + which.name().toLowerCase(java.util.Locale.ROOT)
              + "): descriptors need at least 2; use --probes all, or ingest with --split all");
    }
    return chosen;
  }

  /** The probe set of the images at {@code indices}. */
  public static ProbeSet probeSet(FeatureStore features, int[] indices) {
    List<ImageRecord> images = features.images();
    List<String> ids = IntStream.of(indices).mapToObj(i -> images.get(i).id()).toList();
    String kind = features.manifest("dataset.kind");
    return new ProbeSet(kind == null ? "unknown" : kind, ids);
  }

  /** Infers {@code graph} on the probe images and describes every pattern. */
  public static PatternDescriptors compute(
      FeatureStore features,
      ExplanatoryGraph graph,
      int[] probeIndices,
      PatternDescriptor.Blocks blocks,
      int[] order,
      Progress progress) {
    InferredPositions p =
        InferredPositions.collect(
            features,
            graph,
            new GraphInference(graph),
            probeIndices,
            done -> progress.step("describe", done, probeIndices.length));
    return of(probeSet(features, probeIndices), graph, p, blocks, order, p.inferCpuNanos());
  }

  /**
   * Descriptors from positions already inferred; {@code order} (null: as inferred) reads probe
   * {@code i} from column {@code order[i]} (the deranged control of the similarity check).
   */
  public static PatternDescriptors of(
      ProbeSet probes,
      ExplanatoryGraph graph,
      InferredPositions p,
      PatternDescriptor.Blocks blocks,
      int[] order,
      long inferCpuNanos) {
    long t0 = System.nanoTime();
    List<Map<Integer, float[]>> byLayer = new ArrayList<>();
    for (int l = 0; l < graph.layers().size(); l++) {
      List<Pattern> patterns = graph.layers().get(l).patterns();
      float[][] d = new float[patterns.size()][];
      int layer = l;
      IntStream.range(0, patterns.size())
          .parallel()
          .forEach(
              v ->
                  d[v] =
                      PatternDescriptor.of(
                          reorder(p.graphX()[layer][v], order),
                          reorder(p.graphY()[layer][v], order),
                          reorder(p.graphScore()[layer][v], order),
                          reorder(p.graphFired()[layer][v], order),
                          blocks));
      Map<Integer, float[]> m = new LinkedHashMap<>();
      for (int v = 0; v < patterns.size(); v++) {
        m.put(patterns.get(v).id(), d[v]);
      }
      byLayer.add(m);
    }
    return new PatternDescriptors(probes, byLayer, inferCpuNanos, System.nanoTime() - t0);
  }

  /** All descriptors, pattern id to descriptor. */
  public Map<Integer, float[]> all() {
    Map<Integer, float[]> m = new LinkedHashMap<>();
    byLayer.forEach(m::putAll);
    return m;
  }

  private static float[] reorder(float[] a, int[] order) {
    if (order == null) {
      return a;
    }
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[order[i]];
    }
    return out;
  }

  private static boolean[] reorder(boolean[] a, int[] order) {
    if (order == null) {
      return a;
    }
    boolean[] out = new boolean[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[order[i]];
    }
    return out;
  }
}
