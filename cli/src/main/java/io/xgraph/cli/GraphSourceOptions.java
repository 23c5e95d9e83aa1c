package io.xgraph.cli;

import io.xgraph.ingest.image.Box;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.ingest.store.StoredImage;
import io.xgraph.learner.io.GraphCodec;
import io.xgraph.learner.meaning.PartLabel;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.GraphStore;
import io.xgraph.store.ImageInfo;
import io.xgraph.store.ModelInfo;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a picture command reads a graph and its images from: a feature store with its graph file
 * ({@code --features} and {@code --graph}), or a Neo4j store ({@code --store} / {@code --uri}),
 * whose Image nodes carry each image's path and crop box. Image paths are relative to the dataset
 * folder ({@code --dataset}, default the feature store's dataset folder, else the shared CUB
 * folder).
 */
public final class GraphSourceOptions {

  @Option(
      names = "--features",
      description = "Feature store (xgraph ingest); with --graph, used instead of a Neo4j store")
  Path features;

  @Option(names = "--graph", description = "Graph file learned from --features (xgraph learn)")
  Path graphFile;

  @Mixin StoreOptions storeOptions = new StoreOptions();

  @Option(
      names = "--model",
      description = "Model name in the store (default: the store's only model)")
  String model;

  @Mixin SharedDataOption sharedData = new SharedDataOption();

  @Mixin ImageRootOptions images = new ImageRootOptions();

  /** Where an image's file is and which box of it the model saw (null box = whole image). */
  record ImageRef(String path, double[] box) {}

  /** The dataset folder the feature store recorded (set by {@link #load}), or null. */
  private Path recordedRoot;

  /**
   * A graph with its images and, read from a store, its part labels ({@code labels} null: read from
   * a feature store and graph file, which hold none).
   */
  record Loaded(
      ExplanatoryGraph graph,
      Map<String, ImageRef> images,
      String origin,
      List<PartLabel> labels,
      FeatureStore features) {}

  /** Reads the graph and the image table. */
  Loaded load() {
    if (features != null || graphFile != null) {
      if (features == null || graphFile == null) {
        throw new IllegalArgumentException(
            "--features and --graph go together: give both (or neither, to read --store)");
      }
      FeatureStore store = FeatureStore.open(features);
      recordedRoot = ImageRootOptions.recorded(store);
      ExplanatoryGraph graph = GraphCodec.read(LearnCommand.graphFile(graphFile));
      Map<String, ImageRef> images = new LinkedHashMap<>();
      for (StoredImage im : store.storedImages()) {
        Box b = im.box();
        images.put(
            im.record().id(), new ImageRef(im.file(), new double[] {b.x(), b.y(), b.w(), b.h()}));
      }
      return new Loaded(graph, images, features + " + " + graphFile, null, store);
    }
    try (GraphStore store = storeOptions.openExisting()) {
      String name = modelName(store);
      ExplanatoryGraph graph =
          store
              .read(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "Model `" + name + "` is not in the store: see `xgraph store list`"));
      Map<String, ImageRef> images = new LinkedHashMap<>();
      for (ImageInfo im : store.images(name).values()) {
        images.put(im.id(), new ImageRef(im.path(), im.box()));
      }
      String where = storeOptions.uri != null ? storeOptions.uri : storeOptions.store.toString();
      return new Loaded(graph, images, where, store.partLabels(name), null);
    }
  }

  private String modelName(GraphStore store) {
    if (model != null) {
      return model;
    }
    List<ModelInfo> models = store.listModels();
    if (models.size() != 1) {
      throw new IllegalArgumentException(
          "The store holds "
              + models.size()
              + " models "
              + models.stream().map(ModelInfo::name).toList()
              + ": name one with --model");
    }
    return models.get(0).name();
  }

  /** The image's file, checked to exist by {@link Pictures#crop}. */
  Path file(ImageRef ref) {
    return ImageRootOptions.file(images.imageRoot(sharedData, recordedRoot), ref.path());
  }
}
