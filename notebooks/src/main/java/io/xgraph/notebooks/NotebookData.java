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
import java.util.Locale;

/**
 * The reduced bird data the notebooks read: a feature store of the first {@code images} CUB birds
 * (SqueezeNet, its four default layers), the explanatory graph learned from it with few EM
 * iterations and sparse nodes, and an embedded Neo4j store holding that graph with the images'
 * path, box and split. Built with the project's own {@code xgraph ingest} and {@code xgraph learn}
 * commands and {@link GraphStore#write}; every step resumes from what an earlier run left. The same
 * birds are also ingested with MobileNetV2 ({@code --model mobilenet}) and its graph is learned and
 * stored beside SqueezeNet's, for the model comparison notebook.
 *
 * @param root the folder holding everything (e.g. {@code notebooks/target/notebook-data})
 */
public record NotebookData(Path root) {

  /** Environment variable naming the embedded store folder the notebooks open. */
  public static final String STORE_ENV = "XGRAPH_STORE";

  /** Environment variable naming the feature store (keypoints, CNN maps) the notebooks read. */
  public static final String FEATURES_ENV = "XGRAPH_FEATURES";

  /** Environment variable naming the graph file learned from {@link #FEATURES_ENV}. */
  public static final String GRAPH_ENV = "XGRAPH_GRAPH";

  /** Environment variable naming the second model's (MobileNetV2) feature store. */
  public static final String SECOND_FEATURES_ENV = "XGRAPH_FEATURES_B";

  /** Environment variable naming the second model's graph file. */
  public static final String SECOND_GRAPH_ENV = "XGRAPH_GRAPH_B";

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

  /** The folder of the second model (MobileNetV2): its own {@code features/} and graph file. */
  public Path second() {
    return root.resolve("mobilenet");
  }

  /** The second model's feature store folder. */
  public Path secondFeatures() {
    return second().resolve("features");
  }

  /** The second model's learned graph file. */
  public Path secondGraphFile() {
    return second().resolve("graph.xg");
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
    long t = System.nanoTime();
    learn(data, "squeezenet", features(), graphFile(), images, iterations, threads);
    long squeezenet = System.nanoTime();
    learn(data, "mobilenet", secondFeatures(), secondGraphFile(), images, iterations, threads);
    long mobilenet = System.nanoTime();
    try (GraphStore store = GraphStores.openEmbedded(store())) {
      for (Path[] model :
          new Path[][] {{features(), graphFile()}, {secondFeatures(), secondGraphFile()}}) {
        FeatureStore features = FeatureStore.open(model[0]);
        ExplanatoryGraph graph = GraphCodec.read(model[1]);
        if (store.model(graph.modelName()).isEmpty()) {
          store.write(
              graph,
              provenance(features, data.resolve("models").resolve(features.modelName() + ".onnx")),
              images(features),
              WriteListener.NONE);
        }
      }
    }
    long stored = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "notebook data: squeezenet ingest+learn %.1f s, mobilenet ingest+learn %.1f s,"
            + " store %.1f s (wall; steps already done are skipped)%n",
        (squeezenet - t) / 1e9,
        (mobilenet - squeezenet) / 1e9,
        (stored - mobilenet) / 1e9);
    return this;
  }

  /** {@code xgraph ingest} and {@code xgraph learn} of one model, unless its graph exists. */
  private static void learn(
      Path data,
      String model,
      Path features,
      Path graphFile,
      int images,
      int iterations,
      int threads) {
    if (Files.exists(graphFile)) {
      return;
    }
    run(
        "ingest",
        "--data",
        data.toString(),
        "--model",
        model,
        "--limit",
        Integer.toString(images),
        "--threads",
        Integer.toString(threads),
        "--out",
        features.toString());
    run(
        "learn",
        "--features",
        features.toString(),
        "--out",
        graphFile.toString(),
        "--iterations",
        Integer.toString(iterations),
        "--nodes-rho",
        SPARSE_NODES_RHO,
        "--threads",
        Integer.toString(threads));
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
