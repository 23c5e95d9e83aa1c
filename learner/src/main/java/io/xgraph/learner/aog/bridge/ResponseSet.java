package io.xgraph.learner.aog.bridge;

import io.xgraph.learner.aog.EvaluationInput;
import io.xgraph.learner.aog.PatternResponses;
import io.xgraph.learner.data.FeatureSource;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.em.InferenceResult;
import io.xgraph.learner.eval.RawFilterBaseline;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Everything the few-shot evaluation needs from the CNN, for every image of a feature source: the
 * graph's responses, the raw-filter responses and a pooled descriptor. Built once by {@link
 * #collect}, then turned into an {@link EvaluationInput} per part by {@link #input} (the data set's
 * own train/test split) or {@link #trainHoldoutInput} (a split of the train images only, for
 * choosing parameters without touching the test split).
 *
 * @param images the feature source's images, in store order
 * @param graph explanatory-graph responses by image id
 * @param raw raw-filter responses by image id (filters of {@code rawLayers}, concatenated)
 * @param descriptors pooled descriptors by image id (layers {@code descriptorLayers})
 * @param inferMillis wall time of the graph inference per image, store order (a figure)
 * @param rawLayers the layers whose filters make the raw-filter responses
 * @param descriptorLayers the layers pooled into the descriptor
 * @param graphFlipped graph responses of the horizontally flipped crops by image id (empty when no
 *     mirrored feature source was given, see {@link #withMirrored})
 * @param rawFlipped raw-filter responses of the flipped crops (empty likewise)
 * @param flippedDescriptors descriptors of the flipped crops (empty likewise)
 */
public record ResponseSet(
    List<ImageRecord> images,
    Map<String, PatternResponses> graph,
    Map<String, PatternResponses> raw,
    Map<String, float[]> descriptors,
    double[] inferMillis,
    List<Integer> rawLayers,
    List<Integer> descriptorLayers,
    Map<String, PatternResponses> graphFlipped,
    Map<String, PatternResponses> rawFlipped,
    Map<String, float[]> flippedDescriptors) {

  public ResponseSet {
    images = List.copyOf(images);
    graph = Collections.unmodifiableMap(new LinkedHashMap<>(graph));
    raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
    descriptors = Collections.unmodifiableMap(new LinkedHashMap<>(descriptors));
    inferMillis = inferMillis.clone();
    rawLayers = List.copyOf(rawLayers);
    descriptorLayers = List.copyOf(descriptorLayers);
    graphFlipped = Collections.unmodifiableMap(new LinkedHashMap<>(graphFlipped));
    rawFlipped = Collections.unmodifiableMap(new LinkedHashMap<>(rawFlipped));
    flippedDescriptors = Collections.unmodifiableMap(new LinkedHashMap<>(flippedDescriptors));
  }

  /**
   * This set with the responses of the flipped crops: {@code mirrored} holds the maps of each
   * crop's horizontal flip under the same image ids (ingest --mirrored), inferred with the same
   * graph, raw-filter layers and descriptor layers. Positions of the flipped responses are on the
   * flipped crop's plane, as {@link EvaluationInput} expects.
   *
   * @throws IllegalArgumentException when the mirrored source's images are not this set's
   */
  public ResponseSet withMirrored(
      FeatureSource mirrored, GraphInference inference, Progress progress) {
    List<String> ids = images.stream().map(ImageRecord::id).toList();
    List<String> mirroredIds = mirrored.images().stream().map(ImageRecord::id).toList();
    if (!ids.equals(mirroredIds)) {
      throw new IllegalArgumentException(
          "The mirrored feature source holds "
              + mirroredIds.size()
              + " images that are not this store's "
              + ids.size()
              + " (same ids in the same order expected): ingest both with the same options, the"
              + " mirrored one with --mirrored");
    }
    ResponseSet f = collect(mirrored, inference, rawLayers, descriptorLayers, progress);
    return new ResponseSet(
        images,
        graph,
        raw,
        descriptors,
        inferMillis,
        rawLayers,
        descriptorLayers,
        f.graph,
        f.raw,
        f.descriptors);
  }

  /** Per-image callback of {@link #collect} (progress display); may be null. */
  public interface Progress {
    void imageDone(int done, int total);
  }

  /**
   * Infers the graph on every image of {@code source} and computes the raw-filter responses and
   * descriptors from the same normalised maps.
   *
   * @param rawLayers layer indices (of the source, = of the graph) whose filters form the
   *     raw-filter baseline
   * @param descriptorLayers layer indices pooled (each L2-normalised) and concatenated into the
   *     descriptor
   * @throws IllegalArgumentException when the graph was not learned on this source's layers or a
   *     layer index is out of range
   */
  public static ResponseSet collect(
      FeatureSource source,
      ExplanatoryGraph graph,
      List<Integer> rawLayers,
      List<Integer> descriptorLayers,
      Progress progress) {
    List<LayerGeometry> layers = source.layers();
    if (layers.size() != graph.layers().size()) {
      throw new IllegalArgumentException(
          "The graph has "
              + graph.layers().size()
              + " layers, the feature source "
              + layers.size()
              + ": use the graph learned from this feature store");
    }
    for (int l = 0; l < layers.size(); l++) {
      if (!layers.get(l).equals(graph.layers().get(l).geometry())) {
        throw new IllegalArgumentException(
            "Layer "
                + l
                + " of the graph is `"
                + graph.layers().get(l).geometry().name()
                + "`, of the feature source `"
                + layers.get(l).name()
                + "`: use the graph learned from this feature store");
      }
    }
    return collect(source, new GraphInference(graph), rawLayers, descriptorLayers, progress);
  }

  /**
   * As {@link #collect(FeatureSource, ExplanatoryGraph, List, List, Progress)} with a given
   * inference (e.g. with other inference parameters than the graph's own).
   */
  public static ResponseSet collect(
      FeatureSource source,
      GraphInference inference,
      List<Integer> rawLayers,
      List<Integer> descriptorLayers,
      Progress progress) {
    ExplanatoryGraph graph = inference.graph();
    List<LayerGeometry> layers = source.layers();
    if (layers.size() != graph.layers().size()) {
      throw new IllegalArgumentException(
          "The graph has "
              + graph.layers().size()
              + " layers, the feature source "
              + layers.size()
              + ": use the graph learned from this feature store");
    }
    checkLayers("raw-filter layers", rawLayers, layers.size());
    checkLayers("descriptor layers", descriptorLayers, layers.size());
    int k = layers.size();
    float[][] sigma = new float[k][];
    for (int l = 0; l < k; l++) {
      sigma[l] = source.negativeSigma(l);
    }
    List<ImageRecord> images = source.images();
    Map<String, PatternResponses> g = new LinkedHashMap<>();
    Map<String, PatternResponses> r = new LinkedHashMap<>();
    Map<String, float[]> d = new LinkedHashMap<>();
    double[] millis = new double[images.size()];
    for (int i = 0; i < images.size(); i++) {
      String id = images.get(i).id();
      List<float[]> maps = new ArrayList<>(k);
      for (int l = 0; l < k; l++) {
        float[] m = new float[layers.get(l).size()];
        source.read(l, i, m);
        maps.add(m);
      }
      long t0 = System.nanoTime();
      InferenceResult res = inference.infer(maps);
      millis[i] = (System.nanoTime() - t0) / 1e6;
      g.put(id, ResponseBridge.fromInference(id, graph, res));
      List<RawFilterBaseline.Detections> det = new ArrayList<>();
      for (int l : rawLayers) {
        det.add(RawFilterBaseline.detect(layers.get(l), maps.get(l), sigma[l]));
      }
      r.put(id, ResponseBridge.fromRawDetections(id, det));
      List<float[]> pooled = new ArrayList<>();
      for (int l : descriptorLayers) {
        pooled.add(ResponseBridge.pooledLayer(layers.get(l), maps.get(l), sigma[l]));
      }
      d.put(id, ResponseBridge.concat(pooled));
      if (progress != null) {
        progress.imageDone(i + 1, images.size());
      }
    }
    return new ResponseSet(
        images, g, r, d, millis, rawLayers, descriptorLayers, Map.of(), Map.of(), Map.of());
  }

  private static void checkLayers(String what, List<Integer> idx, int count) {
    if (idx == null || idx.isEmpty()) {
      throw new IllegalArgumentException(
          "No " + what + " given: list layer indices 0.." + (count - 1));
    }
    for (Integer l : idx) {
      if (l == null || l < 0 || l >= count) {
        throw new IllegalArgumentException(
            "Value for `"
                + what
                + "` contained `"
                + l
                + "`, but layer indices must be within 0.."
                + (count - 1));
      }
    }
  }

  /** Ids of the images of one split ("train" or "test"), store order. */
  public List<String> split(String name) {
    return split(name, im -> true);
  }

  private List<String> split(String name, Predicate<ImageRecord> keep) {
    List<String> out = new ArrayList<>();
    for (ImageRecord im : images) {
      if (name.equals(im.split()) && keep.test(im)) {
        out.add(im.id());
      }
    }
    return out;
  }

  /**
   * The evaluation input of {@code part} on the data set's split (train images: shots and
   * unannotated images; test images: localised), with the flipped responses when {@link
   * #withMirrored} added them.
   */
  public EvaluationInput input(PartDefinition part) {
    return input(part, im -> true);
  }

  /**
   * As {@link #input(PartDefinition)} on the images that {@code keep} accepts only (both splits),
   * e.g. the birds facing one way ({@link Facing}).
   */
  public EvaluationInput input(PartDefinition part, Predicate<ImageRecord> keep) {
    List<String> train = split("train", keep);
    List<String> test = split("test", keep);
    if (train.isEmpty() || test.isEmpty()) {
      throw new IllegalArgumentException(
          "The feature store has "
              + train.size()
              + " train and "
              + test.size()
              + " test images: ingest a data set with a train/test split (--split all)");
    }
    return build(part, train, test);
  }

  /**
   * An input for choosing parameters without the test split: the train images are shuffled with
   * {@code Random(seed)} (from store order) and {@code heldOutFraction} of them play the test
   * split, the rest the train split. Note that the graph itself was learned on all train images.
   */
  public EvaluationInput trainHoldoutInput(PartDefinition part, double heldOutFraction, long seed) {
    if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
      throw new IllegalArgumentException(
          "Value for `heldOutFraction` was `" + heldOutFraction + "`, but must be in (0, 1)");
    }
    List<String> train = new ArrayList<>(split("train"));
    Collections.shuffle(train, new Random(seed));
    int held = (int) Math.round(train.size() * heldOutFraction);
    if (held < 1 || held >= train.size()) {
      throw new IllegalArgumentException(
          "Holding out "
              + heldOutFraction
              + " of "
              + train.size()
              + " train images leaves an empty side: use more train images");
    }
    return build(part, train.subList(held, train.size()), train.subList(0, held));
  }

  private EvaluationInput build(PartDefinition part, List<String> train, List<String> test) {
    return new EvaluationInput(
        graph,
        graphFlipped,
        raw,
        rawFlipped,
        descriptors,
        flippedDescriptors,
        part.centres(images),
        train,
        test);
  }
}
