package io.xgraph.learner.aog;

import java.util.function.Consumer;

/**
 * Constants of template learning and localisation; see docs/aog.md for how the defaults were
 * chosen.
 *
 * @param kernelSigmaPx sigma of the Gaussian vote kernel, pixels. The "about 50 px" kernel is read
 *     as a full width at half maximum of 50 px, so the default sigma is {@code 50 / (2 sqrt(2 ln
 *     2)) = 21.2}. (The release spreads votes with {@code exp(-r / 49.5)} over a window of +-11
 *     px.)
 * @param subPixel refine the vote-map argmax with a parabola through its neighbours
 * @param tryMirrored when flipped-image responses are given, let the mirrored image compete
 * @param agreementRadiusPx tau: a pattern's prediction agrees with a reference point with weight
 *     {@code exp(-d^2 / (2 tau^2))}
 * @param closenessScalePx kappa: prior factor {@code exp(-|offset|^2 / (2 kappa^2))} favouring
 *     patterns near the part; {@code Double.POSITIVE_INFINITY} switches it off
 * @param consensusRounds rounds of re-weighted consensus over the unannotated images; 0 switches
 *     the unannotated-image agreement off
 * @param consensusStepPx grid step of the coarse vote map used for the per-image consensus
 * @param useOtherShots check each template's candidates against the ground truth of the other
 *     annotated examples (leave-one-out); false ignores them
 * @param candidatePool candidates kept by prior (score times closeness) before the agreement step
 * @param minPatterns fewest patterns a template keeps (if that many candidates exist)
 * @param maxPatterns most patterns a template keeps
 * @param kneeCut cut the sorted selection scores at their knee (clamped to [min, max]); if false
 *     keep {@code maxPatterns}
 */
public record AogParameters(
    double kernelSigmaPx,
    boolean subPixel,
    boolean tryMirrored,
    double agreementRadiusPx,
    double closenessScalePx,
    int consensusRounds,
    double consensusStepPx,
    boolean useOtherShots,
    int candidatePool,
    int minPatterns,
    int maxPatterns,
    boolean kneeCut) {

  /** Full width at half maximum of the vote kernel the paper's release describes, pixels. */
  public static final double KERNEL_FWHM_PX = 50.0;

  public AogParameters {
    positive("kernelSigmaPx", kernelSigmaPx);
    positive("agreementRadiusPx", agreementRadiusPx);
    if (!(closenessScalePx > 0)) {
      throw bad("closenessScalePx", closenessScalePx, "must be > 0 (Infinity switches it off)");
    }
    if (consensusRounds < 0 || consensusRounds > 20) {
      throw bad("consensusRounds", consensusRounds, "must be within the range [0, 20]");
    }
    positive("consensusStepPx", consensusStepPx);
    if (minPatterns < 1) {
      throw bad("minPatterns", minPatterns, "must be >= 1");
    }
    if (maxPatterns < minPatterns) {
      throw bad("maxPatterns", maxPatterns, "must be >= minPatterns (" + minPatterns + ")");
    }
    if (candidatePool < maxPatterns) {
      throw bad("candidatePool", candidatePool, "must be >= maxPatterns (" + maxPatterns + ")");
    }
  }

  /** The defaults documented in docs/aog.md. */
  public static AogParameters defaults() {
    return new AogParameters(
        KERNEL_FWHM_PX / (2 * Math.sqrt(2 * Math.log(2))),
        true,
        true,
        20.0,
        0.25 * ImagePlane.SIZE,
        2,
        4.0,
        true,
        300,
        5,
        30,
        true);
  }

  public AogParameters withKernelSigmaPx(double v) {
    return edit(f -> f.kernelSigmaPx = v);
  }

  public AogParameters withTryMirrored(boolean v) {
    return edit(f -> f.tryMirrored = v);
  }

  public AogParameters withClosenessScalePx(double v) {
    return edit(f -> f.closenessScalePx = v);
  }

  public AogParameters withConsensusRounds(int v) {
    return edit(f -> f.consensusRounds = v);
  }

  public AogParameters withUseOtherShots(boolean v) {
    return edit(f -> f.useOtherShots = v);
  }

  public AogParameters withPatternRange(int min, int max) {
    return edit(
        f -> {
          f.candidatePool = Math.max(candidatePool, max);
          f.minPatterns = min;
          f.maxPatterns = max;
        });
  }

  public AogParameters withKneeCut(boolean v) {
    return edit(f -> f.kneeCut = v);
  }

  private static void positive(String key, double v) {
    if (!(v > 0) || !Double.isFinite(v)) {
      throw bad(key, v, "must be a finite number > 0");
    }
  }

  private static IllegalArgumentException bad(String key, Object v, String rule) {
    return new IllegalArgumentException(
        "Value for `" + key + "` was `" + v + "`, but " + rule + ".");
  }

  /** A copy with the fields {@code change} sets; the canonical constructor checks the result. */
  private AogParameters edit(Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return new AogParameters(
        f.kernelSigmaPx,
        f.subPixel,
        f.tryMirrored,
        f.agreementRadiusPx,
        f.closenessScalePx,
        f.consensusRounds,
        f.consensusStepPx,
        f.useOtherShots,
        f.candidatePool,
        f.minPatterns,
        f.maxPatterns,
        f.kneeCut);
  }

  /** A mutable copy of the components, so that each wither names only what it changes. */
  private static final class Fields {
    double kernelSigmaPx;
    boolean subPixel;
    boolean tryMirrored;
    double agreementRadiusPx;
    double closenessScalePx;
    int consensusRounds;
    double consensusStepPx;
    boolean useOtherShots;
    int candidatePool;
    int minPatterns;
    int maxPatterns;
    boolean kneeCut;

    Fields(AogParameters p) {
      kernelSigmaPx = p.kernelSigmaPx;
      subPixel = p.subPixel;
      tryMirrored = p.tryMirrored;
      agreementRadiusPx = p.agreementRadiusPx;
      closenessScalePx = p.closenessScalePx;
      consensusRounds = p.consensusRounds;
      consensusStepPx = p.consensusStepPx;
      useOtherShots = p.useOtherShots;
      candidatePool = p.candidatePool;
      minPatterns = p.minPatterns;
      maxPatterns = p.maxPatterns;
      kneeCut = p.kneeCut;
    }
  }
}
