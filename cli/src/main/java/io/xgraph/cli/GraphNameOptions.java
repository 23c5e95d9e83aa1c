package io.xgraph.cli;

import io.xgraph.evaluation.SubsetFeatures;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.ingest.store.StoredImage;
import io.xgraph.learner.data.FeatureSource;
import io.xgraph.store.Provenance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/**
 * Which graph of the store a learned graph becomes: by default the model's name (one graph per CNN,
 * as before); with {@code --category} one graph per object category of the same CNN.
 */
final class GraphNameOptions {

  @Option(
      names = "--category",
      paramLabel = "NAME",
      description =
          "Learn on the images of one category only (a CUB class folder such as 001, or its"
              + " full name); stored on the graph, which is named <model>-<category> unless"
              + " --graph names it, beside the graphs of other categories in the store")
  String category;

  @Option(
      names = "--graph",
      paramLabel = "NAME",
      description =
          "Name of the graph in the store (default: the model name, or <model>-<category>);"
              + " writing again under the same name and category replaces that graph, a name"
              + " holding another category or model is refused")
  String graph;

  /** The graph's name in the store for a graph of {@code model}. */
  String graphName(String model) {
    if (graph != null) {
      return graph;
    }
    return category == null ? model : model + "-" + category.strip();
  }

  /** {@code provenance} naming the category, if one was given. */
  Provenance apply(Provenance provenance) {
    return category == null ? provenance : provenance.withCategory(category);
  }

  /** Refuses blank names before anything is learned. */
  void check() {
    if (graph != null && (graph.isBlank() || !graph.equals(graph.strip()))) {
      throw new IllegalArgumentException(
          "--graph `"
              + graph
              + "` is not usable: give a non-blank name without surrounding spaces");
    }
    if (category != null && category.isBlank()) {
      throw new IllegalArgumentException(
          "--category is empty: give the category's name (e.g. 001), or leave the option out");
    }
  }

  /** The graph file of this graph in {@code folder}: one per category, so none resumes another. */
  Path graphFile(Path folder) {
    return folder.resolve(category == null ? "graph.xg" : "graph-" + category.strip() + ".xg");
  }

  /**
   * The images of the category (those in a class folder named {@code <category>} or {@code
   * <category>.<name>}), or all of {@code store} without --category.
   *
   * @throws IllegalArgumentException no image is in that category, naming the categories there are
   */
  FeatureSource select(FeatureStore store) {
    if (category == null) {
      return store;
    }
    String wanted = category.strip();
    List<Integer> keep = new ArrayList<>();
    TreeSet<String> seen = new TreeSet<>();
    List<StoredImage> images = store.storedImages();
    for (int i = 0; i < images.size(); i++) {
      String folder = classFolder(images.get(i).file());
      seen.add(folder);
      if (folder.equals(wanted) || folder.startsWith(wanted + ".")) {
        keep.add(i);
      }
    }
    if (keep.isEmpty()) {
      throw new IllegalArgumentException(
          "--category `"
              + wanted
              + "` names no images of the dataset; its categories (class folders) are "
              + seen);
    }
    return new SubsetFeatures(store, keep.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The class folder of an image path such as {@code images/001.Black_footed_Albatross/x.jpg}. */
  private static String classFolder(String file) {
    Path p = Path.of(file);
    return p.getParent() == null ? "" : p.getParent().getFileName().toString();
  }
}
