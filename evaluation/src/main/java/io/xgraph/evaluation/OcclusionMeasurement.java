package io.xgraph.evaluation;

import io.xgraph.ingest.image.Preprocessing;
import io.xgraph.ingest.onnx.OcclusionRunner;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.ingest.store.StoredImage;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.meaning.Faithfulness;
import io.xgraph.learner.meaning.OcclusionRegion;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * The occlusion loop of {@code xgraph part occlusion}: for each chosen image, the CNN's top class
 * on the unoccluded object crop, then the drop of its probability with each chosen pattern's region
 * and each region's random same-size control occluded, in batches.
 */
public final class OcclusionMeasurement {

  /** One occlusion of one pattern on one image (for the single-pattern listing). */
  public record PatternRow(
      String imageId,
      double score,
      double x,
      double y,
      int topClass,
      double topScore,
      double drop,
      double controlDrop) {}

  /** What the loop did, for the cost line. */
  public record Cost(
      int images,
      long occlusions,
      int batch,
      double decodeSeconds,
      double cnnSeconds,
      double meanTopScore) {}

  private final FeatureStore features;
  private final ExplanatoryGraph graph;
  private final OcclusionRunner runner;
  private final Preprocessing preprocessing;
  private final Function<String, Path> imageFile;
  private final double[] sides;
  private final long seed;
  private long occlusions;
  private double decodeSeconds;
  private double cnnSeconds;
  private int imagesDone;
  private double topScoreSum;

  public OcclusionMeasurement(
      FeatureStore features,
      ExplanatoryGraph graph,
      OcclusionRunner runner,
      Function<String, Path> imageFile,
      double regionFraction,
      long seed) {
    this.features = features;
    this.graph = graph;
    this.runner = runner;
    this.preprocessing = Preprocessing.byId(features.preprocessing());
    this.imageFile = imageFile;
    this.seed = seed;
    List<LayerGeometry> layers = features.layers();
    this.sides = new double[layers.size()];
    for (int l = 0; l < layers.size(); l++) {
      sides[l] = side(layers.get(l), regionFraction);
    }
  }

  /** The occluded square's side in a layer: a fraction of its receptive field, at least 1 px. */
  public static double side(LayerGeometry g, double regionFraction) {
    return Math.max(1, regionFraction * g.receptiveField());
  }

  public double[] sides() {
    return sides.clone();
  }

  public Cost cost() {
    return new Cost(
        imagesDone,
        occlusions,
        runner.batch(),
        decodeSeconds,
        cnnSeconds,
        imagesDone == 0 ? Double.NaN : topScoreSum / imagesDone);
  }

  /**
   * Occludes, on each image (store index {@code images[j]}, inferred positions in column {@code j}
   * of {@code p}), the {@code top} strongest firing patterns of each layer in {@code layers}, their
   * controls, and the {@code top} strongest labelled and unlabelled ones ({@code labelled} by
   * pattern id; null: no labels).
   */
  public Faithfulness.Tally measureLayers(
      int[] images,
      InferredPositions p,
      List<Integer> layers,
      int top,
      Set<Integer> labelled,
      LongConsumer done) {
    List<String> names = features.layers().stream().map(LayerGeometry::name).toList();
    Faithfulness.Tally tally = new Faithfulness.Tally(names, sides);
    for (int j = 0; j < images.length; j++) {
      float[] input = input(images[j]);
      float[] probabilities = unoccluded(input);
      int cls = OcclusionRunner.argmax(probabilities);
      double before = probabilities[cls];
      topScoreSum += before;
      for (int l : layers) {
        var patterns = graph.layers().get(l).patterns();
        int n = patterns.size();
        float[] score = new float[n];
        boolean[] fired = new boolean[n];
        boolean[] isLabelled = new boolean[n];
        boolean[] isUnlabelled = new boolean[n];
        for (int v = 0; v < n; v++) {
          score[v] = p.graphScore()[l][v][j];
          fired[v] = p.graphFired()[l][v][j];
          isLabelled[v] = labelled != null && labelled.contains(patterns.get(v).id());
          isUnlabelled[v] = labelled != null && !isLabelled[v];
        }
        int[] strongest = Faithfulness.strongest(score, fired, null, top);
        int[] withLabel =
            labelled == null ? new int[0] : Faithfulness.strongest(score, fired, isLabelled, top);
        int[] without =
            labelled == null ? new int[0] : Faithfulness.strongest(score, fired, isUnlabelled, top);
        Set<Integer> chosen = new LinkedHashSet<>();
        for (int[] group : List.of(strongest, withLabel, without)) {
          for (int v : group) {
            chosen.add(v);
          }
        }
        Random random = random(images[j], l);
        Map<Integer, double[]> drops = new LinkedHashMap<>();
        List<OcclusionRegion> regions = new ArrayList<>();
        for (int v : chosen) {
          OcclusionRegion r =
              OcclusionRegion.around(
                  p.graphX()[l][v][j], p.graphY()[l][v][j], sides[l], runner.inputSize());
          regions.add(r);
          regions.add(r.randomLike(runner.inputSize(), random));
        }
        double[] after = scores(input, cls, regions);
        int k = 0;
        for (int v : chosen) {
          double drop = Faithfulness.drop(before, after[k++]);
          double control = Faithfulness.drop(before, after[k++]);
          drops.put(v, new double[] {drop, control});
          tally.addPattern(l, patterns.get(v).id(), drop, control);
        }
        for (int v : strongest) {
          tally.addPaired(l, images[j], drops.get(v)[0], drops.get(v)[1]);
        }
        for (int v : withLabel) {
          tally.add(l, Faithfulness.Group.LABELLED, drops.get(v)[0]);
        }
        for (int v : without) {
          tally.add(l, Faithfulness.Group.UNLABELLED, drops.get(v)[0]);
        }
      }
      imagesDone++;
      done.accept(j + 1);
    }
    return tally;
  }

  /**
   * Occludes pattern {@code index} of {@code layer} on each image where it fired, with a random
   * same-size control each time.
   */
  public List<PatternRow> measurePattern(
      int[] images, InferredPositions p, int layer, int index, LongConsumer done) {
    List<PatternRow> rows = new ArrayList<>();
    for (int j = 0; j < images.length; j++) {
      if (p.graphFired()[layer][index][j]) {
        float[] input = input(images[j]);
        float[] probabilities = unoccluded(input);
        int cls = OcclusionRunner.argmax(probabilities);
        double x = p.graphX()[layer][index][j];
        double y = p.graphY()[layer][index][j];
        OcclusionRegion r = OcclusionRegion.around(x, y, sides[layer], runner.inputSize());
        OcclusionRegion control = r.randomLike(runner.inputSize(), random(images[j], layer));
        double[] after = scores(input, cls, List.of(r, control));
        rows.add(
            new PatternRow(
                features.images().get(images[j]).id(),
                p.graphScore()[layer][index][j],
                x,
                y,
                cls,
                probabilities[cls],
                Faithfulness.drop(probabilities[cls], after[0]),
                Faithfulness.drop(probabilities[cls], after[1])));
        topScoreSum += probabilities[cls];
        imagesDone++;
      }
      done.accept(j + 1);
    }
    return rows;
  }

  /** The same control squares for an image and layer whatever else is measured. */
  private Random random(int image, int layer) {
    return new Random(seed * 1_000_003L + image * 31L + layer);
  }

  private float[] input(int image) {
    long t0 = System.nanoTime();
    StoredImage im = features.storedImages().get(image);
    float[] in = runner.objectInput(imageFile.apply(im.file()), im.box(), preprocessing);
    decodeSeconds += (System.nanoTime() - t0) / 1e9;
    return in;
  }

  private float[] unoccluded(float[] input) {
    long t0 = System.nanoTime();
    float[] p = runner.probabilities(input);
    cnnSeconds += (System.nanoTime() - t0) / 1e9;
    return p;
  }

  private double[] scores(float[] input, int cls, List<OcclusionRegion> regions) {
    long t0 = System.nanoTime();
    double[] s = runner.classScores(input, cls, regions);
    cnnSeconds += (System.nanoTime() - t0) / 1e9;
    occlusions += regions.size();
    return s;
  }
}
