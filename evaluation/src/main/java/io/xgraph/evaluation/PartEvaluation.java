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
import io.xgraph.learner.eval.SampleStatistics;
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

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  /** Runs everything; progress goes to {@code log}. */
  public static PartEvaluationResult run(
      FeatureSource store, ExplanatoryGraph graph, Settings s, PrintStream log) {
    return run(store, null, new GraphInference(graph), s, log);
  }

  /**
   * Runs everything with the flipped crops of {@code mirrored} (null: none) and the given graph
   * inference; progress goes to {@code log}.
   */
  public static PartEvaluationResult run(
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
    List<PartEvaluationResult.PartResult> results = new ArrayList<>();
    for (PartDefinition p : s.parts()) {
      log.printf("part %s: %d draws of %d shots%n", p.name(), s.draws(), s.shots());
      EvaluationInput in = s.graphOnly() ? graphOnly(set.input(p, keep)) : set.input(p, keep);
      EvaluationReport rep =
          new FewShotEvaluation(params).evaluate(in, p.name(), s.shots(), s.draws(), s.seed());
      log.print(rep.table());
      results.add(
          new PartEvaluationResult.PartResult(
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
    return new PartEvaluationResult(
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
    int n = pts.size();
    if (n < 2) {
      return new double[] {0, 0}; // one annotated centre has no spread
    }
    double[] xs = pts.stream().mapToDouble(io.xgraph.learner.data.Point::x).toArray();
    double[] ys = pts.stream().mapToDouble(io.xgraph.learner.data.Point::y).toArray();
    return new double[] {SampleStatistics.std(xs), SampleStatistics.std(ys)};
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
  private static PartEvaluationResult.Selection selection(
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
    return new PartEvaluationResult.Selection(
        templates == 0 ? 0 : (double) kept / templates, perLayer);
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
