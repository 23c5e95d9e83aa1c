package io.xgraph.evaluation;

import io.xgraph.learner.aog.EvaluationReport;
import io.xgraph.learner.aog.FewShotEvaluation;
import io.xgraph.learner.aog.bridge.PartDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Everything part eval measured ({@link PartEvaluation#run}), and its Markdown and CSV tables. */
public record PartEvaluationResult(
    String modelName,
    int patterns,
    int rawFilters,
    int descriptorLength,
    int trainImages,
    int testImages,
    PartEvaluation.Settings settings,
    List<PartResult> parts,
    Map<Integer, EvaluationReport> shotCurve,
    Map<String, EvaluationReport> ablation,
    Map<String, EvaluationReport> sweep,
    double inferP50Millis,
    double localiseP50Micros,
    double collectSeconds,
    List<String> layerNames,
    double[] graphSpread,
    double[] rawSpread,
    boolean flipped,
    String inferenceSearch,
    Map<String, double[]> partStd) {

  public String markdown() {
    StringBuilder b = new StringBuilder();
    PartEvaluation.Settings s = settings;
    b.append(
        f(
            "Few-shot part localisation, %d shots, %d draws (seed %d), model %s: %d graph patterns,"
                + " %d raw filters, descriptor of %d; %d train / %d test images; %s; inference"
                + " search %s%s.%n%n",
            s.shots(),
            s.draws(),
            s.seed(),
            modelName,
            patterns,
            rawFilters,
            descriptorLength,
            trainImages,
            testImages,
            flipped ? "with flipped crops (mirrored store)" : "no flipped responses",
            inferenceSearch,
            s.facing() == null
                ? ""
                : "; ONLY birds facing "
                    + s.facing().name().toLowerCase(Locale.ROOT)
                    + " (oracle from the keypoints)"));
    b.append(
        "Normalized distance (pixel distance / 224 sqrt 2), mean ± std over draws (lower is"
            + " better). Paper (VGG-16 fine-tuned on CUB), 3-shot head: 0.0862.\n\n");
    b.append("| part | test images |");
    for (String m : FewShotEvaluation.METHODS) {
      b.append(' ').append(m).append(" |");
    }
    b.append(" kept patterns/template (graph, raw) |\n|---|---|");
    FewShotEvaluation.METHODS.forEach(m -> b.append("---|"));
    b.append("---|\n");
    for (PartResult p : parts) {
      b.append("| ").append(p.part().name()).append(" ").append(p.part().keypointIds());
      b.append(" | ").append(p.report().testImages()).append(" |");
      for (String m : FewShotEvaluation.METHODS) {
        b.append(' ').append(cell(p.report(), m)).append(" |");
      }
      b.append(
          f(
              " %s, %s |%n",
              p.graphSel() == null ? "-" : f("%.1f", p.graphSel().meanPerTemplate()),
              p.rawSel() == null ? "-" : f("%.1f", p.rawSel().meanPerTemplate())));
    }
    b.append("\nShare of the graph patterns kept by the templates, per layer (");
    b.append(String.join(", ", layerNames)).append("):\n\n");
    for (PartResult p : parts) {
      if (p.graphSel() == null) {
        continue;
      }
      b.append("- ").append(p.part().name()).append(": ");
      double[] sh = p.graphSel().perLayerShare();
      List<String> cells = new ArrayList<>();
      for (double v : sh) {
        cells.add(f("%.2f", v));
      }
      b.append(String.join(" / ", cells)).append('\n');
    }
    if (!shotCurve.isEmpty()) {
      b.append(f("%nError vs number of shots, part %s:%n%n", parts.get(0).part().name()));
      b.append("| shots |");
      FewShotEvaluation.METHODS.forEach(m -> b.append(' ').append(m).append(" |"));
      b.append("\n|---|");
      FewShotEvaluation.METHODS.forEach(m -> b.append("---|"));
      b.append('\n');
      for (Map.Entry<Integer, EvaluationReport> e : shotCurve.entrySet()) {
        b.append("| ").append(e.getKey()).append(" |");
        for (String m : FewShotEvaluation.METHODS) {
          b.append(' ').append(cell(e.getValue(), m)).append(" |");
        }
        b.append('\n');
      }
    }
    if (!ablation.isEmpty()) {
      b.append(
          f(
              "%nSelection-rule ablation, part %s, %d shots, same draws:%n%n",
              parts.get(0).part().name(), s.shots()));
      variantTable(b, ablation);
    }
    if (!sweep.isEmpty()) {
      b.append(
          f(
              "%nParameter sweep on the TRAIN split only (half the train images held out as"
                  + " queries), part %s, %d shots:%n%n",
              parts.get(0).part().name(), s.shots()));
      variantTable(b, sweep);
    }
    b.append(
        f(
            "%nHow far patterns travel: rms spread sqrt(var x + var y) of a pattern's position over"
                + " the images where it fires, mean per layer (%s), pixels: graph %s; raw"
                + " filters %s. Std of the part centre's x / y over the images: ",
            String.join(", ", layerNames), join(graphSpread), join(rawSpread)));
    List<String> ps = new ArrayList<>();
    partStd.forEach((k, v) -> ps.add(f("%s %.1f / %.1f px", k, v[0], v[1])));
    b.append(String.join(", ", ps)).append(".\n");
    b.append(
        f(
            "%nLatency (one thread, shared machine; figures, not guarantees): graph inference"
                + " p50 %.1f ms per image; AOG localisation (3 templates, 224 x 224 vote map)"
                + " p50 %.0f us; collecting all responses took %.1f s.%n",
            inferP50Millis, localiseP50Micros, collectSeconds));
    return b.toString();
  }

  private static String join(double[] v) {
    List<String> out = new ArrayList<>();
    for (double x : v) {
      out.add(f("%.1f", x));
    }
    return String.join(" / ", out);
  }

  private static void variantTable(StringBuilder b, Map<String, EvaluationReport> variants) {
    boolean raw = variants.values().iterator().next().method(FewShotEvaluation.AOG_RAW) != null;
    b.append(
        raw
            ? "| variant | aog-graph | aog-raw-filters |\n|---|---|---|\n"
            : "| variant | aog-graph |\n|---|---|\n");
    for (Map.Entry<String, EvaluationReport> e : variants.entrySet()) {
      b.append(f("| %s | %s |", e.getKey(), cell(e.getValue(), FewShotEvaluation.AOG_GRAPH)));
      if (raw) {
        b.append(f(" %s |", cell(e.getValue(), FewShotEvaluation.AOG_RAW)));
      }
      b.append('\n');
    }
    EvaluationReport any = variants.values().iterator().next();
    b.append(
        f(
            "| (same draws) nearest-descriptor %s, mean-position %s | |%n",
            cell(any, FewShotEvaluation.NEAREST), cell(any, FewShotEvaluation.MEAN)));
  }

  public String csv() {
    StringBuilder b = new StringBuilder();
    b.append(
        "table,part,variant,shots,method,mean_nd,std_nd,draws,test_images,us_per_localise,ms_per_learn\n");
    for (PartResult p : parts) {
      rows(b, "main", p.part().name(), "default", settings.shots(), p.report());
    }
    String first = parts.get(0).part().name();
    shotCurve.forEach((k, r) -> rows(b, "shots", first, "default", k, r));
    ablation.forEach((k, r) -> rows(b, "ablation", first, k, settings.shots(), r));
    sweep.forEach((k, r) -> rows(b, "train-sweep", first, k, settings.shots(), r));
    return b.toString();
  }

  private static void rows(
      StringBuilder b, String table, String part, String variant, int shots, EvaluationReport r) {
    for (EvaluationReport.MethodSummary m : r.methods()) {
      b.append(
          f(
              "%s,%s,%s,%d,%s,%.5f,%.5f,%d,%d,%.1f,%.1f%n",
              table,
              part,
              variant.replace(',', ';'),
              shots,
              m.method(),
              m.mean(),
              m.std(),
              r.draws().size(),
              r.testImages(),
              m.meanLatencyMicros(),
              m.meanLearnMillis()));
    }
  }

  public static String cell(EvaluationReport r, String method) {
    EvaluationReport.MethodSummary m = r.method(method);
    return m == null ? "-" : f("%.4f ± %.4f", m.mean(), m.std());
  }

  /** One part's main evaluation plus what its models selected. */
  public record PartResult(
      PartDefinition part, EvaluationReport report, Selection graphSel, Selection rawSel) {}

  /**
   * Patterns kept per template, over the draws' models.
   *
   * @param meanPerTemplate mean number of kept patterns per template
   * @param perLayerShare share of kept patterns per graph layer (empty for raw filters)
   */
  public record Selection(double meanPerTemplate, double[] perLayerShare) {}

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
