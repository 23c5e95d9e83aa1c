package io.xgraph.store.bench;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Deterministic synthetic explanatory graphs: the same seed gives the same graph. Used where no
 * learned graph is at hand (store tests and benchmark); they have the shape of a real one, not its
 * meaning. The {@code with...} and {@link #editPatterns} helpers make variants of a graph (a broken
 * link, odd values) for tests that need one.
 */
public final class SyntheticGraphs {

  private SyntheticGraphs() {}

  /**
   * One layer to generate.
   *
   * @param geometry the layer's geometry
   * @param slotsPerChannel patterns per filter
   */
  public record LayerSpec(LayerGeometry geometry, int slotsPerChannel) {}

  /**
   * A graph shaped like SqueezeNet 1.1 learned on a bird category: 4 layers (fire3, fire5, fire7,
   * fire9 expand outputs at 224x224 input), 33,152 patterns, 15 parents for every pattern below the
   * top (374,400 PARENT links), 5 top images each (165,760 FIRES_ON) over 282 images.
   */
  public static ExplanatoryGraph squeezeNetSized(String modelName, long seed) {
    List<LayerSpec> layers =
        List.of(
            new LayerSpec(new LayerGeometry("fire3/concat", 0, 128, 55, 55, 4, 3.5, 27, 224), 40),
            new LayerSpec(new LayerGeometry("fire5/concat", 1, 256, 27, 27, 8, 7.5, 59, 224), 40),
            new LayerSpec(
                new LayerGeometry("fire7/concat", 2, 384, 13, 13, 16, 15.5, 123, 224), 25),
            new LayerSpec(
                new LayerGeometry("fire9/concat", 3, 512, 13, 13, 16, 15.5, 155, 224), 16));
    return generate(modelName, layers, 15, 5, 282, seed);
  }

  /**
   * A graph the size of the demo's (SqueezeNet 1.1 fire5, fire7, fire8, fire9 learned on one CUB
   * category): 30,336 patterns, 15 parents for every pattern below the top (324,480 PARENT links),
   * 20 top images each (606,720 FIRES_ON) over 150 images; 961,540 relationships with HAS_LAYER and
   * HAS_PATTERN, as the demo graph.
   */
  public static ExplanatoryGraph demoSized(String modelName, long seed) {
    List<LayerSpec> layers =
        List.of(
            new LayerSpec(new LayerGeometry("fire5/concat", 0, 256, 27, 27, 8, 7.5, 59, 224), 19),
            new LayerSpec(
                new LayerGeometry("fire7/concat", 1, 384, 13, 13, 16, 15.5, 123, 224), 17),
            new LayerSpec(
                new LayerGeometry("fire8/concat", 2, 512, 13, 13, 16, 15.5, 139, 224), 20),
            new LayerSpec(
                new LayerGeometry("fire9/concat", 3, 512, 13, 13, 16, 15.5, 155, 224), 17));
    return generate(modelName, layers, 15, 20, 150, seed);
  }

  /** A tiny graph for tests: 3 layers, 4 channels, 2-3 slots, 3 parents, 3 top images. */
  public static ExplanatoryGraph tiny(String modelName, long seed) {
    List<LayerSpec> layers =
        List.of(
            new LayerSpec(new LayerGeometry("conv_a", 0, 4, 6, 6, 8, 4, 11, 48), 3),
            new LayerSpec(new LayerGeometry("conv_b", 1, 4, 3, 3, 16, 8, 27, 48), 2),
            new LayerSpec(new LayerGeometry("conv_c", 2, 4, 2, 2, 24, 12, 43, 48), 2));
    return generate(modelName, layers, 3, 3, 10, seed);
  }

  /** {@code p} with other parent links; everything else as it is. */
  public static Pattern withParents(Pattern p, List<ParentLink> parents) {
    return new Pattern(
        p.id(),
        p.layer(),
        p.channel(),
        p.slot(),
        p.muX(),
        p.muY(),
        p.sigma(),
        p.meanScore(),
        parents,
        p.topImages());
  }

  /** {@code p} with other top images; everything else as it is. */
  public static Pattern withTopImages(Pattern p, List<Firing> topImages) {
    return new Pattern(
        p.id(),
        p.layer(),
        p.channel(),
        p.slot(),
        p.muX(),
        p.muY(),
        p.sigma(),
        p.meanScore(),
        p.parents(),
        topImages);
  }

  /** {@code l} holding other patterns; geometry, negative sigmas and score scale as they are. */
  public static GraphLayer withPatterns(GraphLayer l, List<Pattern> patterns) {
    return new GraphLayer(l.geometry(), l.negativeSigma(), l.scoreScale(), patterns);
  }

  /** {@code g} made of other layers; model, hash, parameters and training images as they are. */
  public static ExplanatoryGraph withLayers(ExplanatoryGraph g, List<GraphLayer> layers) {
    return new ExplanatoryGraph(
        g.modelName(), g.modelSha256(), layers, g.parameters(), g.trainingImageIds());
  }

  /**
   * {@code g} with every pattern replaced by what {@code edit} makes of it, in place: for variants
   * of a graph (a damaged link, other values) that differ in a few fields.
   */
  public static ExplanatoryGraph editPatterns(ExplanatoryGraph g, UnaryOperator<Pattern> edit) {
    return withLayers(
        g,
        g.layers().stream()
            .map(l -> withPatterns(l, l.patterns().stream().map(edit).toList()))
            .toList());
  }

  /** As the learner does: each link's parentSigma is the parent pattern's own sigma. */
  private static ExplanatoryGraph withParentSigmas(ExplanatoryGraph g) {
    Map<Integer, Double> sigmas = new java.util.HashMap<>();
    g.layers().forEach(l -> l.patterns().forEach(p -> sigmas.put(p.id(), p.sigma())));
    return editPatterns(
        g,
        p ->
            withParents(
                p,
                p.parents().stream()
                    .map(
                        k ->
                            new ParentLink(
                                k.parentId(),
                                k.dx(),
                                k.dy(),
                                sigmas.get(k.parentId()),
                                k.coactivation()))
                    .toList()));
  }

  /**
   * Generates a graph: every pattern below the top links to {@code parentsPerPattern} distinct
   * patterns of the next layer up and fires on {@code topImages} of {@code imagePool} images.
   */
  public static ExplanatoryGraph generate(
      String modelName,
      List<LayerSpec> specs,
      int parentsPerPattern,
      int topImages,
      int imagePool,
      long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> images = new ArrayList<>();
    for (int i = 0; i < imagePool; i++) {
      images.add(String.format("%04d", 1 + i * 7));
    }
    // Ids are dense over all layers, lowest layer first.
    int[] firstId = new int[specs.size() + 1];
    for (int l = 0; l < specs.size(); l++) {
      LayerSpec s = specs.get(l);
      firstId[l + 1] = firstId[l] + s.geometry().channels() * s.slotsPerChannel();
    }
    List<GraphLayer> layers = new ArrayList<>();
    for (int l = 0; l < specs.size(); l++) {
      LayerSpec s = specs.get(l);
      LayerGeometry g = s.geometry();
      boolean top = l == specs.size() - 1;
      int upperCount = top ? 0 : firstId[l + 2] - firstId[l + 1];
      List<Pattern> patterns = new ArrayList<>();
      int id = firstId[l];
      for (int c = 0; c < g.channels(); c++) {
        for (int slot = 0; slot < s.slotsPerChannel(); slot++) {
          double muX = g.x(random.nextDouble() * (g.width() - 1));
          double muY = g.y(random.nextDouble() * (g.height() - 1));
          List<ParentLink> parents = new ArrayList<>();
          if (!top) {
            int links = Math.min(parentsPerPattern, upperCount);
            int start = random.nextInt(upperCount);
            int step = 1 + random.nextInt(Math.max(1, upperCount / Math.max(1, links)));
            java.util.Set<Integer> chosen = new java.util.LinkedHashSet<>();
            for (int k = 0; chosen.size() < links; k++) {
              chosen.add(
                  firstId[l + 1] + Math.floorMod(start + k * step + k / upperCount, upperCount));
            }
            for (int parent : chosen) {
              parents.add(
                  new ParentLink(
                      parent,
                      random.nextDouble(-30, 30),
                      random.nextDouble(-30, 30),
                      random.nextDouble(4, 40),
                      random.nextDouble(-1, 1)));
            }
          }
          List<Firing> firings = new ArrayList<>();
          int first = random.nextInt(imagePool);
          for (int k = 0; k < Math.min(topImages, imagePool); k++) {
            // The learner infers positions and scores in float arrays: float-exact doubles.
            firings.add(
                new Firing(
                    images.get((first + k) % imagePool),
                    (float) random.nextDouble(0, g.inputSize()),
                    (float) random.nextDouble(0, g.inputSize()),
                    (float) (random.nextDouble(0.5, 3.0) / (k + 1))));
          }
          patterns.add(
              new Pattern(
                  id++,
                  l,
                  c,
                  slot,
                  muX,
                  muY,
                  random.nextDouble(4, 40),
                  random.nextDouble(0.2, 2.0),
                  parents,
                  firings));
        }
      }
      float[] negativeSigma = new float[g.size()];
      for (int i = 0; i < negativeSigma.length; i++) {
        negativeSigma[i] = (float) random.nextDouble(0.01, 5.0);
      }
      layers.add(new GraphLayer(g, negativeSigma, random.nextDouble(0.5, 2.0), patterns));
    }
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("seed", seed);
    parameters.put("iterations", 10);
    parameters.put("beta", 1.0);
    parameters.put("tau", 0.1f);
    parameters.put("layers", specs.stream().map(s -> s.geometry().name()).toList());
    parameters.put("generator", "SyntheticGraphs");
    parameters.put("topDown", true);
    return withParentSigmas(
        new ExplanatoryGraph(modelName, String.format("%064x", seed), layers, parameters, images));
  }
}
