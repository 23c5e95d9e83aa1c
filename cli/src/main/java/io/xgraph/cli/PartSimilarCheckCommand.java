package io.xgraph.cli;

import io.xgraph.evaluation.GraphComparison;
import io.xgraph.evaluation.InferredPositions;
import io.xgraph.evaluation.PatternDescriptors;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.compare.Comparison;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.io.GraphCodec;
import io.xgraph.learner.meaning.CounterpartRanks;
import io.xgraph.learner.meaning.PatternDescriptor;
import io.xgraph.learner.meaning.ProbeSet;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.GraphStore;
import io.xgraph.store.SimilarPattern;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xgraph part similar-check}: do the counterparts that {@code xgraph compare} stored rank
 * near the top of the descriptor similarity? Exact ranks of every stored MATCHES pair for the
 * descriptor and each block alone, against controls, and the ranks the vector index returns.
 */
@Command(
    name = "similar-check",
    mixinStandardHelpOptions = true,
    description =
        "Checks the pattern descriptors against a stored comparison: for every MATCHES pair (a, b)"
            + " the rank of b among all patterns of B by similarity to a (exact), for the"
            + " descriptor and each of its blocks, against a random pattern of b's layer and"
            + " against B described on deranged probe images; then the ranks xg.pattern.similar"
            + " (the vector index) gives, when both graphs' descriptors are stored.")
public final class PartSimilarCheckCommand implements Callable<Integer> {

  @Option(names = "--features-a", required = true, description = "Feature store of model A")
  Path featuresA;

  @Option(names = "--graph-a", required = true, description = "Graph file of model A")
  Path graphA;

  @Option(names = "--features-b", required = true, description = "Feature store of model B")
  Path featuresB;

  @Option(names = "--graph-b", required = true, description = "Graph file of model B")
  Path graphB;

  @Mixin StoreOptions storeOptions = new StoreOptions();

  @Option(
      names = "--seed",
      description = "Seed of the controls (default: ${DEFAULT-VALUE})",
      defaultValue = "7")
  long seed;

  @Option(
      names = "--index-k",
      description = "k asked of the vector index per pair (default: ${DEFAULT-VALUE})",
      defaultValue = "100")
  int indexK;

  @Option(
      names = "--index-only",
      description =
          "Only the vector index check (no inference, no exact ranks): the ranks"
              + " xg.pattern.similar gives the stored counterparts")
  boolean indexOnly;

  @Option(
      names = "--sample",
      description = "Check this many MATCHES pairs, drawn with --seed (default: all)")
  Integer sample;

  @Option(
      names = "--place-radius",
      description =
          "Radius (px) of the same-place rows: B's patterns whose prior position lies this close"
              + " to a's (default: ${DEFAULT-VALUE}, compare's distance cap)",
      defaultValue = "32")
  double placeRadius;

  @Override
  public Integer call() {
    ExplanatoryGraph ga = GraphCodec.read(LearnCommand.graphFile(graphA));
    ExplanatoryGraph gb = GraphCodec.read(LearnCommand.graphFile(graphB));
    String nameA = ga.modelName();
    String nameB = gb.modelName();
    try (GraphStore store = storeOptions.openExisting()) {
      Comparison c =
          store
              .comparison(nameA, nameB)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "No stored comparison of `"
                              + nameA
                              + "` and `"
                              + nameB
                              + "`: run xgraph compare ... --store first"));
      boolean flipped = !c.modelA().equals(nameA);
      List<Comparison.Match> matches = new ArrayList<>(c.matches());
      if (sample != null && sample < matches.size()) {
        java.util.Collections.shuffle(matches, new Random(seed));
        matches = matches.subList(0, sample);
      }
      List<String[]> keys = new ArrayList<>();
      for (Comparison.Match m : matches) {
        int idA = flipped ? m.patternB() : m.patternA();
        int idB = flipped ? m.patternA() : m.patternB();
        keys.add(new String[] {nameA + ":" + idA, nameB + ":" + idB});
      }
      if (indexOnly) {
        indexCheck(store, keys, nameB, null);
        return 0;
      }
      FeatureStore fa = FeatureStore.open(featuresA);
      FeatureStore fb = FeatureStore.open(featuresB);
      Set<String> shared = new HashSet<>();
      fa.images().forEach(r -> shared.add(r.id()));
      Set<String> inB = new HashSet<>();
      fb.images().forEach(r -> inB.add(r.id()));
      shared.retainAll(inB);
      int[] pa = PatternDescriptors.probeImages(fa, PatternDescriptors.Probes.ALL, shared);
      int[] pb = PatternDescriptors.probeImages(fb, PatternDescriptors.Probes.ALL, shared);
      int n = pa.length;
      ProbeSet probes = PatternDescriptors.probeSet(fa, pa);
      InferredPositions ia = infer(fa, ga, pa);
      InferredPositions ib = infer(fb, gb, pb);
      Blocks a = blocks(ga, ia, probes, null);
      Blocks b = blocks(gb, ib, probes, null);
      Blocks bDeranged = blocks(gb, ib, probes, derangement(n, seed));

      // queries: A side of every match; targets: the B side, and a random pattern of its layer
      List<int[]> pairs = new ArrayList<>();
      for (Comparison.Match m : matches) {
        int idA = flipped ? m.patternB() : m.patternA();
        int idB = flipped ? m.patternA() : m.patternB();
        pairs.add(new int[] {a.row.get(idA), b.row.get(idB), flipped ? m.layerA() : m.layerB()});
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
      System.out.printf(
          "%d MATCHES of `%s` -> `%s` (%d x %d patterns), %d probe images%n",
          pairs.size(), nameA, nameB, a.desc.length, b.desc.length, n);
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
      System.out.printf("exact ranks: %.1f s%n", (System.nanoTime() - t0) / 1e9);
      System.out.printf(
          "%-44s %-9s %7s %7s %7s %7s%n",
          "rank of", "variant", "median", "top1", "top10", "top100");
      for (CounterpartRanks.Variant v : CounterpartRanks.Variant.values()) {
        int k = v.ordinal();
        row("counterpart b among B, query a", v, real[k]);
        row("counterpart a among A, query b", v, back[k]);
        row("control: random pattern of b's layer", v, rnd[k]);
        row("control: b, B on deranged probe images", v, der[k]);
        row("counterpart b among B's at a's place", v, place[k]);
        row("counterpart b among b's layer", v, sameLayer[k]);
        row("counterpart b, b's filter twins left out", v, otherFilters[k]);
      }
      indexCheck(store, keys, nameB, real[0]);
    }
    return 0;
  }

  /** Ranks of the counterparts by xg.pattern.similar; {@code exact} (or null) to compare. */
  private void indexCheck(GraphStore store, List<String[]> keys, String nameB, int[] exact) {
    long t0 = System.nanoTime();
    int[] ranks = new int[keys.size()];
    int agree = 0;
    try {
      for (int q = 0; q < keys.size(); q++) {
        String keyA = keys.get(q)[0];
        String keyB = keys.get(q)[1];
        List<SimilarPattern> hits = store.similarPatterns(keyA, indexK, nameB, false);
        ranks[q] = Integer.MAX_VALUE;
        for (SimilarPattern h : hits) {
          if (h.key().equals(keyB)) {
            ranks[q] = h.rank();
          }
        }
        if (exact != null && (ranks[q] == exact[q] || (ranks[q] > indexK && exact[q] > indexK))) {
          agree++;
        }
      }
    } catch (IllegalArgumentException e) {
      System.out.println("vector index not checked: " + e.getMessage());
      return;
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    CounterpartRanks.Summary s = CounterpartRanks.summarize(ranks);
    System.out.printf(
        "vector index (xg.pattern.similar, k=%d, graph `%s`): top1 %.3f top10 %.3f top%d %.3f;"
            + " %d queries in %.1f s (%.1f ms each)%n",
        indexK,
        nameB,
        s.top1(),
        s.top10(),
        indexK,
        s.top100(),
        keys.size(),
        secs,
        1000 * secs / keys.size());
    if (exact != null) {
      System.out.printf(
          "the same rank as the exact ranking (or both beyond k) for %d of %d pairs%n",
          agree, keys.size());
    }
  }

  private static void row(String what, CounterpartRanks.Variant v, int[] ranks) {
    CounterpartRanks.Summary s = CounterpartRanks.summarize(ranks);
    System.out.printf(
        "%-44s %-9s %7.0f %7.3f %7.3f %7.3f%n",
        what,
        v.name().toLowerCase(java.util.Locale.ROOT),
        s.median(),
        s.top1(),
        s.top10(),
        s.top100());
  }

  /** Block descriptors of one graph: rows in graph order, with ids and per-layer rows. */
  private record Blocks(
      float[][] desc, int[] ids, Map<Integer, Integer> row, List<int[]> layerRows) {}

  private static InferredPositions infer(
      FeatureStore features, ExplanatoryGraph graph, int[] probes) {
    try (me.tongfei.progressbar.ProgressBar bar = Bars.open("infer", probes.length)) {
      return InferredPositions.collect(
          features, graph, new GraphInference(graph), probes, bar::stepTo);
    }
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
  static int[] derangement(int n, long seed) {
    List<Integer> idx = IntStream.range(0, n).boxed().toList();
    List<Integer> d = GraphComparison.deranged(idx, seed);
    return d.stream().mapToInt(Integer::intValue).toArray();
  }
}
