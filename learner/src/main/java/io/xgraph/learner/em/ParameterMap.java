package io.xgraph.learner.em;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link LearnerParameters} as the flat map of JSON-compatible values a graph file and a stored
 * graph carry as provenance, and back; maps of another learner version are refused.
 */
final class ParameterMap {

  private ParameterMap() {}

  /** The parameters as a flat map of JSON-compatible values, for provenance. */
  static Map<String, Object> toMap(LearnerParameters p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seed", p.seed());
    m.put("iterations", p.iterations());
    m.put("rhoLower", p.rhoLower());
    m.put("rhoUpper", p.rhoUpper());
    if (!p.layerRho().isEmpty()) {
      // only when set, so graphs learned with the halves keep their parameter map (and checkpoints)
      m.put("layerRho", p.layerRho());
    }
    m.put("parentCount", p.parentCount());
    m.put("tau", p.tau());
    m.put("beta", p.beta());
    m.put("initialSigmaFraction", p.initialSigmaFraction());
    m.put("sigmaFloorDivisor", p.sigmaFloorDivisor());
    m.put("candidateGrid", p.candidateGrid());
    m.put("searchRangeFraction", p.searchRangeFraction());
    m.put("searchRangeSigmas", p.searchRangeSigmas());
    m.put("smoothingFraction", p.smoothingFraction());
    m.put("eta", p.eta());
    m.put("sigmaMinDecayExponent", p.sigmaMinDecayExponent());
    m.put("parentBorderFraction", p.parentBorderFraction());
    m.put("parentVarianceDropFraction", p.parentVarianceDropFraction());
    m.put("parentCandidateLimit", p.parentCandidateLimit());
    m.put("parentImageCutoff", p.parentImageCutoff());
    m.put("parentTopImages", p.parentTopImages());
    m.put("parentReselectInterval", p.parentReselectInterval());
    m.put("topImageCount", p.topImageCount());
    m.put("inferenceScore", p.inferenceScore().name());
    m.put("firingRatio", p.firingRatio());
    m.put("inferenceSearch", p.inferenceSearch().name());
    m.put("sigmaEstimate", p.sigmaEstimate().name());
    m.put("inferencePosition", p.inferencePosition().name());
    m.put("departures", p.departures().stream().map(Enum::name).collect(Collectors.joining(",")));
    m.put("convergenceShift", p.convergenceShift());
    m.put("learnerVersion", LearnerParameters.LEARNER_VERSION);
    return m;
  }

  /**
   * Rebuilds parameters from {@link LearnerParameters#toMap()} output (e.g. a stored graph's
   * provenance); missing keys take their default. Maps of another {@link
   * LearnerParameters#LEARNER_VERSION} are refused with the fix.
   */
  static LearnerParameters fromMap(Map<String, Object> m) {
    requireCurrentVersion(m);
    LearnerParameters d = LearnerParameters.defaults();
    return new LearnerParameters(
        num(m, "seed", d.seed()).longValue(),
        num(m, "iterations", d.iterations()).intValue(),
        num(m, "rhoLower", d.rhoLower()).doubleValue(),
        num(m, "rhoUpper", d.rhoUpper()).doubleValue(),
        densities(m.get("layerRho")),
        num(m, "parentCount", d.parentCount()).intValue(),
        num(m, "tau", d.tau()).doubleValue(),
        num(m, "beta", d.beta()).doubleValue(),
        num(m, "initialSigmaFraction", d.initialSigmaFraction()).doubleValue(),
        num(m, "sigmaFloorDivisor", d.sigmaFloorDivisor()).doubleValue(),
        num(m, "candidateGrid", d.candidateGrid()).intValue(),
        num(m, "searchRangeFraction", d.searchRangeFraction()).doubleValue(),
        num(m, "searchRangeSigmas", d.searchRangeSigmas()).doubleValue(),
        num(m, "smoothingFraction", d.smoothingFraction()).doubleValue(),
        num(m, "eta", d.eta()).doubleValue(),
        num(m, "sigmaMinDecayExponent", d.sigmaMinDecayExponent()).doubleValue(),
        num(m, "parentBorderFraction", d.parentBorderFraction()).doubleValue(),
        num(m, "parentVarianceDropFraction", d.parentVarianceDropFraction()).doubleValue(),
        num(m, "parentCandidateLimit", d.parentCandidateLimit()).intValue(),
        num(m, "parentImageCutoff", d.parentImageCutoff()).doubleValue(),
        num(m, "parentTopImages", d.parentTopImages()).intValue(),
        num(m, "parentReselectInterval", d.parentReselectInterval()).intValue(),
        num(m, "topImageCount", d.topImageCount()).intValue(),
        InferenceScore.valueOf(
            String.valueOf(m.getOrDefault("inferenceScore", d.inferenceScore()))),
        num(m, "firingRatio", d.firingRatio()).doubleValue(),
        InferenceSearch.valueOf(
            String.valueOf(m.getOrDefault("inferenceSearch", d.inferenceSearch()))),
        SigmaEstimate.valueOf(String.valueOf(m.getOrDefault("sigmaEstimate", d.sigmaEstimate()))),
        InferencePosition.valueOf(
            String.valueOf(m.getOrDefault("inferencePosition", d.inferencePosition()))),
        m.containsKey("departures")
            ? departures(String.valueOf(m.get("departures")))
            : d.departures(),
        num(m, "convergenceShift", d.convergenceShift()).doubleValue());
  }

  /**
   * Refuses a parameter map written by another version of the learning rules: its positions, scores
   * and deformations mean something else, so inference or a comparison on it would mix two models
   * silently.
   */
  static void requireCurrentVersion(Map<String, Object> m) {
    Object v = m.get("learnerVersion");
    int version = v instanceof Number n ? n.intValue() : 1;
    if (version != LearnerParameters.LEARNER_VERSION) {
      throw new IllegalArgumentException(
          "This graph was learned by version "
              + version
              + " of xgraph's learning rules; this xgraph reads version "
              + LearnerParameters.LEARNER_VERSION
              + " (the release-faithful EM, docs/learner.md). Re-learn it from its feature store"
              + " with `xgraph learn --features DIR --out FILE` (and write it to the store again)");
    }
  }

  private static List<Double> densities(Object v) {
    if (v == null) {
      return List.of();
    }
    if (v instanceof List<?> list) {
      List<Double> out = new ArrayList<>();
      for (Object o : list) {
        if (!(o instanceof Number n)) {
          throw new IllegalArgumentException(
              "Parameter `layerRho` has value `" + v + "`, expected a list of numbers");
        }
        out.add(n.doubleValue());
      }
      return out;
    }
    throw new IllegalArgumentException(
        "Parameter `layerRho` has value `" + v + "`, expected a list of numbers");
  }

  private static Set<Departure> departures(String list) {
    Set<Departure> out = EnumSet.noneOf(Departure.class);
    for (String name : list.split(",")) {
      String t = name.trim();
      if (t.isEmpty()) {
        continue;
      }
      try {
        out.add(Departure.valueOf(t));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Value for `departures` contains `"
                + t
                + "`, but must be a comma-separated list of "
                + java.util.Arrays.toString(Departure.values()),
            e);
      }
    }
    return out;
  }

  private static Number num(Map<String, Object> m, String key, Number fallback) {
    Object v = m.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n) {
      return n;
    }
    throw new IllegalArgumentException(
        "Parameter `" + key + "` has value `" + v + "`, expected a number");
  }
}
