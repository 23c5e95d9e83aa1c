package io.xgraph.learner.testing;

import io.xgraph.learner.data.FeatureSource;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.em.ExplanatoryGraphLearner;
import io.xgraph.learner.em.LayerCheckpoints;
import io.xgraph.learner.em.LearnListener;
import io.xgraph.learner.em.LearnerParameters;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Manual timing probe on SqueezeNet-shaped random sparse maps (not a test). */
public final class ScaleProbe implements FeatureSource {
  final List<LayerGeometry> layers =
      List.of(
          new LayerGeometry("fire5", 0, 256, 27, 27, 8, 7.5, 51, 224),
          new LayerGeometry("fire7", 1, 384, 13, 13, 16, 15.5, 99, 224),
          new LayerGeometry("fire8", 2, 512, 13, 13, 16, 15.5, 131, 224),
          new LayerGeometry("fire9", 3, 512, 13, 13, 16, 15.5, 163, 224));
  final int images;

  ScaleProbe(int images) {
    this.images = images;
  }

  public String modelName() {
    return "probe";
  }

  public String modelSha256() {
    return "1".repeat(64);
  }

  public List<LayerGeometry> layers() {
    return layers;
  }

  public List<ImageRecord> images() {
    List<ImageRecord> r = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      r.add(new ImageRecord("i" + i, "train", Map.of()));
    }
    return r;
  }

  public void read(int layer, int image, float[] dest) {
    Random rnd = new Random(layer * 100003L + image);
    for (int k = 0; k < dest.length; k++) {
      dest[k] = rnd.nextDouble() < 0.3 ? (float) (rnd.nextDouble() * 3) : -1f;
    }
  }

  public float[] negativeSigma(int layer) {
    float[] s = new float[layers.get(layer).size()];
    Arrays.fill(s, 1f);
    return s;
  }

  public static void main(String[] a) {
    int images = Integer.parseInt(a[0]);
    int iters = a.length > 1 ? Integer.parseInt(a[1]) : 20;
    long t0 = System.nanoTime();
    ExplanatoryGraph g =
        new ExplanatoryGraphLearner(LearnerParameters.defaults().withIterations(iters), 2)
            .learn(
                new ScaleProbe(images),
                new LearnListener() {
                  public void layerFinished(int layer, double s) {
                    System.out.printf("layer %d %.1f s%n", layer, s);
                  }
                },
                LayerCheckpoints.none());
    System.out.printf(
        "%d patterns %d edges %.1f s%n",
        g.patternCount(), g.edgeCount(), (System.nanoTime() - t0) / 1e9);
  }
}
