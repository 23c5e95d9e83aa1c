package io.xgraph.evaluation;

import io.xgraph.learner.aog.AnnotatedExample;
import io.xgraph.learner.aog.AogParameters;
import io.xgraph.learner.aog.EvaluationReport;
import io.xgraph.learner.aog.FewShotEvaluation;
import io.xgraph.learner.aog.MeanPositionBaseline;
import io.xgraph.learner.aog.PartLocalization;
import io.xgraph.learner.aog.PartLocalizer;
import io.xgraph.learner.aog.PartModel;
import io.xgraph.learner.aog.PartTemplateLearner;
import io.xgraph.learner.aog.PatternResponses;
import io.xgraph.learner.aog.bridge.PartDefinition;
import io.xgraph.learner.aog.bridge.ResponseSet;
import io.xgraph.learner.data.FeatureSource;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.Point;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Teaches one part from a few annotated train images with the And-Or graph on the explanatory
 * graph's patterns, and localises it on every test image (the learner-level API, as {@code part
 * eval} uses it). Shared by {@code demo} and {@code part show}.
 */
public final class FewShotPart {

  private FewShotPart() {}

  /**
   * What one teaching gave.
   *
   * @param part the part taught
   * @param shots the annotated train images, in draw order
   * @param model the learned part model
   * @param predicted the AOG's point per test image that shows the part
   * @param truth the annotated point per test image that shows the part
   * @param meanPosition the mean of the shots' annotations (the baseline's answer everywhere)
   */
  public record Taught(
      PartDefinition part,
      List<String> shots,
      PartModel model,
      Map<String, Point> predicted,
      Map<String, Point> truth,
      Point meanPosition) {

    /** Mean normalized distance (pixel distance / crop diagonal) of the AOG's points. */
    public double aogError(int inputSize) {
      return meanError(predicted, inputSize);
    }

    /** Mean normalized distance of the mean-position baseline. */
    public double meanPositionError(int inputSize) {
      Map<String, Point> same = new LinkedHashMap<>();
      truth.keySet().forEach(id -> same.put(id, meanPosition));
      return meanError(same, inputSize);
    }

    private double meanError(Map<String, Point> guess, int inputSize) {
      double diagonal = inputSize * Math.sqrt(2);
      double sum = 0;
      for (Map.Entry<String, Point> e : truth.entrySet()) {
        sum += guess.get(e.getKey()).distance(e.getValue()) / diagonal;
      }
      return truth.isEmpty() ? Double.NaN : sum / truth.size();
    }
  }

  /**
   * Infers the graph on every image of {@code source} (with a progress bar) and returns the
   * responses the AOG needs.
   */
  public static ResponseSet responses(FeatureSource source, ExplanatoryGraph graph) {
    return responses(source, null, new GraphInference(graph), Progress.NONE);
  }

  /**
   * As {@link #responses(FeatureSource, ExplanatoryGraph)} with the given inference, plus the
   * responses of the flipped crops of {@code mirrored} (the sibling store of {@code ingest
   * --mirrored}; null: none), which turn on the AOG's mirrored OR branch and flipped-shot
   * templates.
   */
  public static ResponseSet responses(
      FeatureSource source, FeatureSource mirrored, GraphInference inference, Progress progress) {
    int top = source.layers().size() - 1;
    // Raw filters and descriptors are not used here: one layer keeps them cheap.
    ResponseSet set =
        ResponseSet.collect(
            source,
            inference,
            List.of(top),
            List.of(top),
            (done, total) -> progress.step("graph inference", done, total));
    if (mirrored == null) {
      return set;
    }
    return set.withMirrored(
        mirrored,
        inference,
        (done, total) -> progress.step("graph inference, flipped", done, total));
  }

  /**
   * {@code part eval}'s protocol (same draws for a seed) on the graph's AOG and its baselines (AOG
   * on raw filters, nearest-shot transfer by descriptor, mean annotation): mean and std over {@code
   * draws} draws of {@code shots} annotated train images, with the flipped responses when the set
   * has them.
   */
  public static EvaluationReport evaluate(
      ResponseSet set, PartDefinition part, int shots, int draws, long seed) {
    // every method of part eval: the AOG on the graph is read against its baselines
    return new FewShotEvaluation(AogParameters.defaults())
        .evaluate(set.input(part), part.name(), shots, draws, seed);
  }

  /**
   * Teaches {@code part} from {@code shots} annotated train images drawn with {@code seed} (the
   * same draw as {@code part eval}'s first draw) and localises it on every test image that shows
   * it; with the flipped responses when the set has them (as {@code part eval}).
   *
   * @throws IllegalArgumentException when the train split has fewer annotated images than shots
   */
  public static Taught teach(ResponseSet set, PartDefinition part, int shots, long seed) {
    Map<String, Point> centres = part.centres(set.images());
    List<String> trainWithPart = new ArrayList<>();
    List<String> testWithPart = new ArrayList<>();
    for (ImageRecord im : set.images()) {
      if (!centres.containsKey(im.id())) {
        continue;
      }
      if ("test".equals(im.split())) {
        testWithPart.add(im.id());
      } else {
        trainWithPart.add(im.id());
      }
    }
    if (trainWithPart.size() < shots) {
      throw new IllegalArgumentException(
          "Only "
              + trainWithPart.size()
              + " train images show part `"
              + part.name()
              + "`, "
              + shots
              + " needed: ingest more images (--limit) or ask for fewer shots");
    }
    List<String> chosen = FewShotEvaluation.drawShots(trainWithPart, shots, 1, seed).get(0);
    List<AnnotatedExample> examples = new ArrayList<>();
    List<Point> annotations = new ArrayList<>();
    for (String id : chosen) {
      // get() is null when the set has no flipped responses: no mirrored branch then.
      examples.add(
          new AnnotatedExample(set.graph().get(id), centres.get(id), set.graphFlipped().get(id)));
      annotations.add(centres.get(id));
    }
    Set<String> chosenSet = new HashSet<>(chosen);
    List<PatternResponses> unannotated = new ArrayList<>();
    for (ImageRecord im : set.images()) {
      if (im.isTrain() && !"all".equals(im.split()) && !chosenSet.contains(im.id())) {
        unannotated.add(set.graph().get(im.id()));
      }
    }
    AogParameters params = AogParameters.defaults();
    PartModel model = new PartTemplateLearner(params).learn(part.name(), examples, unannotated);
    PartLocalizer localizer = new PartLocalizer(params);
    Map<String, Point> predicted = new LinkedHashMap<>();
    Map<String, Point> truth = new LinkedHashMap<>();
    for (String id : testWithPart) {
      PartLocalization loc =
          localizer.localize(model, set.graph().get(id), set.graphFlipped().get(id));
      predicted.put(id, loc.point());
      truth.put(id, centres.get(id));
    }
    return new Taught(
        part, chosen, model, predicted, truth, MeanPositionBaseline.predict(annotations));
  }
}
