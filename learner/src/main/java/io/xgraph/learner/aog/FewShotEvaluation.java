package io.xgraph.learner.aog;

import io.xgraph.learner.data.Point;
import io.xgraph.learner.eval.SampleStatistics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The few-shot part-localisation protocol (paper Experiment 3, Tables 2-3), pure: no I/O.
 *
 * <p>Each draw picks {@code shots} annotated images from the train images that have the part
 * (uniformly without replacement, from the ids sorted, with {@code new Random(seed)} drawn in
 * sequence, so a seed fixes every draw); every method learns from those shots (AOG methods also use
 * the train split's other images, unannotated) and localises every test image that has the part.
 * The normalized distance is the pixel distance over the crop diagonal {@code 224 sqrt 2}; per
 * method the report gives the mean over test images per draw, then the mean and sample standard
 * deviation over draws. Every method sees the same draws.
 *
 * <p>Methods: {@value #AOG_GRAPH} (AOG on explanatory-graph patterns), {@value #AOG_RAW} (the same
 * AOG on raw-filter responses), {@value #NEAREST} (annotation of the most cosine-similar annotated
 * image) and {@value #MEAN} (mean annotation). A method whose inputs are absent is skipped.
 */
public final class FewShotEvaluation {

  public static final String AOG_GRAPH = "aog-graph";
  public static final String AOG_RAW = "aog-raw-filters";
  public static final String NEAREST = "nearest-descriptor";
  public static final String MEAN = "mean-position";

  /** Report order of the methods. */
  public static final List<String> METHODS = List.of(AOG_GRAPH, AOG_RAW, NEAREST, MEAN);

  /** Fewest draws accepted: fewer make the standard deviation over draws meaningless. */
  public static final int MIN_DRAWS = 10;

  private final AogParameters params;

  public FewShotEvaluation(AogParameters params) {
    if (params == null) {
      throw new IllegalArgumentException("AOG parameters are null: use AogParameters.defaults()");
    }
    this.params = params;
  }

  /**
   * Runs the protocol.
   *
   * @param in the responses, descriptors, part points and split
   * @param partName the part's name (e.g. "head")
   * @param shots annotated images per draw (the experiment uses 3)
   * @param draws number of draws, at least {@value #MIN_DRAWS}
   * @param seed fixes the draws
   * @throws IllegalArgumentException on inconsistent input, naming the image or key and the fix
   */
  public EvaluationReport evaluate(
      EvaluationInput in, String partName, int shots, int draws, long seed) {
    if (shots < 1) {
      throw new IllegalArgumentException(
          "Value for `shots` was `" + shots + "`, but must be >= 1 (the experiment uses 3).");
    }
    if (draws < MIN_DRAWS) {
      throw new IllegalArgumentException(
          "Value for `draws` was `"
              + draws
              + "`, but must be >= "
              + MIN_DRAWS
              + " so that the spread over draws means something.");
    }
    validate(in);
    List<String> trainWithPart = new ArrayList<>();
    for (String id : in.trainIds()) {
      if (in.partPoints().containsKey(id)) {
        trainWithPart.add(id);
      }
    }
    if (trainWithPart.size() < shots) {
      throw new IllegalArgumentException(
          "Only "
              + trainWithPart.size()
              + " train images have part `"
              + partName
              + "` but each draw needs "
              + shots
              + " annotated images: lower `shots` or add annotated train images");
    }
    List<String> tests = new ArrayList<>();
    for (String id : in.testIds()) {
      if (in.partPoints().containsKey(id)) {
        tests.add(id);
      }
    }
    if (tests.isEmpty()) {
      throw new IllegalArgumentException(
          "No test image has part `" + partName + "`: add annotated images to the test split");
    }
    List<String> methods = new ArrayList<>();
    methods.add(AOG_GRAPH);
    if (!in.raw().isEmpty()) {
      methods.add(AOG_RAW);
    }
    if (!in.descriptors().isEmpty()) {
      methods.add(NEAREST);
    }
    methods.add(MEAN);

    List<List<String>> shotLists = drawShots(trainWithPart, shots, draws, seed);
    Map<String, double[]> perDraw = new LinkedHashMap<>();
    Map<String, long[]> nanos = new LinkedHashMap<>();
    for (String m : methods) {
      perDraw.put(m, new double[draws]);
      nanos.put(m, new long[2]); // [0] localisation total, [1] learning total
    }
    List<EvaluationReport.Draw> drawRecords = new ArrayList<>();
    PartTemplateLearner learner = new PartTemplateLearner(params);
    PartLocalizer localizer = new PartLocalizer(params);
    for (int d = 0; d < draws; d++) {
      List<String> chosen = shotLists.get(d);
      Map<String, Double> means = new LinkedHashMap<>();
      for (String m : methods) {
        double sum = 0;
        long[] t = nanos.get(m);
        long t0 = System.nanoTime();
        Localiser loc = prepare(m, in, chosen, partName, learner, localizer);
        t[1] += System.nanoTime() - t0;
        for (String id : tests) {
          long t1 = System.nanoTime();
          Point p = loc.localise(id);
          t[0] += System.nanoTime() - t1;
          sum += ImagePlane.normalizedDistance(p, in.partPoints().get(id));
        }
        double mean = sum / tests.size();
        perDraw.get(m)[d] = mean;
        means.put(m, mean);
      }
      drawRecords.add(new EvaluationReport.Draw(d, chosen, means));
    }
    List<EvaluationReport.MethodSummary> summaries = new ArrayList<>();
    for (String m : methods) {
      double[] v = perDraw.get(m);
      double mean = SampleStatistics.mean(v);
      double std = SampleStatistics.std(v, v.length, mean);
      long[] t = nanos.get(m);
      summaries.add(
          new EvaluationReport.MethodSummary(
              m, mean, std, t[0] / 1e3 / ((double) draws * tests.size()), t[1] / 1e6 / draws));
    }
    return new EvaluationReport(summaries, drawRecords, tests.size());
  }

  /**
   * The draws: {@code draws} lists of {@code shots} distinct ids from {@code candidates} (sorted
   * first), by a partial Fisher-Yates shuffle per draw with one {@code Random(seed)}.
   */
  public static List<List<String>> drawShots(
      List<String> candidates, int shots, int draws, long seed) {
    List<String> sorted = new ArrayList<>(candidates);
    sorted.sort(null);
    Random random = new Random(seed);
    List<List<String>> out = new ArrayList<>();
    for (int d = 0; d < draws; d++) {
      List<String> pool = new ArrayList<>(sorted);
      List<String> chosen = new ArrayList<>();
      for (int k = 0; k < shots; k++) {
        int j = k + random.nextInt(pool.size() - k);
        String tmp = pool.get(k);
        pool.set(k, pool.get(j));
        pool.set(j, tmp);
        chosen.add(pool.get(k));
      }
      out.add(List.copyOf(chosen));
    }
    return List.copyOf(out);
  }

  private interface Localiser {
    Point localise(String imageId);
  }

  private Localiser prepare(
      String method,
      EvaluationInput in,
      List<String> chosen,
      String partName,
      PartTemplateLearner learner,
      PartLocalizer localizer) {
    switch (method) {
      case MEAN -> {
        List<Point> pts = new ArrayList<>();
        chosen.forEach(id -> pts.add(in.partPoints().get(id)));
        Point mean = MeanPositionBaseline.predict(pts);
        return id -> mean;
      }
      case NEAREST -> {
        List<NearestDescriptorBaseline.Example> ex = new ArrayList<>();
        for (String id : chosen) {
          ex.add(
              new NearestDescriptorBaseline.Example(
                  id, in.descriptors().get(id), in.partPoints().get(id)));
        }
        return id ->
            NearestDescriptorBaseline.predict(
                    ex, in.descriptors().get(id), in.flippedDescriptors().get(id))
                .point();
      }
      case AOG_GRAPH, AOG_RAW -> {
        Map<String, PatternResponses> r = method.equals(AOG_GRAPH) ? in.graph() : in.raw();
        Map<String, PatternResponses> rf =
            method.equals(AOG_GRAPH) ? in.graphFlipped() : in.rawFlipped();
        List<AnnotatedExample> shots = new ArrayList<>();
        for (String id : chosen) {
          shots.add(new AnnotatedExample(r.get(id), in.partPoints().get(id), rf.get(id)));
        }
        Set<String> chosenSet = new HashSet<>(chosen);
        List<PatternResponses> unannotated = new ArrayList<>();
        for (String id : in.trainIds()) {
          if (!chosenSet.contains(id)) {
            unannotated.add(r.get(id));
          }
        }
        PartModel model = learner.learn(partName, shots, unannotated);
        return id -> localizer.localize(model, r.get(id), rf.get(id)).point();
      }
      default -> throw new IllegalStateException("unknown method " + method);
    }
  }

  private static void validate(EvaluationInput in) {
    if (in == null) {
      throw new IllegalArgumentException("Evaluation input is null");
    }
    if (in.trainIds().isEmpty() || in.testIds().isEmpty()) {
      throw new IllegalArgumentException(
          "Evaluation needs a non-empty train split and test split (got "
              + in.trainIds().size()
              + " train, "
              + in.testIds().size()
              + " test ids)");
    }
    Set<String> train = new HashSet<>();
    for (String id : in.trainIds()) {
      if (!train.add(id)) {
        throw new IllegalArgumentException(
            "Image `" + id + "` is listed twice in the train split: list each image once");
      }
    }
    Set<String> all = new HashSet<>(train);
    for (String id : in.testIds()) {
      if (!all.add(id)) {
        throw new IllegalArgumentException(
            "Image `"
                + id
                + "` is in the test split twice or in both splits: the splits must be disjoint");
      }
    }
    int patterns = -1;
    int rawPatterns = -1;
    for (String id : in.trainIds()) {
      patterns = checkResponses(in.graph(), id, "train", "graph responses", patterns, true);
      rawPatterns =
          checkResponses(in.raw(), id, "train", "raw-filter responses", rawPatterns, false);
    }
    for (String id : in.testIds()) {
      patterns = checkResponses(in.graph(), id, "test", "graph responses", patterns, true);
      rawPatterns =
          checkResponses(in.raw(), id, "test", "raw-filter responses", rawPatterns, false);
    }
    checkFlipped(in.graphFlipped(), all, patterns, "flipped graph responses");
    checkFlipped(in.rawFlipped(), all, rawPatterns, "flipped raw-filter responses");
    if (!in.descriptors().isEmpty()) {
      for (String id : all) {
        if (!in.descriptors().containsKey(id)) {
          throw new IllegalArgumentException(
              "Image `"
                  + id
                  + "` has no descriptor: supply a descriptor for every image of both splits, or"
                  + " none");
        }
      }
    }
    for (Map.Entry<String, Point> e : in.partPoints().entrySet()) {
      if (!all.contains(e.getKey())) {
        continue; // annotations of images outside both splits are not used
      }
      ImagePlane.requireOnPlane(e.getValue(), "Part annotation of image `" + e.getKey() + "`");
    }
  }

  private static int checkResponses(
      Map<String, PatternResponses> m,
      String id,
      String split,
      String what,
      int expected,
      boolean required) {
    if (m.isEmpty() && !required) {
      return expected;
    }
    PatternResponses r = m.get(id);
    if (r == null) {
      throw new IllegalArgumentException(
          "Image `"
              + id
              + "` of the "
              + split
              + " split has no "
              + what
              + ": supply them for every image of both splits, or remove the image from the split");
    }
    if (!r.imageId().equals(id)) {
      throw new IllegalArgumentException(
          "The "
              + what
              + " stored under image `"
              + id
              + "` are for image `"
              + r.imageId()
              + "`: key each response set by its own image id");
    }
    if (expected >= 0 && r.patternCount() != expected) {
      throw new IllegalArgumentException(
          "The "
              + what
              + " of image `"
              + id
              + "` have "
              + r.patternCount()
              + " patterns, others have "
              + expected
              + ": use responses of one graph (one filter set) for every image");
    }
    return r.patternCount();
  }

  private static void checkFlipped(
      Map<String, PatternResponses> m, Set<String> all, int expected, String what) {
    for (Map.Entry<String, PatternResponses> e : m.entrySet()) {
      if (!all.contains(e.getKey())) {
        continue; // images outside both splits are not used
      }
      if (e.getValue().patternCount() != expected) {
        throw new IllegalArgumentException(
            "The "
                + what
                + " of image `"
                + e.getKey()
                + "` have "
                + e.getValue().patternCount()
                + " patterns, the unflipped ones "
                + expected
                + ": flip the image, not the pattern set");
      }
    }
  }
}
