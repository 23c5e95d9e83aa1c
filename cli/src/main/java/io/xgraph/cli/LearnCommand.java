package io.xgraph.cli;

import io.xgraph.evaluation.ShuffledFeatures;
import io.xgraph.ingest.KnownModel;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.em.ExplanatoryGraphLearner;
import io.xgraph.learner.em.InferenceScore;
import io.xgraph.learner.em.LearnListener;
import io.xgraph.learner.em.LearnerParameters;
import io.xgraph.learner.em.SigmaEstimate;
import io.xgraph.learner.io.FileCheckpoints;
import io.xgraph.learner.io.GraphCodec;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xgraph learn}: learns the explanatory graph from a feature store into a graph file. */
@Command(
    name = "learn",
    mixinStandardHelpOptions = true,
    description =
        "Learns the explanatory graph (top-down EM, Zhang et al. AAAI 2018) on the training images"
            + " of a feature store and writes it to a graph file. Finished layers are checkpointed;"
            + " re-running the same command resumes at the last finished layer.")
public final class LearnCommand implements Callable<Integer> {

  /** Learning parameters settable from the command line; the rest keep their defaults. */
  static final class ParamOptions {
    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: 1)")
    long seed;

    @Option(
        names = "--iterations",
        defaultValue = "20",
        description = "EM iterations per layer T (default: 20)")
    int iterations;

    @Option(
        names = "--nodes-rho",
        split = ",",
        description =
            "Node density rho, N = ceil(rho S^2) nodes per filter of an S x S map: two numbers"
                + " for the lower and upper half of the layers, or one per layer, lowest first"
                + " (default: the release's for the model: ResNet-50's res3d,res4f,res5c"
                + " 0.05,0.1,0.2, otherwise 0.05,0.1)")
    double[] rho;

    @Option(
        names = "--inference-score",
        defaultValue = "LINEAR",
        description = "LINEAR (release: F*P) or SQUARED (paper: F*P^2) (default: LINEAR)")
    InferenceScore score;

    @Option(
        names = "--sigma-estimate",
        defaultValue = "SOFT",
        description =
            "How the M-step re-estimates a node's deformation: SOFT (the release: rms of every"
                + " candidate offset weighted by G R), ARGMAX (spread of the chosen offsets only) or"
                + " RESPONSE (spread of the strongest responses around the predicted centre)"
                + " (default: SOFT)")
    SigmaEstimate sigmaEstimate;

    @Option(
        names = "--depart",
        split = ",",
        paramLabel = "RULE",
        description =
            "Departures from the authors' release to switch on, replacing the default set:"
                + " OWN_SIGMA_PRIOR, END_POINT_CANDIDATES, FILTER_NOISE, NODE_STEP, BEST_SCORE,"
                + " PARENT_SHIFT_FROM_MU, or none for the release's rules (default: BEST_SCORE;"
                + " docs/learner.md)")
    java.util.List<String> departures;

    @Option(names = "--parent-candidates", description = "Parent candidates kept (default: 600)")
    Integer parentCandidates;

    @Option(
        names = "--parent-top-images",
        description =
            "Score parent candidates on each child's best N images; 0 = all images as in the"
                + " release (default: 30)")
    Integer parentTopImages;

    @Option(
        names = "--parent-reselect",
        description =
            "Re-select parents every N iterations; 1 = every iteration as in the release"
                + " (default: 4)")
    Integer parentReselect;

    @Option(
        names = "--convergence-shift",
        description =
            "Stop a layer early once an iteration moves its nodes by less than this rms distance"
                + " in cells (and sigma too); 0 = all iterations (default: 0)")
    Double convergenceShift;

    /**
     * The parameters, each option checked under its own name first (the record would name its
     * field, e.g. `parentCandidateLimit` for --parent-candidates).
     */
    /** The --depart list: rule names, or the single word none. */
    static java.util.Set<io.xgraph.learner.em.Departure> departures(java.util.List<String> names) {
      java.util.Set<io.xgraph.learner.em.Departure> out =
          java.util.EnumSet.noneOf(io.xgraph.learner.em.Departure.class);
      for (String n : names) {
        String t = n.trim();
        if (t.equalsIgnoreCase("none") && names.size() == 1) {
          return out;
        }
        try {
          out.add(io.xgraph.learner.em.Departure.valueOf(t.toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "Value for `--depart` was `"
                  + t
                  + "`, but must be none or a comma-separated list of "
                  + java.util.Arrays.toString(io.xgraph.learner.em.Departure.values()),
              e);
        }
      }
      return out;
    }

    LearnerParameters build() {
      OptionChecks.atLeast(
          "--iterations", iterations, 1, "EM iterations per layer; the paper uses 20");
      if (parentCandidates != null) {
        OptionChecks.atLeast("--parent-candidates", parentCandidates, 1, "parent candidates kept");
      }
      if (parentTopImages != null) {
        OptionChecks.atLeast(
            "--parent-top-images", parentTopImages, 0, "best images per child; 0 = all images");
      }
      if (parentReselect != null) {
        OptionChecks.atLeast(
            "--parent-reselect", parentReselect, 1, "iterations between parent re-selections");
      }
      if (convergenceShift != null) {
        OptionChecks.atLeast(
            "--convergence-shift", convergenceShift, 0.0, "cells; 0 = run all iterations");
      }
      if (rho != null) {
        for (double r : rho) {
          if (!(r > 0 && r <= 1)) {
            throw new IllegalArgumentException(
                "Value for `--nodes-rho` was `"
                    + java.util.Arrays.toString(rho)
                    + "`, but each must be within (0, 1] (nodes per map cell, e.g. 0.05,0.1)");
          }
        }
      }
      LearnerParameters p =
          LearnerParameters.defaults()
              .withSeed(seed)
              .withIterations(iterations)
              .withInferenceScore(score)
              .withSigmaEstimate(sigmaEstimate);
      if (rho != null) {
        // two numbers are the halves; any other count is one density per layer, which the
        // learner checks against the feature store's layers before learning any
        p =
            rho.length == 2
                ? p.withRho(rho[0], rho[1])
                : p.withLayerRho(java.util.Arrays.stream(rho).boxed().toList());
      }
      if (parentCandidates != null) {
        p = p.withParentCandidateLimit(parentCandidates);
      }
      if (parentTopImages != null) {
        p = p.withParentTopImages(parentTopImages);
      }
      if (parentReselect != null) {
        p = p.withParentReselectInterval(parentReselect);
      }
      if (convergenceShift != null) {
        p = p.withConvergenceShift(convergenceShift);
      }
      if (departures != null) {
        p = p.withDepartures(departures(departures));
      }
      return p;
    }
  }

  @Option(
      names = "--features",
      required = true,
      description = "Feature store (xgraph ingest --out)")
  Path features;

  @Option(
      names = "--out",
      required = true,
      description = "Graph file to write, or a directory (then <dir>/graph.xg)")
  Path out;

  @Option(
      names = "--checkpoints",
      description = "Checkpoint directory (default: <graph file>.checkpoints)")
  Path checkpoints;

  @Option(names = "--threads", description = "Worker threads (default: available processors)")
  Integer threads;

  @Option(
      names = "--shuffle-positions",
      paramLabel = "SEED",
      description =
          "Negative control: learn on maps permuted spatially per image (seeded); see"
              + " docs/compare.md")
  Long shuffleSeed;

  @Mixin ParamOptions params = new ParamOptions();

  /**
   * {@code p} with the release's node densities for the store's layers (ResNet-50's default layers:
   * one per layer; otherwise the lower/upper halves stay).
   */
  static LearnerParameters withModelDensities(LearnerParameters p, FeatureStore store) {
    return p.withLayerRho(KnownModel.nodeDensitiesFor(layerNames(store)));
  }

  /**
   * Learns on {@code source} with checkpoints beside {@code graphFile} (a re-run resumes at the
   * last finished layer), showing a progress bar, and writes the graph file.
   */
  static ExplanatoryGraph learnResuming(
      LearnerParameters p, int threads, io.xgraph.learner.data.FeatureSource source, Path graphFile)
      throws java.io.IOException {
    ExplanatoryGraph graph;
    try (BarListener bar = new BarListener()) {
      graph =
          new ExplanatoryGraphLearner(p, threads)
              .learn(source, bar, new FileCheckpoints(Path.of(graphFile + ".checkpoints")));
    }
    GraphCodec.write(graph, graphFile);
    return graph;
  }

  /** The layer names of a feature store, lowest first. */
  static List<String> layerNames(FeatureStore store) {
    return store.layers().stream().map(io.xgraph.learner.data.LayerGeometry::name).toList();
  }

  @Override
  public Integer call() {
    // Options first: a bad value is refused before the store is opened or a layer learned.
    LearnerParameters parameters = params.build();
    if (threads != null) {
      OptionChecks.atLeast("--threads", threads, 1, "worker threads");
    }
    FeatureStore features0 = FeatureStore.open(features);
    if (params.rho == null) {
      parameters = withModelDensities(parameters, features0);
    }
    io.xgraph.learner.data.FeatureSource store =
        shuffleSeed == null ? features0 : new ShuffledFeatures(features0, shuffleSeed);
    Path file = graphFile(out);
    Path cp = checkpoints != null ? checkpoints : Path.of(file + ".checkpoints");
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    long start = System.nanoTime();
    ExplanatoryGraph graph;
    try (BarListener bar = new BarListener()) {
      graph = new ExplanatoryGraphLearner(parameters, t).learn(store, bar, new FileCheckpoints(cp));
    }
    GraphCodec.write(graph, file);
    System.out.printf(
        "graph %s: %d layers, %d patterns, %d edges, learned on %d training images in %.1f s%n",
        file,
        graph.layers().size(),
        graph.patternCount(),
        graph.edgeCount(),
        graph.trainingImageIds().size(),
        (System.nanoTime() - start) / 1e9);
    return 0;
  }

  static Path graphFile(Path out) {
    if (Files.isDirectory(out) || out.toString().endsWith("/")) {
      return out.resolve("graph.xg");
    }
    return out;
  }

  /** One progress bar per layer, stepping per EM iteration. */
  static final class BarListener implements LearnListener, AutoCloseable {
    private ProgressBar bar;

    @Override
    public void layerStarted(int layer, String name, int nodes, int iterations, boolean resumed) {
      close();
      bar =
          new ProgressBarBuilder()
              .setTaskName(
                  "layer "
                      + layer
                      + " "
                      + name
                      + " ("
                      + nodes
                      + " nodes"
                      + (resumed ? ", resumed)" : ")"))
              .setInitialMax(resumed ? 1 : iterations)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(500)
              .build();
      if (resumed) {
        bar.stepTo(1);
      }
    }

    @Override
    public void iterationFinished(int layer, int iteration) {
      if (bar != null) {
        bar.stepTo(iteration);
      }
    }

    @Override
    public void layerConverged(int layer, int iterations) {
      if (bar != null) {
        bar.setExtraMessage("converged after " + iterations + " iterations");
        bar.maxHint(iterations);
      }
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }
  }
}
