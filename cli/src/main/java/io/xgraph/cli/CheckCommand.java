package io.xgraph.cli;

import io.xgraph.ingest.store.FeatureStoreCheck;
import io.xgraph.learner.io.GraphCodec;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.StoreCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xgraph check}: consistency of a feature store, a graph file and a store, read-only. Exit 0
 * when everything checked is sound, 1 with the list of problems otherwise.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description =
        "Checks, without changing anything, a feature store (manifest against files and sizes, no"
            + " NaN), a graph file (readable, parent links to the next layer, finite values) and a"
            + " store (schema version, no leftovers of interrupted writes, every model's counts"
            + " equal to its summary, PARENT to the next layer, FIRES_ON to images). Exits 1 with"
            + " the list of problems if any.")
public final class CheckCommand implements Callable<Integer> {

  @Option(names = "--features", paramLabel = "DIR", description = "Feature store to check.")
  Path features;

  @Option(names = "--graph", paramLabel = "FILE", description = "Graph file to check.")
  Path graph;

  @Mixin StoreOptions storeOptions;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    boolean store =
        spec.commandLine().getParseResult().hasMatchedOption("--store") || storeOptions.uri != null;
    if (features == null && graph == null && !store) {
      throw new IllegalArgumentException(
          "Nothing to check: give --features DIR, --graph FILE, --store DIR or --uri URI");
    }
    int problems = 0;
    if (features != null) {
      problems += report("feature store " + features, FeatureStoreCheck.check(features));
    }
    if (graph != null) {
      problems += report("graph file " + graph, checkGraph(graph));
    }
    if (store) {
      List<String> found =
          storeOptions.uri == null
              ? StoreCheck.embedded(storeOptions.store)
              : StoreCheck.remote(storeOptions.remote());
      problems +=
          report(
              "store " + (storeOptions.uri == null ? storeOptions.store : storeOptions.uri), found);
    }
    return problems == 0 ? 0 : Main.EXIT_FAILURE;
  }

  private static int report(String what, List<String> problems) {
    if (problems.isEmpty()) {
      System.out.println(what + ": OK");
    } else {
      System.out.println(what + ": " + problems.size() + " problem(s)");
      problems.forEach(p -> System.out.println("  - " + p));
    }
    return problems.size();
  }

  /**
   * Problems of a graph file: unreadable, parent links not to the next layer, non-finite values.
   */
  static List<String> checkGraph(Path file) {
    List<String> out = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      out.add("Graph file `" + file + "` does not exist; give the --out of `xgraph learn`");
      return out;
    }
    ExplanatoryGraph g;
    try {
      g = GraphCodec.read(file);
    } catch (RuntimeException e) {
      out.add(e.getMessage());
      return out;
    }
    Map<Integer, Pattern> byId = new HashMap<>();
    for (GraphLayer l : g.layers()) {
      l.patterns().forEach(p -> byId.put(p.id(), p));
    }
    int top = g.layers().size() - 1;
    long badLinks = 0;
    long nonFinite = 0;
    String firstBad = null;
    for (int li = 0; li < g.layers().size(); li++) {
      GraphLayer l = g.layers().get(li);
      for (float s : l.negativeSigma()) {
        if (!(s > 0) || !Float.isFinite(s)) {
          nonFinite++;
          break;
        }
      }
      for (Pattern p : l.patterns()) {
        if (p.layer() != li || (li == top && !p.parents().isEmpty())) {
          badLinks++;
          firstBad = firstBad == null ? "pattern " + p.id() + " of layer " + li : firstBad;
        }
        for (ParentLink link : p.parents()) {
          Pattern parent = byId.get(link.parentId());
          if (parent == null || parent.layer() != li + 1) {
            badLinks++;
            firstBad =
                firstBad == null ? "pattern " + p.id() + " -> parent " + link.parentId() : firstBad;
          }
        }
        if (!Double.isFinite(p.muX())
            || !Double.isFinite(p.muY())
            || !Double.isFinite(p.sigma())
            || !Double.isFinite(p.meanScore())) {
          nonFinite++;
        }
      }
    }
    if (badLinks > 0) {
      out.add(
          "Graph file `"
              + file
              + "`: "
              + badLinks
              + " pattern(s) or parent link(s) break the layer order (first: "
              + firstBad
              + "); learn the graph again");
    }
    if (nonFinite > 0) {
      out.add(
          "Graph file `"
              + file
              + "`: "
              + nonFinite
              + " pattern(s) or layer sigma(s) hold NaN, infinite or non-positive values; learn"
              + " the graph again");
    }
    return out;
  }
}
