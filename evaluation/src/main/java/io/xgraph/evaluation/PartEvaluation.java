package io.xgraph.evaluation;

import io.xgraph.learner.aog.AnnotatedExample;
import io.xgraph.learner.aog.AogParameters;
import io.xgraph.learner.aog.EvaluationInput;
import io.xgraph.learner.aog.EvaluationReport;
import io.xgraph.learner.aog.FewShotEvaluation;
import io.xgraph.learner.aog.PartLocalizer;
import io.xgraph.learner.aog.PartModel;
import io.xgraph.learner.aog.PartTemplate;
import io.xgraph.learner.aog.PartTemplateLearner;
import io.xgraph.learner.aog.PatternResponses;
import io.xgraph.learner.aog.SelectionAblation;
import io.xgraph.learner.aog.bridge.Facing;
import io.xgraph.learner.aog.bridge.PartDefinition;
import io.xgraph.learner.aog.bridge.ResponseBridge;
import io.xgraph.learner.aog.bridge.ResponseSet;
import io.xgraph.learner.data.FeatureSource;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The few-shot part localisation evaluation of {@code xgraph part eval} (paper section 4.5) as a
 * library: for each part, draws of a few annotated training images teach the And-Or graph on the
 * graph's patterns and its baselines (AOG on raw filters, nearest-shot transfer by descriptor, the
 * mean annotation), localised on every held-out image that shows the part; with the error-vs-shots
 * curve, the selection ablation and the parameter sweep when asked. {@link Result} renders the
 * report as Markdown and CSV; progress lines go to the stream the caller gives.
 *
 * <p>Over 500 lines: the run and the report it renders are kept together, so a figure and the line
 * that prints it cannot drift apart.
 */
public final class PartEvaluation {

  private PartEvaluation() {}

  /** The defaults with tau and kappa replaced where given. */
  public static AogParameters parameters(Double tau, Double kappa) {
    AogParameters d = AogParameters.defaults();
    return withTauKappa(
        d, tau == null ? d.agreementRadiusPx() : tau, kappa == null ? d.closenessScalePx() : kappa);
  }

  public static AogParameters withTauKappa(AogParameters d, double tau, double kappa) {
    return new AogParameters(
        d.kernelSigmaPx(),
        d.subPixel(),
        d.tryMirrored(),
        tau,
        kappa,
        d.consensusRounds(),
        d.consensusStepPx(),
        d.useOtherShots(),
        d.candidatePool(),
        d.minPatterns(),
        d.maxPatterns(),
        d.kneeCut());
  }

  /** What to run. Null layer lists mean the defaults (raw: all layers; descriptor: top layer). */
  public record Settings(
      List<PartDefinition> parts,
      int shots,
      int draws,
      long seed,
      List<Integer> shotCurve,
      boolean ablation,
      boolean ablationWithRaw,
      boolean sweep,
      List<Integer> rawLayers,
      List<Integer> descriptorLayers,
      AogParameters params,
      Facing facing,
      boolean graphOnly) {}

  /** null for "all". */
  public static Facing facing(String v) {
    return switch (v == null ? "all" : v.toLowerCase(Locale.ROOT)) {
      case "all" -> null;
      case "left" -> Facing.LEFT;
      case "right" -> Facing.RIGHT;
      default ->
          throw new IllegalArgumentException(
              "Value for `--facing` was `" + v + "`, but must be one of all, left, right");
    };
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

  /** Everything the command prints. */
  public record Result(
      String modelName,
      int patterns,
      int rawFilters,
      int descriptorLength,
      int trainImages,
      int testImages,
      Settings settings,
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
      Settings s = settings;
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
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  /** Runs everything; progress goes to {@code log}. */
  public static Result run(
      FeatureSource store, ExplanatoryGraph graph, Settings s, PrintStream log) {
    return run(store, null, new GraphInference(graph), s, log);
  }

  /**
   * Runs everything with the flipped crops of {@code mirrored} (null: none) and the given graph
   * inference; progress goes to {@code log}.
   */
  public static Result run(
      FeatureSource store,
      FeatureSource mirrored,
      GraphInference inference,
      Settings s,
      PrintStream log) {
    ExplanatoryGraph graph = inference.graph();
    if (s.parts().isEmpty()) {
      throw new IllegalArgumentException("No part given: list at least one with --parts");
    }
    int k = store.layers().size();
    List<Integer> raw =
        s.rawLayers() == null || s.rawLayers().isEmpty()
            ? IntStream.range(0, k).boxed().toList()
            : s.rawLayers();
    List<Integer> desc =
        s.descriptorLayers() == null || s.descriptorLayers().isEmpty()
            ? List.of(k - 1)
            : s.descriptorLayers();
    long t0 = System.nanoTime();
    int[] lastTenth = {-1};
    ResponseSet set =
        ResponseSet.collect(
            store,
            inference,
            raw,
            desc,
            (done, total) -> {
              int tenth = done * 10 / total;
              if (tenth != lastTenth[0]) {
                lastTenth[0] = tenth;
                log.printf("inference: %d/%d images%n", done, total);
              }
            });
    if (mirrored != null) {
      lastTenth[0] = -1;
      set =
          set.withMirrored(
              mirrored,
              inference,
              (done, total) -> {
                int tenth = done * 10 / total;
                if (tenth != lastTenth[0]) {
                  lastTenth[0] = tenth;
                  log.printf("inference of the flipped crops: %d/%d images%n", done, total);
                }
              });
    }
    double collectSeconds = (System.nanoTime() - t0) / 1e9;
    AogParameters params = s.params();
    java.util.function.Predicate<io.xgraph.learner.data.ImageRecord> keep =
        s.facing() == null ? im -> true : im -> Facing.of(im) == s.facing();
    List<PartResult> results = new ArrayList<>();
    for (PartDefinition p : s.parts()) {
      log.printf("part %s: %d draws of %d shots%n", p.name(), s.draws(), s.shots());
      EvaluationInput in = s.graphOnly() ? graphOnly(set.input(p, keep)) : set.input(p, keep);
      EvaluationReport rep =
          new FewShotEvaluation(params).evaluate(in, p.name(), s.shots(), s.draws(), s.seed());
      log.print(rep.table());
      results.add(
          new PartResult(
              p,
              rep,
              // the selection counts re-learn every draw: skipped with the baselines
              s.graphOnly() ? null : selection(in, in.graph(), p.name(), rep, params, graph),
              s.graphOnly() ? null : selection(in, in.raw(), p.name(), rep, params, null)));
    }
    PartDefinition first = s.parts().get(0);
    EvaluationInput firstIn = set.input(first, keep);
    Map<Integer, EvaluationReport> curve = new LinkedHashMap<>();
    for (int n : s.shotCurve()) {
      log.printf("shot curve: %d shots%n", n);
      curve.put(
          n, new FewShotEvaluation(params).evaluate(firstIn, first.name(), n, s.draws(), s.seed()));
    }
    Map<String, EvaluationReport> ablation = new LinkedHashMap<>();
    if (s.ablation()) {
      log.println("selection ablation");
      ablation.putAll(
          SelectionAblation.run(
              s.ablationWithRaw() ? firstIn : graphOnly(firstIn),
              params,
              first.name(),
              s.shots(),
              s.draws(),
              s.seed()));
    }
    Map<String, EvaluationReport> sweep = new LinkedHashMap<>();
    if (s.sweep()) {
      EvaluationInput holdout = graphOnly(set.trainHoldoutInput(first, 0.5, s.seed()));
      for (double tau : new double[] {10, 20, 40}) {
        for (double kappa : new double[] {28, 56, 112}) {
          log.printf("train sweep: tau %.0f, kappa %.0f%n", tau, kappa);
          sweep.put(
              f("tau %.0f, kappa %.0f", tau, kappa),
              new FewShotEvaluation(withTauKappa(params, tau, kappa))
                  .evaluate(holdout, first.name(), s.shots(), s.draws(), s.seed()));
        }
      }
    }
    double localiseP50 = localiseP50Micros(firstIn, first.name(), s, params);
    int[] layerOf = new int[graph.patternCount()];
    for (var gl : graph.layers()) {
      for (var p : gl.patterns()) {
        layerOf[p.id()] = p.layer();
      }
    }
    int[] rawLayerOf = new int[set.raw().values().iterator().next().patternCount()];
    int at = 0;
    for (int l : raw) {
      for (int c = 0; c < store.layers().get(l).channels(); c++) {
        rawLayerOf[at++] = l;
      }
    }
    double[] graphSpread =
        ResponseBridge.positionSpread(set.graph().values(), layerOf, k, MIN_FIRINGS);
    double[] rawSpread =
        ResponseBridge.positionSpread(set.raw().values(), rawLayerOf, k, MIN_FIRINGS);
    Map<String, double[]> partStd = new LinkedHashMap<>();
    for (PartDefinition p : s.parts()) {
      partStd.put(p.name(), centreStd(p.centres(set.images()).values()));
    }
    double[] ms = set.inferMillis().clone();
    Arrays.sort(ms);
    return new Result(
        graph.modelName(),
        graph.patternCount(),
        set.raw().values().iterator().next().patternCount(),
        set.descriptors().values().iterator().next().length,
        set.split("train").size(),
        set.split("test").size(),
        s,
        results,
        curve,
        ablation,
        sweep,
        ms[ms.length / 2],
        localiseP50,
        collectSeconds,
        store.layers().stream().map(l -> l.name()).toList(),
        graphSpread,
        rawSpread,
        !set.graphFlipped().isEmpty(),
        inference.parameters().inferenceSearch().name(),
        partStd);
  }

  /** Patterns firing on fewer images are left out of the spread. */
  private static final int MIN_FIRINGS = 5;

  /** Sample std of x and of y. */
  private static double[] centreStd(java.util.Collection<io.xgraph.learner.data.Point> pts) {
    double mx = 0;
    double my = 0;
    for (var p : pts) {
      mx += p.x();
      my += p.y();
    }
    int n = pts.size();
    mx /= n;
    my /= n;
    double vx = 0;
    double vy = 0;
    for (var p : pts) {
      vx += (p.x() - mx) * (p.x() - mx);
      vy += (p.y() - my) * (p.y() - my);
    }
    return new double[] {Math.sqrt(vx / Math.max(1, n - 1)), Math.sqrt(vy / Math.max(1, n - 1))};
  }

  /**
   * The input without raw-filter responses: the ablation and the sweep are about the selection rule
   * on the graph's patterns, and the raw-filter AOG would double their run time.
   */
  public static EvaluationInput graphOnly(EvaluationInput in) {
    return new EvaluationInput(
        in.graph(),
        in.graphFlipped(),
        null,
        null,
        in.descriptors(),
        in.flippedDescriptors(),
        in.partPoints(),
        in.trainIds(),
        in.testIds());
  }

  /** Re-learns the draws' models (same draws as the report) and counts what they kept. */
  private static Selection selection(
      EvaluationInput in,
      Map<String, PatternResponses> responses,
      String part,
      EvaluationReport rep,
      AogParameters params,
      ExplanatoryGraph graph) {
    PartTemplateLearner learner = new PartTemplateLearner(params);
    int[] layerOf = null;
    int layers = 0;
    if (graph != null) {
      layers = graph.layers().size();
      layerOf = new int[graph.patternCount()];
      for (var gl : graph.layers()) {
        for (var p : gl.patterns()) {
          layerOf[p.id()] = p.layer();
        }
      }
    }
    double[] perLayer = new double[layers];
    long kept = 0;
    long templates = 0;
    for (EvaluationReport.Draw d : rep.draws()) {
      PartModel m = learn(learner, in, responses, part, d.annotatedImageIds());
      for (PartTemplate t : m.templates()) {
        templates++;
        kept += t.patterns().size();
        if (layerOf != null) {
          for (var tp : t.patterns()) {
            perLayer[layerOf[tp.patternIndex()]]++;
          }
        }
      }
    }
    if (kept > 0) {
      for (int l = 0; l < layers; l++) {
        perLayer[l] /= kept;
      }
    }
    return new Selection(templates == 0 ? 0 : (double) kept / templates, perLayer);
  }

  private static PartModel learn(
      PartTemplateLearner learner,
      EvaluationInput in,
      Map<String, PatternResponses> responses,
      String part,
      List<String> chosen) {
    List<AnnotatedExample> shots = new ArrayList<>();
    for (String id : chosen) {
      shots.add(new AnnotatedExample(responses.get(id), in.partPoints().get(id)));
    }
    Set<String> chosenSet = new HashSet<>(chosen);
    List<PatternResponses> unannotated = new ArrayList<>();
    for (String id : in.trainIds()) {
      if (!chosenSet.contains(id)) {
        unannotated.add(responses.get(id));
      }
    }
    return learner.learn(part, shots, unannotated);
  }

  /**
   * p50 of one AOG localisation on the graph responses (the first draw's model, every test image).
   */
  private static double localiseP50Micros(
      EvaluationInput in, String part, Settings s, AogParameters params) {
    List<String> withPart = in.trainIds().stream().filter(in.partPoints()::containsKey).toList();
    List<String> chosen = FewShotEvaluation.drawShots(withPart, s.shots(), 1, s.seed()).get(0);
    PartModel m = learn(new PartTemplateLearner(params), in, in.graph(), part, chosen);
    PartLocalizer loc = new PartLocalizer(params);
    List<String> tests = in.testIds().stream().filter(in.partPoints()::containsKey).toList();
    double[] us = new double[tests.size()];
    for (int rep = 0; rep < 2; rep++) { // the first pass warms the JIT up
      for (int i = 0; i < tests.size(); i++) {
        long t = System.nanoTime();
        loc.localize(m, in.graph().get(tests.get(i)), null);
        us[i] = (System.nanoTime() - t) / 1e3;
      }
    }
    Arrays.sort(us);
    return us[us.length / 2];
  }
}
