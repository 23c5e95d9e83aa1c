package io.xgraph.learner.em;

import io.xgraph.learner.data.FeatureSource;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.GraphLayer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Learns an explanatory graph (Zhang et al., "Interpreting CNN knowledge via an Explanatory Graph",
 * AAAI 2018, Algorithm 1) from a feature source, top layer first, on the training images only.
 *
 * <p>Usage: {@code new ExplanatoryGraphLearner(LearnerParameters.defaults(), threads).learn(source,
 * LearnListener.silent(), LayerCheckpoints.none())}. Same seed and inputs give an identical graph,
 * whatever the thread count: each layer draws from its own stream split from the seed, and all
 * reductions run in a fixed order.
 */
public final class ExplanatoryGraphLearner {

  private final LearnerParameters params;
  private final int threads;

  public ExplanatoryGraphLearner(LearnerParameters params, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException(
          "Value for `threads` was `" + threads + "`, but must be >= 1");
    }
    this.params = params;
    this.threads = threads;
  }

  /** Learns the graph; finished layers are saved to and resumed from {@code checkpoints}. */
  public ExplanatoryGraph learn(
      FeatureSource source, LearnListener listener, LayerCheckpoints checkpoints) {
    List<LayerGeometry> layers = source.layers();
    if (layers.isEmpty()) {
      throw new IllegalArgumentException(
          "Feature source of `" + source.modelName() + "` has no layers: ingest at least one");
    }
    List<Integer> train = new ArrayList<>();
    List<String> trainIds = new ArrayList<>();
    List<ImageRecord> images = source.images();
    for (int i = 0; i < images.size(); i++) {
      if (images.get(i).isTrain()) {
        train.add(i);
        trainIds.add(images.get(i).id());
      }
    }
    if (train.size() < 2) {
      throw new IllegalArgumentException(
          "Feature source has "
              + train.size()
              + " training images (split \"train\" or \"all\"); learning needs at least 2");
    }
    int k = layers.size();
    int[] firstId = new int[k + 1];
    for (int l = 0; l < k; l++) {
      LayerGeometry g = layers.get(l);
      if (g.index() != l) {
        throw new IllegalArgumentException(
            "Layer `" + g.name() + "` has index " + g.index() + ", expected " + l);
      }
      int n = LayerLearner.nodesPerFilter(g, params.rho(l, k));
      firstId[l + 1] = firstId[l] + n * g.channels();
    }
    String runKey = runKey(source, trainIds);
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      GraphLayer[] done = new GraphLayer[k];
      UpperLayer upper = null;
      for (int l = k - 1; l >= 0; l--) {
        long start = System.nanoTime();
        LayerGeometry geo = layers.get(l);
        float[][] resp = responses(source, l, train, pool);
        listener.phaseFinished(l, LearnPhase.READ_MAPS);
        Optional<GraphLayer> resumed = checkpoints.load(l, runKey);
        if (resumed.isPresent()) {
          GraphLayer g = resumed.get();
          listener.layerStarted(l, geo.name(), g.patterns().size(), params.iterations(), true);
          CompiledLayer compiled =
              new CompiledLayer(
                  g, upper == null ? 0 : upper.firstId, LayerLearner.handDown(params));
          TrainInference inferred =
              TrainInference.run(
                  compiled, resp, upper == null ? null : upper.inferred, g.scoreScale(), pool);
          done[l] = g;
          upper = new UpperLayer(done[l], inferred, params);
          listener.phaseFinished(l, LearnPhase.FINAL_INFERENCE);
        } else {
          SplittableRandom rng = new SplittableRandom(params.seed() * 0x9E3779B97F4A7C15L + l);
          LayerLearner learner =
              new LayerLearner(geo, k, firstId[l], params, resp, upper, pool, rng);
          listener.layerStarted(l, geo.name(), learner.nodeCount(), params.iterations(), false);
          int layerIndex = l;
          learner.run(
              () -> listener.phaseFinished(layerIndex, LearnPhase.SELECT_PARENTS),
              t -> {
                listener.phaseFinished(layerIndex, LearnPhase.EM_ITERATION);
                listener.iterationFinished(layerIndex, t);
              });
          if (learner.iterationsRun() < params.iterations()) {
            listener.layerConverged(l, learner.iterationsRun());
          }
          LayerLearner.Result result = learner.finish(source.negativeSigma(l).clone(), trainIds);
          done[l] = result.layer();
          upper = new UpperLayer(done[l], result.inferred(), params);
          listener.phaseFinished(l, LearnPhase.FINAL_INFERENCE);
          checkpoints.save(l, runKey, done[l]);
          listener.phaseFinished(l, LearnPhase.CHECKPOINT);
        }
        listener.layerFinished(l, (System.nanoTime() - start) / 1e9);
      }
      Map<String, Object> parameters = new LinkedHashMap<>(params.toMap());
      return new ExplanatoryGraph(
          source.modelName(), source.modelSha256(), Arrays.asList(done), parameters, trainIds);
    } finally {
      pool.shutdown();
    }
  }

  /** The response maps R (F smoothed) of one layer for the given images. */
  private float[][] responses(
      FeatureSource source, int layer, List<Integer> images, ForkJoinPool pool) {
    LayerGeometry g = source.layers().get(layer);
    float[][] raw = new float[images.size()][];
    // Reads stay sequential: the FeatureSource contract does not promise thread safety.
    for (int j = 0; j < raw.length; j++) {
      raw[j] = new float[g.size()];
      source.read(layer, images.get(j), raw[j]);
    }
    double sigmaM = params.smoothingFraction() * Kernels.side(g.height(), g.width());
    // smoothed in place (the map is read only by the first, horizontal pass): one layer's maps of
    // the training images are held, not two copies; one scratch plane per worker thread
    ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[g.size()]);
    pool.submit(
            () ->
                IntStream.range(0, raw.length)
                    .parallel()
                    .forEach(
                        j ->
                            Kernels.responseMap(
                                raw[j],
                                g.channels(),
                                g.height(),
                                g.width(),
                                params.beta(),
                                sigmaM,
                                raw[j],
                                scratch.get())))
        .join();
    return raw;
  }

  private String runKey(FeatureSource source, List<String> trainIds) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      StringBuilder sb = new StringBuilder();
      sb.append(source.modelSha256()).append('|').append(params.toMap()).append('|');
      for (LayerGeometry g : source.layers()) {
        sb.append(g).append('|');
      }
      sb.append(trainIds);
      return HexFormat.of().formatHex(md.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
