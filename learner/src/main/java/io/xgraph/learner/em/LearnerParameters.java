package io.xgraph.learner.em;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every constant of explanatory-graph learning and inference (docs/algorithm.md), with the defaults
 * of the paper and of the authors' release. Change one with the {@code with...} methods, e.g.
 * {@code LearnerParameters.defaults().withIterations(5).withSeed(7)}.
 *
 * @param seed seed of all randomness (initial node positions); same seed, same graph
 * @param iterations T, EM iterations per layer [paper: 20]
 * @param rhoLower node density rho of the lower half of the layers: N = ceil(rho * S^2) nodes per
 *     filter of an S x S map [release: 0.05]
 * @param rhoUpper node density of the upper half of the layers [release: 0.1]
 * @param layerRho node density per layer, lowest first; when not empty it replaces rhoLower and
 *     rhoUpper and must name every layer [release: VGG-16 0.05, 0.05, 0.1, 0.1 (the halves);
 *     ResNet-50 0.05, 0.1, 0.2 for maps of 28, 14 and 7 cells, i.e. 40, 20 and 10 nodes per filter]
 * @param parentCount M, parents per node [paper: 15]
 * @param tau weight of the noise component V_none [paper: 0.1]
 * @param beta F(x) = beta * max(f, 0) [paper: 1]
 * @param initialSigmaFraction initial deformation sigma_V as a fraction of S, cells, and the fixed
 *     width of the prior G of nodes without parents (init_delta) [release: 0.15]
 * @param sigmaFloorDivisor sigma_V is clamped to [sigma_max / this, sigma_max], sigma_max = 1 /
 *     sqrt(rho) cells [release: 10]
 * @param candidateGrid side of the grid of candidate offsets evaluated per node and image [release:
 *     6, i.e. 36 candidates]
 * @param searchRangeFraction the candidate half-range is round(min(this * S, searchRangeSigmas *
 *     sigma_V)) cells, at least 1 [release: 0.15]
 * @param searchRangeSigmas see searchRangeFraction [release: 3]
 * @param smoothingFraction sigma of the Gaussian kernel that smooths F before sampling, fraction of
 *     S [release: 0.025]
 * @param eta M-step learning rate [release: 1]
 * @param sigmaMinDecayExponent the M-step step is scaled by (sigma_min / sigma~)^2 with sigma_min =
 *     sigma~ / t^this at iteration t [release: 0.25]
 * @param parentBorderFraction parent candidates whose mean position lies within this * S cells of
 *     the map border are dropped [release: 0.1]
 * @param parentVarianceDropFraction fraction of parent candidates with the least position variance
 *     that is dropped [release: 0.5]
 * @param parentCandidateLimit parent candidates kept, ranked by total score [release: 600]
 * @param parentImageCutoff images where the child's score is below this fraction of its maximum are
 *     skipped when scoring parents (their weight is negligible) [choice: 1e-3]
 * @param parentTopImages parents are scored on each child's this many best-scoring images only; the
 *     score sum_I s_V^I exp(...) is dominated by the images where the child fires; 0 = all images
 *     [release: all; choice: 30, measured in docs/learner.md]
 * @param parentReselectInterval parents are re-selected at iteration 2 and then every this many
 *     iterations (kept in between) [release: 1, every iteration; choice: 4, see docs/learner.md]
 * @param topImageCount images kept per pattern as its top images [release: 20]
 * @param inferenceScore how a candidate unit is scored when a position is inferred (paper: squared,
 *     release: linear)
 * @param firingRatio a pattern fires on an image when its score is at least this times its mean
 *     score over the training images [choice: 0.5]
 * @param inferenceSearch which units a node's position is searched among by {@link GraphInference}:
 *     the release's candidate window around the prior centre, or the paper's whole map scored by
 *     the prior (see {@link InferenceSearch}) [release: WINDOW; default: MAP, the best measured on
 *     held-out birds, docs/learner.md "Release-faithful EM"]. Learning itself (E-step and the
 *     positions handed to the next layer down) always uses the release's window and best candidate.
 * @param sigmaEstimate how the M-step re-estimates sigma_V (see {@link SigmaEstimate}) [release:
 *     SOFT]
 * @param inferencePosition which point of the scored candidates is a node's inferred position (see
 *     {@link InferencePosition}) [paper and release: ARGMAX; default: POSTERIOR_MEAN, measured with
 *     MAP as the best on held-out birds]
 * @param departures departures from the release that are switched on (see {@link Departure}); empty
 *     by default: the learner follows the release
 * @param convergenceShift early stop: a layer stops iterating once an iteration moved its nodes'
 *     centres mu_V by less than this root-mean-square distance (cells) and changed their sigma_V by
 *     less than it too, after at least {@link #MIN_ITERATIONS_BEFORE_STOP} iterations; 0 runs all T
 *     iterations [release: 0; choice: 0, docs/learner.md "Speed of learning"]
 */
public record LearnerParameters(
    long seed,
    int iterations,
    double rhoLower,
    double rhoUpper,
    List<Double> layerRho,
    int parentCount,
    double tau,
    double beta,
    double initialSigmaFraction,
    double sigmaFloorDivisor,
    int candidateGrid,
    double searchRangeFraction,
    double searchRangeSigmas,
    double smoothingFraction,
    double eta,
    double sigmaMinDecayExponent,
    double parentBorderFraction,
    double parentVarianceDropFraction,
    int parentCandidateLimit,
    double parentImageCutoff,
    int parentTopImages,
    int parentReselectInterval,
    int topImageCount,
    InferenceScore inferenceScore,
    double firingRatio,
    InferenceSearch inferenceSearch,
    SigmaEstimate sigmaEstimate,
    InferencePosition inferencePosition,
    Set<Departure> departures,
    double convergenceShift) {

  public LearnerParameters {
    positive("iterations", iterations);
    positive("rhoLower", rhoLower);
    positive("rhoUpper", rhoUpper);
    if (rhoLower > 1 || rhoUpper > 1) {
      throw new IllegalArgumentException(
          "Value for `rhoLower`/`rhoUpper` was `"
              + rhoLower
              + "`/`"
              + rhoUpper
              + "`, but must be within (0, 1] (nodes per map cell)");
    }
    if (layerRho == null) {
      throw new IllegalArgumentException(
          "Value for `layerRho` was null: use an empty list for the rhoLower/rhoUpper halves");
    }
    layerRho = List.copyOf(layerRho);
    for (double r : layerRho) {
      if (!(r > 0 && r <= 1)) {
        throw new IllegalArgumentException(
            "Value for `layerRho` was `"
                + layerRho
                + "`, but every density must be within (0, 1] (nodes per map cell)");
      }
    }
    positive("parentCount", parentCount);
    if (!(tau >= 0)) {
      throw new IllegalArgumentException("Value for `tau` was `" + tau + "`, but must be >= 0");
    }
    positive("beta", beta);
    positive("initialSigmaFraction", initialSigmaFraction);
    if (!(sigmaFloorDivisor >= 1)) {
      throw new IllegalArgumentException(
          "Value for `sigmaFloorDivisor` was `" + sigmaFloorDivisor + "`, but must be >= 1");
    }
    if (candidateGrid < 2) {
      throw new IllegalArgumentException(
          "Value for `candidateGrid` was `" + candidateGrid + "`, but must be >= 2");
    }
    positive("searchRangeFraction", searchRangeFraction);
    positive("searchRangeSigmas", searchRangeSigmas);
    positive("smoothingFraction", smoothingFraction);
    positive("eta", eta);
    if (!(sigmaMinDecayExponent >= 0)) {
      throw new IllegalArgumentException(
          "Value for `sigmaMinDecayExponent` was `"
              + sigmaMinDecayExponent
              + "`, but must be >= 0");
    }
    if (!(parentBorderFraction >= 0 && parentBorderFraction < 0.5)) {
      throw new IllegalArgumentException(
          "Value for `parentBorderFraction` was `"
              + parentBorderFraction
              + "`, but must be within [0, 0.5)");
    }
    if (!(parentVarianceDropFraction >= 0 && parentVarianceDropFraction < 1)) {
      throw new IllegalArgumentException(
          "Value for `parentVarianceDropFraction` was `"
              + parentVarianceDropFraction
              + "`, but must be within [0, 1)");
    }
    positive("parentCandidateLimit", parentCandidateLimit);
    if (!(parentImageCutoff >= 0 && parentImageCutoff < 1)) {
      throw new IllegalArgumentException(
          "Value for `parentImageCutoff` was `"
              + parentImageCutoff
              + "`, but must be within [0, 1)");
    }
    if (parentTopImages < 0) {
      throw new IllegalArgumentException(
          "Value for `parentTopImages` was `"
              + parentTopImages
              + "`, but must be >= 0 (0 = score parents on all images)");
    }
    positive("parentReselectInterval", parentReselectInterval);
    positive("topImageCount", topImageCount);
    if (inferenceScore == null) {
      throw new IllegalArgumentException(
          "Value for `inferenceScore` was null: use LINEAR or SQUARED");
    }
    if (inferenceSearch == null) {
      throw new IllegalArgumentException("Value for `inferenceSearch` was null: use WINDOW or MAP");
    }
    if (sigmaEstimate == null) {
      throw new IllegalArgumentException(
          "Value for `sigmaEstimate` was null: use SOFT, ARGMAX or RESPONSE");
    }
    if (inferencePosition == null) {
      throw new IllegalArgumentException(
          "Value for `inferencePosition` was null: use ARGMAX or POSTERIOR_MEAN");
    }
    if (departures == null) {
      throw new IllegalArgumentException(
          "Value for `departures` was null: use an empty set to follow the release");
    }
    departures =
        departures.isEmpty()
            ? Collections.unmodifiableSet(EnumSet.noneOf(Departure.class))
            : Collections.unmodifiableSet(EnumSet.copyOf(departures));
    if (!(convergenceShift >= 0) || Double.isInfinite(convergenceShift)) {
      throw new IllegalArgumentException(
          "Value for `convergenceShift` was `"
              + convergenceShift
              + "`, but must be a finite number >= 0 (cells; 0 = run all iterations)");
    }
    if (!(firingRatio >= 0)) {
      throw new IllegalArgumentException(
          "Value for `firingRatio` was `" + firingRatio + "`, but must be >= 0");
    }
  }

  /**
   * Version of the learning rules, stored with every graph ({@code learnerVersion} in {@link
   * #toMap()}): 2 is the release-faithful EM of docs/learner.md. Graphs of version 1 (the first
   * learner: own-sigma prior, argmax sigma, best-candidate scores) are refused, not mixed in.
   */
  public static final int LEARNER_VERSION = 2;

  /** The early stop on convergence never ends a layer before this many iterations. */
  public static final int MIN_ITERATIONS_BEFORE_STOP = 4;

  private static void positive(String key, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "Value for `" + key + "` was `" + value + "`, but must be a finite number > 0");
    }
  }

  /** The paper's and the release's constants, seed 1, linear inference score (see docs). */
  public static LearnerParameters defaults() {
    return new LearnerParameters(
        1L,
        20,
        0.05,
        0.1,
        List.of(),
        15,
        0.1,
        1.0,
        0.15,
        10.0,
        6,
        0.15,
        3.0,
        0.025,
        1.0,
        0.25,
        0.1,
        0.5,
        600,
        1e-3,
        30,
        4,
        20,
        InferenceScore.LINEAR,
        0.5,
        InferenceSearch.MAP,
        SigmaEstimate.SOFT,
        InferencePosition.POSTERIOR_MEAN,
        // the one departure that measured better on held-out birds (docs/learner.md)
        Set.of(Departure.BEST_SCORE),
        0.0);
  }

  /**
   * Node density of layer {@code layer} of {@code layerCount}: its entry of layerRho when that is
   * set, else rhoLower for the lower half of the layers and rhoUpper above.
   *
   * @throws IllegalArgumentException layerRho is set but does not have one density per layer
   */
  public double rho(int layer, int layerCount) {
    if (layerRho.isEmpty()) {
      return layer < layerCount / 2 ? rhoLower : rhoUpper;
    }
    if (layerRho.size() != layerCount) {
      throw new IllegalArgumentException(
          "Node densities `layerRho` "
              + layerRho
              + " name "
              + layerRho.size()
              + " layers, but the graph has "
              + layerCount
              + ": give one density per layer, lowest first (e.g. --nodes-rho 0.05,0.1,0.2), or two"
              + " for the lower and upper halves");
    }
    return layerRho.get(layer);
  }

  /** The parameters as a flat map of JSON-compatible values, for provenance. */
  public Map<String, Object> toMap() {
    return ParameterMap.toMap(this);
  }

  /**
   * Rebuilds parameters from {@link #toMap()} output (e.g. a stored graph's provenance); missing
   * keys take their default. Maps of another {@link #LEARNER_VERSION} are refused with the fix.
   */
  public static LearnerParameters fromMap(Map<String, Object> m) {
    return ParameterMap.fromMap(m);
  }

  /**
   * Refuses a parameter map written by another version of the learning rules (see {@link
   * ParameterMap#requireCurrentVersion}).
   */
  public static void requireCurrentVersion(Map<String, Object> m) {
    ParameterMap.requireCurrentVersion(m);
  }

  /** Whether departure {@code d} from the release is switched on. */
  public boolean departs(Departure d) {
    return departures.contains(d);
  }

  public LearnerParameters withSeed(long v) {
    return edit(f -> f.seed = v);
  }

  public LearnerParameters withIterations(int v) {
    return edit(f -> f.iterations = v);
  }

  /**
   * Sets the node densities of the lower and upper half of the layers to {@code lower} and {@code
   * upper} (and clears a per-layer list).
   */
  public LearnerParameters withRho(double lower, double upper) {
    return edit(
        f -> {
          f.rhoLower = lower;
          f.rhoUpper = upper;
          f.layerRho = List.of();
        });
  }

  /** One node density per layer, lowest first (empty: the rhoLower/rhoUpper halves). */
  public LearnerParameters withLayerRho(List<Double> v) {
    return edit(f -> f.layerRho = v);
  }

  public LearnerParameters withParentCount(int v) {
    return edit(f -> f.parentCount = v);
  }

  public LearnerParameters withTau(double v) {
    return edit(f -> f.tau = v);
  }

  public LearnerParameters withCandidateGrid(int v) {
    return edit(f -> f.candidateGrid = v);
  }

  public LearnerParameters withSearchRangeFraction(double v) {
    return edit(f -> f.searchRangeFraction = v);
  }

  public LearnerParameters withParentCandidateLimit(int v) {
    return edit(f -> f.parentCandidateLimit = v);
  }

  public LearnerParameters withTopImageCount(int v) {
    return edit(f -> f.topImageCount = v);
  }

  public LearnerParameters withInferenceScore(InferenceScore v) {
    return edit(f -> f.inferenceScore = v);
  }

  public LearnerParameters withFiringRatio(double v) {
    return edit(f -> f.firingRatio = v);
  }

  /** Inference search: the release's window or the paper's whole map. */
  public LearnerParameters withInferenceSearch(InferenceSearch v) {
    return edit(f -> f.inferenceSearch = v);
  }

  /** The sigma clamp: sigma_V within [sigma_max / v, sigma_max]. */
  public LearnerParameters withSigmaFloorDivisor(double v) {
    return edit(f -> f.sigmaFloorDivisor = v);
  }

  /** The search half-range in units of sigma_V (see searchRangeFraction). */
  public LearnerParameters withSearchRangeSigmas(double v) {
    return edit(f -> f.searchRangeSigmas = v);
  }

  /** Parents scored on each child's {@code v} best images (0 = all images, the release). */
  public LearnerParameters withParentTopImages(int v) {
    return copy(v, parentReselectInterval);
  }

  /** Parents re-selected every {@code v} iterations (1 = every iteration, the release). */
  public LearnerParameters withParentReselectInterval(int v) {
    return copy(parentTopImages, v);
  }

  /** The release's parent selection: all images, every iteration. */
  public LearnerParameters withReleaseParentSelection() {
    return copy(0, 1);
  }

  private LearnerParameters copy(int topImages, int reselect) {
    return edit(
        f -> {
          f.parentTopImages = topImages;
          f.parentReselectInterval = reselect;
        });
  }

  /** How the M-step re-estimates sigma_V (see {@link SigmaEstimate}). */
  public LearnerParameters withSigmaEstimate(SigmaEstimate v) {
    return edit(f -> f.sigmaEstimate = v);
  }

  /** Which point of the scored candidates is a node's inferred position. */
  public LearnerParameters withInferencePosition(InferencePosition v) {
    return edit(f -> f.inferencePosition = v);
  }

  /** These departures from the release switched on (replacing any others). */
  public LearnerParameters withDepartures(Set<Departure> v) {
    return edit(f -> f.departures = v);
  }

  /** Early stop once an iteration moves the layer's nodes by less than {@code v} cells rms. */
  public LearnerParameters withConvergenceShift(double v) {
    return edit(f -> f.convergenceShift = v);
  }

  /** A copy with the fields {@code change} sets; the canonical constructor checks the result. */
  private LearnerParameters edit(Consumer<ParameterFields> change) {
    ParameterFields f = new ParameterFields(this);
    change.accept(f);
    return f.build();
  }
}
