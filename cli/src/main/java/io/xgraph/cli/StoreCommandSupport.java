package io.xgraph.cli;

import io.xgraph.cypher.ModelFiles;
import io.xgraph.ingest.image.Box;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.ingest.store.StoredImage;
import io.xgraph.store.ImageInfo;
import io.xgraph.store.Provenance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the cli writes on a Model node besides the graph itself. */
final class StoreCommandSupport {

  private StoreCommandSupport() {}

  /**
   * Provenance of a graph learned from {@code features}: the dataset, the ONNX file and
   * preprocessing that {@code xg.image.infer} needs, and the tool versions.
   */
  static Provenance provenance(FeatureStore features, Path onnxFile) {
    Provenance p =
        Provenance.of(datasetName(features))
            .withTool("onnxruntime", version(ai.onnxruntime.OrtEnvironment.class))
            .withTool("neo4j", version(org.neo4j.graphdb.GraphDatabaseService.class))
            .withProperty("inputName", features.manifest("model.inputName"))
            .withProperty("datasetFingerprint", features.manifest("dataset.fingerprint"))
            .withProperty("datasetSplit", features.manifest("dataset.split"))
            .withProperty("datasetImages", Long.parseLong(features.manifest("dataset.images")));
    return ModelFiles.withModelFile(p, onnxFile.getFileName().toString(), features.preprocessing());
  }

  /**
   * The dataset the images are unique within: its kind and folder name (e.g. {@code
   * cub:cub200-dev}), so that graphs of several categories learned from one dataset share its Image
   * nodes, and no path of this machine is stored.
   */
  static String datasetName(FeatureStore features) {
    String root = features.manifest("dataset.root");
    Path folder = root == null ? null : Path.of(root).getFileName();
    return features.manifest("dataset.kind") + (folder == null ? "" : ":" + folder);
  }

  /** Where each image of the feature store came from, for {@code xg.pattern.topImages}. */
  static List<ImageInfo> images(FeatureStore features) {
    List<ImageInfo> images = new ArrayList<>();
    for (StoredImage image : features.storedImages()) {
      Box b = image.box();
      images.add(
          new ImageInfo(
              image.record().id(),
              image.record().split(),
              image.file(),
              new double[] {b.x(), b.y(), b.w(), b.h()}));
    }
    return images;
  }

  private static String version(Class<?> type) {
    String v = type.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }
}
