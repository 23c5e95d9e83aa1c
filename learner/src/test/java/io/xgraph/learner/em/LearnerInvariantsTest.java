package io.xgraph.learner.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.io.FileCheckpoints;
import io.xgraph.learner.io.GraphCodec;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import io.xgraph.learner.testing.SyntheticFeatures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invariants: no NaN, scaled scores, determinism, resumable checkpoints, file round trip. */
class LearnerInvariantsTest {

  static final SyntheticFeatures SOURCE = new SyntheticFeatures(24, 6, 4, 5);
  static final LearnerParameters PARAMS =
      LearnerParameters.defaults().withIterations(6).withRho(0.1, 0.2).withSeed(9);

  static ExplanatoryGraph learn(LearnerParameters p, int threads, LayerCheckpoints cp) {
    return new ExplanatoryGraphLearner(p, threads).learn(SOURCE, LearnListener.silent(), cp);
  }

  @Test
  void graphIsFiniteWithScaledScoresAndTrainingImagesOnly() {
    ExplanatoryGraph g = learn(PARAMS, 2, LayerCheckpoints.none());
    assertEquals(24, g.trainingImageIds().size());
    assertEquals(2, g.layers().size());
    for (GraphLayer l : g.layers()) {
      assertTrue(l.scoreScale() > 0 && Double.isFinite(l.scoreScale()));
      double mean = 0;
      for (Pattern p : l.patterns()) {
        for (double v : new double[] {p.muX(), p.muY(), p.sigma(), p.meanScore()}) {
          assertTrue(Double.isFinite(v), "pattern " + p.id());
        }
        assertTrue(p.sigma() > 0);
        mean += p.meanScore();
        assertEquals(20, p.topImages().size());
        for (Firing f : p.topImages()) {
          assertTrue(g.trainingImageIds().contains(f.imageId()));
        }
        for (ParentLink e : p.parents()) {
          assertTrue(Double.isFinite(e.dx() + e.dy() + e.parentSigma() + e.coactivation()));
          assertTrue(e.coactivation() >= -1 && e.coactivation() <= 1);
        }
      }
      // step 5: scores are divided by their mean over the layer's nodes and images
      assertEquals(1.0, mean / l.patterns().size(), 1e-4);
    }
    // the top layer has no parents, the lower one has M = 15 (or all candidates if fewer)
    assertTrue(g.layers().get(1).patterns().stream().allMatch(p -> p.parents().isEmpty()));
    assertTrue(g.layers().get(0).patterns().stream().allMatch(p -> p.parents().size() == 15));
    assertEquals(PARAMS.toMap(), g.parameters());
  }

  @Test
  void sameSeedGivesTheSameGraphWhateverTheThreadCount() {
    ExplanatoryGraph a = learn(PARAMS, 2, LayerCheckpoints.none());
    ExplanatoryGraph b = learn(PARAMS, 1, LayerCheckpoints.none());
    assertEquals(a, b);
    ExplanatoryGraph c = learn(PARAMS.withSeed(10), 2, LayerCheckpoints.none());
    assertNotEquals(a, c);
  }

  @Test
  void interruptedRunResumesAtTheLastFinishedLayer(@TempDir Path dir) {
    ExplanatoryGraph full = learn(PARAMS, 2, LayerCheckpoints.none());
    FileCheckpoints files = new FileCheckpoints(dir);
    List<Integer> saved = new ArrayList<>();
    LayerCheckpoints crashing =
        new LayerCheckpoints() {
          @Override
          public Optional<GraphLayer> load(int layer, String runKey) {
            return files.load(layer, runKey);
          }

          @Override
          public void save(int layer, String runKey, GraphLayer finished) {
            files.save(layer, runKey, finished);
            saved.add(layer);
            throw new IllegalStateException("simulated interruption after layer " + layer);
          }
        };
    assertThrows(IllegalStateException.class, () -> learn(PARAMS, 2, crashing));
    assertEquals(List.of(1), saved);
    List<Integer> started = new ArrayList<>();
    ExplanatoryGraph resumed =
        new ExplanatoryGraphLearner(PARAMS, 2)
            .learn(
                SOURCE,
                new LearnListener() {
                  @Override
                  public void layerStarted(
                      int layer, String name, int nodes, int iterations, boolean fromCheckpoint) {
                    if (fromCheckpoint) {
                      started.add(layer);
                    }
                  }
                },
                files);
    assertEquals(List.of(1), started);
    assertEquals(full, resumed);
    // a checkpoint of other parameters is not reused
    List<Integer> reused = new ArrayList<>();
    new ExplanatoryGraphLearner(PARAMS.withSeed(4), 2)
        .learn(
            SOURCE,
            new LearnListener() {
              @Override
              public void layerStarted(
                  int layer, String name, int nodes, int iterations, boolean fromCheckpoint) {
                if (fromCheckpoint) {
                  reused.add(layer);
                }
              }
            },
            files);
    assertTrue(reused.isEmpty());
  }

  @Test
  void graphFileRoundTrips(@TempDir Path dir) {
    ExplanatoryGraph g = learn(PARAMS, 2, LayerCheckpoints.none());
    Path f = dir.resolve("g.xg");
    GraphCodec.write(g, f);
    assertEquals(g, GraphCodec.read(f));
    assertThrows(IllegalArgumentException.class, () -> GraphCodec.read(dir.resolve("missing.xg")));
  }

  @Test
  void inferenceOnATrainingImageReproducesTheRecordedTopImages() {
    ExplanatoryGraph g = learn(PARAMS, 2, LayerCheckpoints.none());
    // with the rules learning records its top images by (the release's window, best candidate)
    GraphInference inf = new GraphInference(g, LayerLearner::handDown);
    Pattern p = g.layers().get(0).patterns().get(5);
    Firing top = p.topImages().get(0);
    int image = Integer.parseInt(top.imageId().substring(3));
    List<float[]> maps = new ArrayList<>();
    for (int l = 0; l < 2; l++) {
      float[] m = new float[SOURCE.layers().get(l).size()];
      SOURCE.read(l, image, m);
      maps.add(m);
    }
    InferenceResult r = inf.infer(maps);
    assertEquals(top.x(), r.x(0, 5), 1e-3);
    assertEquals(top.y(), r.y(0, 5), 1e-3);
    assertEquals(top.score(), r.score(0, 5), 1e-4 * Math.max(1, top.score()));
    assertTrue(r.fired(0, 5), "the pattern's best training image must fire it");
  }

  @Test
  void badParametersAreRejectedWithTheKey() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> LearnerParameters.defaults().withIterations(0));
    assertTrue(e.getMessage().contains("`iterations`"), e.getMessage());
  }
}
