package io.xgraph.notebooks;

import io.xgraph.cli.Main;
import io.xgraph.cypher.ModelFiles;
import io.xgraph.ingest.image.Box;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.ingest.store.StoredImage;
import io.xgraph.learner.io.GraphCodec;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.ImageInfo;
import io.xgraph.store.Provenance;
import io.xgraph.store.WriteListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reduced bird data the notebooks read: a feature store of the first {@code images} CUB birds
 * (SqueezeNet, its four default layers), the explanatory graph learned from it with few EM
 * iterations and sparse nodes, and an embedded Neo4j store holding that graph with the images'
 * path, box and split. Built with the project's own {@code xgraph ingest} and {@code xgraph learn}
 * commands and {@link GraphStore#write}; every step resumes from what an earlier run left.
 *
 * @param root the folder holding everything (e.g. {@code notebooks/target/notebook-data})
 */
public record NotebookData(Path root) {

  /** Environment variable naming the embedded store folder the notebooks open. */
  public static final String STORE_ENV = "XGRAPH_STORE";

  /** Environment variable naming the feature store (keypoints, CNN maps) the notebooks read. */
  public static final String FEATURES_ENV = "XGRAPH_FEATURES";

  /** Environment variable naming the shared data folder (models/, cub200-dev/). */
  public static final String DATA_ENV = "XGRAPH_DATA";

  /** Node density rho (lower, upper half of the layers): a fifth of the default, for speed. */
  public static final String SPARSE_NODES_RHO = "0.01,0.02";

  /** The feature store folder. */
  public Path features() {
    return root.resolve("features");
  }

  /** The learned graph file. */
  public Path graphFile() {
    return root.resolve("graph.xg");
  }

  /** The embedded Neo4j store folder. */
  public Path store() {
    return root.resolve("store");
  }

  /**
   * Builds whatever is missing.
   *
   * @param data the shared data folder (models/, cub200-dev/)
   * @param images birds to ingest, in dataset order (both splits)
   * @param iterations EM iterations per layer
   * @param threads threads of the CNN and the learner
   * @return this layout
   * @throws IllegalStateException a command failed (its message went to standard error)
   */
  public NotebookData prepare(Path data, int images, int iterations, int threads) {
    if (images < 10) {
      throw new IllegalArgumentException(
          "Value for `images` was `" + images + "`, but must be >= 10 (both splits need birds)");
    }
    if (!Files.exists(graphFile())) {
      run(
          "ingest",
          "--data",
          data.toString(),
          "--model",
          "squeezenet",
          "--limit",
          Integer.toString(images),
          "--threads",
          Integer.toString(threads),
          "--out",
          features().toString());
      run(
          "learn",
          "--features",
          features().toString(),
          "--out",
          graphFile().toString(),
          "--iterations",
          Integer.toString(iterations),
          "--nodes-rho",
          SPARSE_NODES_RHO,
          "--threads",
          Integer.toString(threads));
    }
    FeatureStore features = FeatureStore.open(features());
    ExplanatoryGraph graph = GraphCodec.read(graphFile());
    try (GraphStore store = GraphStores.openEmbedded(store())) {
      if (store.model(graph.modelName()).isEmpty()) {
        store.write(
            graph,
            provenance(features, data.resolve("models").resolve(features.modelName() + ".onnx")),
            images(features),
            WriteListener.NONE);
      }
    }
    return this;
  }

  private static void run(String... args) {
    int code = Main.execute(args);
    if (code != 0) {
      throw new IllegalStateException(
          "`xgraph " + String.join(" ", args) + "` failed with exit code " + code);
    }
  }

  /** Where the graph came from, as the cli records it (xg.image.infer needs the ONNX file). */
  static Provenance provenance(FeatureStore features, Path onnxFile) {
    Provenance p =
        Provenance.of(
                features.manifest("dataset.kind")
                    + " "
                    + features.manifest("dataset.images")
                    + " images, split "
                    + features.manifest("dataset.split"))
            .withProperty("inputName", features.manifest("model.inputName"))
            .withProperty("datasetFingerprint", features.manifest("dataset.fingerprint"))
            .withProperty("producer", "xgraph notebooks (reduced data)");
    return ModelFiles.withModelFile(p, onnxFile.getFileName().toString(), features.preprocessing());
  }

  /** Path (relative to the dataset folder), box and split of every ingested image. */
  static List<ImageInfo> images(FeatureStore features) {
    List<ImageInfo> out = new ArrayList<>();
    for (StoredImage image : features.storedImages()) {
      Box b = image.box();
      out.add(
          new ImageInfo(
              image.record().id(),
              image.record().split(),
              image.file(),
              new double[] {b.x(), b.y(), b.w(), b.h()}));
    }
    return out;
  }
}
