package io.xgraph.evaluation;

import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.compare.CompareParameters;
import io.xgraph.learner.compare.LayerPositions;
import io.xgraph.learner.compare.ModelComparison;
import io.xgraph.learner.compare.ModelPositions;
import io.xgraph.learner.data.FeatureSource;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.data.Point;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.em.InferenceSearch;
import io.xgraph.learner.eval.Stability;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.GraphLayer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The comparison of two graphs of {@code xgraph compare} as a library: both graphs inferred on the
 * images their feature stores share, then matched by {@link ModelComparison} (co-moving
 * counterparts, stability against the raw filters, part coverage); with the chance control that
 * pairs each image with another one.
 */
public final class GraphComparison {

  private GraphComparison() {}

  /**
   * What a comparison run gives: the outcome (comparison and candidate matches), the number of
   * images both stores hold, and the time of inference and of matching.
   */
  public record Run(
      ModelComparison.Outcome outcome,
      int sharedImages,
      double inferenceWallSeconds,
      double inferenceCpuSeconds,
      double matchingWallSeconds,
      double matchingCpuSeconds) {}

  /**
   * Infers both graphs on the images both stores hold and compares them; {@code permuteB} (null:
   * none) pairs every image of A with another image of B (a seeded derangement): the chance
   * control.
   */
  public static Run run(Side a, Side b, Long permuteB, CompareParameters params) {
    if (a.name.equals(b.name)) {
      throw new IllegalArgumentException(
          "Both graphs are named `"
              + a.name
              + "`: give --name-a/--name-b to tell them apart (e.g. --name-b "
              + b.name
              + "-seed2)");
    }
    long cpu0 = cpuNanos();
    long t0 = System.nanoTime();
    List<Integer> shared = sharedImages(a, b);
    List<Map<Integer, Point>> parts = new ArrayList<>();
    for (int i : shared) {
      parts.add(a.source.images().get(i).parts());
    }
    List<Integer> inB = new ArrayList<>();
    Map<String, Integer> indexB = index(b.source.images());
    for (int i : shared) {
      inB.add(indexB.get(a.source.images().get(i).id()));
    }
    ModelPositions pa = a.infer(shared);
    ModelPositions pb = b.infer(permuteB == null ? inB : deranged(inB, permuteB));
    long t1 = System.nanoTime();
    long cpu1 = cpuNanos();
    double plane = a.source.layers().get(0).inputSize();
    ModelComparison.Outcome outcome =
        ModelComparison.compareWithCandidates(pa, pb, parts, plane, params);
    long t2 = System.nanoTime();
    long cpu2 = cpuNanos();
    return new Run(
        outcome,
        shared.size(),
        (t1 - t0) / 1e9,
        (cpu1 - cpu0) / 1e9,
        (t2 - t1) / 1e9,
        (cpu2 - cpu1) / 1e9);
  }

  private static long cpuNanos() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  /**
   * {@code images} reordered so that no position keeps its image: a seeded shuffle, each entry then
   * replaced by the next one of the shuffled cycle.
   */
  public static List<Integer> deranged(List<Integer> images, long seed) {
    int n = images.size();
    if (n < 2) {
      throw new IllegalArgumentException(
          "--permute-b needs at least 2 shared images, the models share " + n);
    }
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      order.add(k);
    }
    java.util.Collections.shuffle(order, new java.util.Random(seed));
    Integer[] out = new Integer[n];
    for (int k = 0; k < n; k++) {
      out[order.get(k)] = images.get(order.get((k + 1) % n));
    }
    return List.of(out);
  }

  /** One model: its features (maybe shuffled), graph and display name. */
  public static final class Side {
    final FeatureSource source;
    final ExplanatoryGraph graph;

    final String name;
    final InferenceSearch search;

    /** The graph, under its comparison name. */
    public ExplanatoryGraph graph() {
      return graph;
    }

    /** The name the comparison gives this side. */
    public String name() {
      return name;
    }

    private Side(
        FeatureSource source, ExplanatoryGraph graph, String name, InferenceSearch search) {
      this.source = source;
      this.graph = graph;
      this.name = name;
      this.search = search;
    }

    /**
     * The side of {@code graph} learned from {@code store} (both named by their paths in messages),
     * renamed to {@code name} when given, its images shuffled between each other with seed {@code
     * shuffle} when given (the shuffled control), inferred with {@code search} (null: the graph's).
     */
    public static Side of(
        FeatureStore store,
        ExplanatoryGraph graph,
        Path features,
        Path graphFile,
        String name,
        Long shuffle,
        InferenceSearch search) {
      checkLayers(store, graph, features, graphFile);
      String n = name != null ? name : graph.modelName();
      if (!n.equals(graph.modelName())) {
        graph =
            new ExplanatoryGraph(
                n,
                graph.modelSha256(),
                graph.layers(),
                graph.parameters(),
                graph.trainingImageIds());
      }
      FeatureSource source = shuffle == null ? store : new ShuffledFeatures(store, shuffle);
      return new Side(source, graph, n, search);
    }

    /** The graph's inference and the raw filters on the given images of this side's store. */
    ModelPositions infer(List<Integer> images) {
      GraphInference inference =
          search == null
              ? new GraphInference(graph)
              : new GraphInference(graph, q -> q.withInferenceSearch(search));
      InferredPositions positions =
          InferredPositions.collect(
              source, graph, inference, images.stream().mapToInt(i -> i).toArray(), done -> {});
      int k = source.layers().size();
      List<LayerPositions> out = new ArrayList<>();
      List<Stability.LayerDetections> raw = new ArrayList<>();
      for (int l = 0; l < k; l++) {
        GraphLayer gl = graph.layers().get(l);
        int[] ids = gl.patterns().stream().mapToInt(p -> p.id()).toArray();
        out.add(
            new LayerPositions(
                gl.geometry().name(),
                ids,
                positions.graphX()[l],
                positions.graphY()[l],
                positions.graphScore()[l],
                positions.graphFired()[l]));
        raw.add(
            new Stability.LayerDetections(
                positions.rawX()[l], positions.rawY()[l], positions.rawScore()[l]));
      }
      return new ModelPositions(name, out, raw);
    }
  }

  private static void checkLayers(
      FeatureStore store, ExplanatoryGraph graph, Path features, Path graphFile) {
    List<LayerGeometry> layers = store.layers();
    boolean same = layers.size() == graph.layers().size();
    for (int l = 0; same && l < layers.size(); l++) {
      same = layers.get(l).equals(graph.layers().get(l).geometry());
    }
    if (!same) {
      throw new IllegalArgumentException(
          "Graph "
              + graphFile
              + " was not learned from feature store "
              + features
              + " (layers differ): give each graph with the store it was learned from");
    }
  }

  private static Map<String, Integer> index(List<ImageRecord> images) {
    Map<String, Integer> out = new HashMap<>();
    for (int i = 0; i < images.size(); i++) {
      out.put(images.get(i).id(), i);
    }
    return out;
  }

  /** Indices (in A's store) of the images both stores hold, in A's order. */
  private static List<Integer> sharedImages(Side a, Side b) {
    Map<String, Integer> inB = index(b.source.images());
    List<Integer> out = new ArrayList<>();
    List<ImageRecord> imagesA = a.source.images();
    for (int i = 0; i < imagesA.size(); i++) {
      if (inB.containsKey(imagesA.get(i).id())) {
        out.add(i);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "The feature stores of `"
              + a.name
              + "` ("
              + imagesA.size()
              + " images) and `"
              + b.name
              + "` ("
              + b.source.images().size()
              + " images) share no image id: ingest both models on the same dataset");
    }
    return out;
  }
}
