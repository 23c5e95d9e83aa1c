package io.xgraph.evaluation;

import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.meaning.CounterpartRanks;
import io.xgraph.learner.meaning.PatternDescriptor;
import io.xgraph.learner.meaning.ProbeSet;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Pattern;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Checks the pattern descriptors against two graphs' counterparts ({@code xgraph part
 * similar-check}; docs/similar.md): for every counterpart pair (a, b), the rank of b among B's
 * patterns by descriptor similarity to a, for the whole descriptor and each block, next to its
 * controls (a random pattern of b's layer, B described on deranged probe images) and narrower
 * candidate sets (b's layer, a's place, without b's filter twins).
 */
public final class SimilarityCheck {

  private SimilarityCheck() {}

  /** A counterpart pair: pattern ids of A and B, and the layer of B's pattern. */
  public record Counterpart(int patternA, int patternB, int layerB) {}

  /**
   * One row of ranks.
   *
   * @param name what is ranked among what
   * @param ranks per {@link CounterpartRanks.Variant} (by ordinal), the rank of each pair
   */
  public record Row(String name, int[][] ranks) {}

  /**
   * What the check measured.
   *
   * @param probeImages images both stores hold, the descriptors' probes
   * @param rankSeconds wall time of the exact rankings
   * @param rows the counterpart's ranks first, then the reverse query, the controls and the
   *     narrower candidate sets
   */
  public record Result(
      int probeImages, int patternsA, int patternsB, double rankSeconds, List<Row> rows) {}

  /**
   * Infers both graphs on the images both stores hold, describes every pattern, and ranks the
   * counterparts.
   *
   * @param seed seed of the random-pattern and deranged-probe controls
   * @param placeRadius radius (px) of the same-place candidates around a's prior position
   * @param progress hears "infer A" and "infer B", probe images inferred
   */
  public static Result run(
      FeatureStore fa,
      ExplanatoryGraph ga,
      FeatureStore fb,
      ExplanatoryGraph gb,
      List<Counterpart> counterparts,
      long seed,
      double placeRadius,
      Progress progress) {
    Set<String> shared = new HashSet<>();
    fa.images().forEach(r -> shared.add(r.id()));
    Set<String> inB = new HashSet<>();
    fb.images().forEach(r -> inB.add(r.id()));
    shared.retainAll(inB);
    int[] pa = PatternDescriptors.probeImages(fa, PatternDescriptors.Probes.ALL, shared);
    int[] pb = PatternDescriptors.probeImages(fb, PatternDescriptors.Probes.ALL, shared);
    int n = pa.length;
    ProbeSet probes = PatternDescriptors.probeSet(fa, pa);
    InferredPositions ia = infer(fa, ga, pa, "infer A", progress);
    InferredPositions ib = infer(fb, gb, pb, "infer B", progress);
    Blocks a = blocks(ga, ia, probes, null);
    Blocks b = blocks(gb, ib, probes, null);
    Blocks bDeranged = blocks(gb, ib, probes, derangement(n, seed));

    // queries: A side of every match; targets: the B side, and a random pattern of its layer
    List<int[]> pairs = new ArrayList<>();
    for (Counterpart c : counterparts) {
      pairs.add(new int[] {a.row.get(c.patternA()), b.row.get(c.patternB()), c.layerB()});
    }
    Random random = new Random(seed);
    float[][] queries = new float[pairs.size()][];
    int[] target = new int[pairs.size()];
    int[] randomTarget = new int[pairs.size()];
    for (int q = 0; q < pairs.size(); q++) {
      queries[q] = a.desc[pairs.get(q)[0]];
      target[q] = pairs.get(q)[1];
      int[] layerRows = b.layerRows.get(pairs.get(q)[2]);
      randomTarget[q] = layerRows[random.nextInt(layerRows.length)];
    }
    long t0 = System.nanoTime();
    int[][] real = CounterpartRanks.ranks(queries, b.desc, target, n);
    int[][] rnd = CounterpartRanks.ranks(queries, b.desc, randomTarget, n);
    int[][] der = CounterpartRanks.ranks(queries, bDeranged.desc, target, n);
    float[][] backQueries = new float[pairs.size()][];
    int[] backTarget = new int[pairs.size()];
    for (int q = 0; q < pairs.size(); q++) {
      backQueries[q] = b.desc[pairs.get(q)[1]];
      backTarget[q] = pairs.get(q)[0];
    }
    int[][] back = CounterpartRanks.ranks(backQueries, a.desc, backTarget, n);
    // among b's layer only, and among B without the other patterns of b's filter in b's layer
    int[][] layerOfB = filterOf(gb);
    int[][] sameLayer =
        CounterpartRanks.ranks(
            queries, b.desc, target, n, (q, cand) -> layerOfB[cand][0] == layerOfB[target[q]][0]);
    int[][] otherFilters =
        CounterpartRanks.ranks(
            queries,
            b.desc,
            target,
            n,
            (q, cand) ->
                cand == target[q]
                    || layerOfB[cand][0] != layerOfB[target[q]][0]
                    || layerOfB[cand][1] != layerOfB[target[q]][1]);
    // the same ranking among B's patterns whose prior position is near a's only
    double[][] muA = priors(ga);
    double[][] muB = priors(gb);
    double r2 = placeRadius * placeRadius;
    int[][] place =
        CounterpartRanks.ranks(
            queries,
            b.desc,
            target,
            n,
            (q, cand) -> {
              double[] pa0 = muA[pairs.get(q)[0]];
              double[] pb0 = muB[cand];
              double dx = pa0[0] - pb0[0];
              double dy = pa0[1] - pb0[1];
              return dx * dx + dy * dy <= r2;
            });
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Result(
        n,
        a.desc.length,
        b.desc.length,
        seconds,
        List.of(
            new Row("counterpart b among B, query a", real),
            new Row("counterpart a among A, query b", back),
            new Row("control: random pattern of b's layer", rnd),
            new Row("control: b, B on deranged probe images", der),
            new Row("counterpart b among B's at a's place", place),
            new Row("counterpart b among b's layer", sameLayer),
            new Row("counterpart b, b's filter twins left out", otherFilters)));
  }

  /** Block descriptors of one graph: rows in graph order, with ids and per-layer rows. */
  private record Blocks(
      float[][] desc, int[] ids, Map<Integer, Integer> row, List<int[]> layerRows) {}

  private static InferredPositions infer(
      FeatureStore features, ExplanatoryGraph graph, int[] probes, String task, Progress progress) {
    return InferredPositions.collect(
        features,
        graph,
        new GraphInference(graph),
        probes,
        done -> progress.step(task, done, probes.length));
  }

  /** Block descriptors from positions; {@code order} reads probe i from column order[i]. */
  private static Blocks blocks(
      ExplanatoryGraph graph, InferredPositions p, ProbeSet ps, int[] order) {
    List<Map<Integer, float[]>> m =
        PatternDescriptors.of(ps, graph, p, PatternDescriptor.Blocks.MOVEMENT, order, 0).byLayer();
    List<Map<Integer, float[]>> r =
        PatternDescriptors.of(ps, graph, p, PatternDescriptor.Blocks.RESPONSE, order, 0).byLayer();
    int total = graph.layers().stream().mapToInt(l -> l.patterns().size()).sum();
    float[][] desc = new float[total][];
    int[] ids = new int[total];
    Map<Integer, Integer> row = new HashMap<>();
    List<int[]> layerRows = new ArrayList<>();
    int k = 0;
    for (int l = 0; l < graph.layers().size(); l++) {
      int first = k;
      for (Pattern pat : graph.layers().get(l).patterns()) {
        float[] mv = m.get(l).get(pat.id());
        float[] rs = r.get(l).get(pat.id());
        float[] both = new float[mv.length];
        for (int i = 0; i < both.length; i++) {
          both[i] = mv[i] + rs[i];
        }
        desc[k] = both;
        ids[k] = pat.id();
        row.put(pat.id(), k);
        k++;
      }
      layerRows.add(IntStream.range(first, k).toArray());
    }
    return new Blocks(desc, ids, row, layerRows);
  }

  /** (layer, channel) of the graph's patterns, in graph order. */
  private static int[][] filterOf(ExplanatoryGraph g) {
    return g.layers().stream()
        .flatMap(l -> l.patterns().stream())
        .map(p -> new int[] {p.layer(), p.channel()})
        .toArray(int[][]::new);
  }

  /** Prior positions (muX, muY) of the graph's patterns, in graph order. */
  private static double[][] priors(ExplanatoryGraph g) {
    return g.layers().stream()
        .flatMap(l -> l.patterns().stream())
        .map(p -> new double[] {p.muX(), p.muY()})
        .toArray(double[][]::new);
  }

  /** A seeded permutation of 0..n-1 that moves every index (as compare's --permute-b). */
  private static int[] derangement(int n, long seed) {
    List<Integer> idx = IntStream.range(0, n).boxed().toList();
    List<Integer> d = GraphComparison.deranged(idx, seed);
    return d.stream().mapToInt(Integer::intValue).toArray();
  }
}
