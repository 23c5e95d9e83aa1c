package io.xgraph.cli;

import io.xgraph.evaluation.SimilarityCheck;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.compare.Comparison;
import io.xgraph.learner.io.GraphCodec;
import io.xgraph.learner.meaning.CounterpartRanks;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.GraphStore;
import io.xgraph.store.SimilarPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
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

  @Mixin GraphPairOptions pair = new GraphPairOptions();

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
    ExplanatoryGraph ga = GraphCodec.read(LearnCommand.graphFile(pair.graphA));
    ExplanatoryGraph gb = GraphCodec.read(LearnCommand.graphFile(pair.graphB));
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
      List<SimilarityCheck.Counterpart> pairs = new ArrayList<>();
      List<String[]> keys = new ArrayList<>();
      for (Comparison.Match m : matches) {
        SimilarityCheck.Counterpart pair =
            new SimilarityCheck.Counterpart(
                flipped ? m.patternB() : m.patternA(),
                flipped ? m.patternA() : m.patternB(),
                flipped ? m.layerA() : m.layerB());
        pairs.add(pair);
        keys.add(new String[] {nameA + ":" + pair.patternA(), nameB + ":" + pair.patternB()});
      }
      if (indexOnly) {
        indexCheck(store, keys, nameB, null);
        return 0;
      }
      SimilarityCheck.Result r;
      try (Bars.EvaluationBars bars = new Bars.EvaluationBars()) {
        r =
            SimilarityCheck.run(
                FeatureStore.open(pair.featuresA),
                ga,
                FeatureStore.open(pair.featuresB),
                gb,
                pairs,
                seed,
                placeRadius,
                bars);
      }
      System.out.printf(
          "%d MATCHES of `%s` -> `%s` (%d x %d patterns), %d probe images%n",
          pairs.size(), nameA, nameB, r.patternsA(), r.patternsB(), r.probeImages());
      System.out.printf("exact ranks: %.1f s%n", r.rankSeconds());
      System.out.printf(
          "%-44s %-9s %7s %7s %7s %7s%n",
          "rank of", "variant", "median", "top1", "top10", "top100");
      for (CounterpartRanks.Variant v : CounterpartRanks.Variant.values()) {
        for (SimilarityCheck.Row row : r.rows()) {
          row(row.name(), v, row.ranks()[v.ordinal()]);
        }
      }
      indexCheck(store, keys, nameB, r.rows().get(0).ranks()[0]);
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
}
