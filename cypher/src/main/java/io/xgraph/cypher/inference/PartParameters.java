package io.xgraph.cypher.inference;

import io.xgraph.cypher.config.ConfigReader;
import io.xgraph.learner.aog.AogParameters;
import io.xgraph.store.PartInfo;
import io.xgraph.store.internal.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The And-Or graph parameters of {@code xg.part.*}: read from a call's config, stored, read back.
 */
final class PartParameters {

  private PartParameters() {}

  /**
   * The AOG parameters a procedure call gives (defaults for what it leaves out, checked ranges).
   */
  static AogParameters fromConfig(ConfigReader c) {
    AogParameters d = AogParameters.defaults();
    int min = (int) c.integer("minPatterns", d.minPatterns(), 1, 1000);
    int max = (int) c.integer("maxPatterns", d.maxPatterns(), 1, 1000);
    if (max < min) {
      throw new IllegalArgumentException(
          "Values for `minPatterns` and `maxPatterns` were `"
              + min
              + "` and `"
              + max
              + "`, but maxPatterns must be >= minPatterns"
              + c.where()
              + ".");
    }
    return new AogParameters(
        c.number("kernelSigmaPx", d.kernelSigmaPx(), 1, 224),
        d.subPixel(),
        c.flag("mirrored", d.tryMirrored()),
        c.number("agreementRadiusPx", d.agreementRadiusPx(), 1, 224),
        c.number("closenessScalePx", d.closenessScalePx(), 1, 1e6),
        d.consensusRounds(),
        d.consensusStepPx(),
        d.useOtherShots(),
        Math.max(d.candidatePool(), max),
        min,
        max,
        c.flag("kneeCut", d.kneeCut()));
  }

  /** The parameters as stored on a Part node (JSON), so localisation reuses them. */
  static Map<String, Object> toMap(AogParameters p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kernelSigmaPx", p.kernelSigmaPx());
    m.put("subPixel", p.subPixel());
    m.put("tryMirrored", p.tryMirrored());
    m.put("agreementRadiusPx", p.agreementRadiusPx());
    m.put("closenessScalePx", p.closenessScalePx());
    m.put("consensusRounds", p.consensusRounds());
    m.put("consensusStepPx", p.consensusStepPx());
    m.put("useOtherShots", p.useOtherShots());
    m.put("candidatePool", p.candidatePool());
    m.put("minPatterns", p.minPatterns());
    m.put("maxPatterns", p.maxPatterns());
    m.put("kneeCut", p.kneeCut());
    return m;
  }

  /** The parameters a part was learned with (localisation uses its kernel and mirror setting). */
  static AogParameters stored(PartInfo info) {
    AogParameters d = AogParameters.defaults();
    if (!(info.properties().get("parameters") instanceof String json)) {
      return d;
    }
    Map<?, ?> m = (Map<?, ?>) Json.read(json);
    return new AogParameters(
        num(m, "kernelSigmaPx", d.kernelSigmaPx()),
        bool(m, "subPixel", d.subPixel()),
        bool(m, "tryMirrored", d.tryMirrored()),
        num(m, "agreementRadiusPx", d.agreementRadiusPx()),
        num(m, "closenessScalePx", d.closenessScalePx()),
        (int) num(m, "consensusRounds", d.consensusRounds()),
        num(m, "consensusStepPx", d.consensusStepPx()),
        bool(m, "useOtherShots", d.useOtherShots()),
        (int) num(m, "candidatePool", d.candidatePool()),
        (int) num(m, "minPatterns", d.minPatterns()),
        (int) num(m, "maxPatterns", d.maxPatterns()),
        bool(m, "kneeCut", d.kneeCut()));
  }

  private static double num(Map<?, ?> m, String k, double d) {
    return m.get(k) instanceof Number n ? n.doubleValue() : d;
  }

  private static boolean bool(Map<?, ?> m, String k, boolean d) {
    return m.get(k) instanceof Boolean b ? b : d;
  }
}
