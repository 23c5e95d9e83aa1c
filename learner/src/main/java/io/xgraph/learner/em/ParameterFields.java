package io.xgraph.learner.em;

import java.util.List;
import java.util.Set;

/** A mutable copy of {@link LearnerParameters}, so that each wither names only what it changes. */
final class ParameterFields {
  long seed;
  int iterations;
  double rhoLower;
  double rhoUpper;
  List<Double> layerRho;
  int parentCount;
  double tau;
  double beta;
  double initialSigmaFraction;
  double sigmaFloorDivisor;
  int candidateGrid;
  double searchRangeFraction;
  double searchRangeSigmas;
  double smoothingFraction;
  double eta;
  double sigmaMinDecayExponent;
  double parentBorderFraction;
  double parentVarianceDropFraction;
  int parentCandidateLimit;
  double parentImageCutoff;
  int parentTopImages;
  int parentReselectInterval;
  int topImageCount;
  InferenceScore inferenceScore;
  double firingRatio;
  InferenceSearch inferenceSearch;
  SigmaEstimate sigmaEstimate;
  InferencePosition inferencePosition;
  Set<Departure> departures;
  double convergenceShift;

  ParameterFields(LearnerParameters p) {
    seed = p.seed();
    iterations = p.iterations();
    rhoLower = p.rhoLower();
    rhoUpper = p.rhoUpper();
    layerRho = p.layerRho();
    parentCount = p.parentCount();
    tau = p.tau();
    beta = p.beta();
    initialSigmaFraction = p.initialSigmaFraction();
    sigmaFloorDivisor = p.sigmaFloorDivisor();
    candidateGrid = p.candidateGrid();
    searchRangeFraction = p.searchRangeFraction();
    searchRangeSigmas = p.searchRangeSigmas();
    smoothingFraction = p.smoothingFraction();
    eta = p.eta();
    sigmaMinDecayExponent = p.sigmaMinDecayExponent();
    parentBorderFraction = p.parentBorderFraction();
    parentVarianceDropFraction = p.parentVarianceDropFraction();
    parentCandidateLimit = p.parentCandidateLimit();
    parentImageCutoff = p.parentImageCutoff();
    parentTopImages = p.parentTopImages();
    parentReselectInterval = p.parentReselectInterval();
    topImageCount = p.topImageCount();
    inferenceScore = p.inferenceScore();
    firingRatio = p.firingRatio();
    inferenceSearch = p.inferenceSearch();
    sigmaEstimate = p.sigmaEstimate();
    inferencePosition = p.inferencePosition();
    departures = p.departures();
    convergenceShift = p.convergenceShift();
  }

  /** The parameters these values make; the canonical constructor checks them. */
  LearnerParameters build() {
    return new LearnerParameters(
        seed,
        iterations,
        rhoLower,
        rhoUpper,
        layerRho,
        parentCount,
        tau,
        beta,
        initialSigmaFraction,
        sigmaFloorDivisor,
        candidateGrid,
        searchRangeFraction,
        searchRangeSigmas,
        smoothingFraction,
        eta,
        sigmaMinDecayExponent,
        parentBorderFraction,
        parentVarianceDropFraction,
        parentCandidateLimit,
        parentImageCutoff,
        parentTopImages,
        parentReselectInterval,
        topImageCount,
        inferenceScore,
        firingRatio,
        inferenceSearch,
        sigmaEstimate,
        inferencePosition,
        departures,
        convergenceShift);
  }
}
