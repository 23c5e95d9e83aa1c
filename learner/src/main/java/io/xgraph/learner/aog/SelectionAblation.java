package io.xgraph.learner.aog;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The selection rule with its terms switched on in turn: the measurement that justifies the rule
 * (docs/aog.md), runnable on synthetic data (the tests) and on real responses (a caller with a
 * learned graph passes its {@link EvaluationInput}).
 */
public final class SelectionAblation {

  private SelectionAblation() {}

  /** Named variants of {@code base}, from the bare score to the full rule and kernel widths. */
  public static Map<String, AogParameters> variants(AogParameters base) {
    double off = Double.POSITIVE_INFINITY;
    Map<String, AogParameters> v = new LinkedHashMap<>();
    v.put(
        "score only",
        base.withClosenessScalePx(off).withConsensusRounds(0).withUseOtherShots(false));
    v.put("score+closeness", base.withConsensusRounds(0).withUseOtherShots(false));
    v.put("+unannotated consensus", base.withUseOtherShots(false));
    v.put("+other shots only", base.withConsensusRounds(0));
    v.put("full rule", base);
    v.put("full, no knee (k=max)", base.withKneeCut(false));
    v.put("full, kernel sigma 8", base.withKernelSigmaPx(8));
    v.put("full, kernel sigma 50", base.withKernelSigmaPx(50));
    return v;
  }

  /**
   * Runs the evaluation protocol once per variant, same draws for all (same seed).
   *
   * @return per variant name, its report (graph AOG, raw AOG if given, and the baselines)
   */
  public static Map<String, EvaluationReport> run(
      EvaluationInput in, AogParameters base, String partName, int shots, int draws, long seed) {
    Map<String, EvaluationReport> out = new LinkedHashMap<>();
    for (Map.Entry<String, AogParameters> v : variants(base).entrySet()) {
      out.put(
          v.getKey(),
          new FewShotEvaluation(v.getValue()).evaluate(in, partName, shots, draws, seed));
    }
    return out;
  }
}
