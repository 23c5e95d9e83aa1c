package io.xgraph.cli;

import io.xgraph.evaluation.LayerCheck;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.em.InferenceResult;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.server.FiringHeatmap;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xgraph heatmap}: where the patterns of each layer fire on one image (the journal version's
 * Fig. 6), one panel per layer, as a PNG.
 */
@Command(
    name = "heatmap",
    mixinStandardHelpOptions = true,
    description =
        "Draws where an image's patterns fire, one panel per layer: each firing pattern adds its"
            + " score as a Gaussian (sigma = the layer's stride) around its position on the object"
            + " crop the CNN saw. With --features and --graph the positions are the learner's"
            + " inference of the graph on that image (every pattern that fires); from a store"
            + " (--store) they are the stored FIRES_ON positions, so only patterns that have the"
            + " image among their top images count.")
public final class HeatmapCommand implements Callable<Integer> {

  @Mixin GraphSourceOptions source = new GraphSourceOptions();

  @Option(names = "--image", required = true, description = "Image id (as ingested)")
  String image;

  @Option(
      names = "--layer",
      description = "Layer index or name to draw (repeatable; default: every layer)")
  List<String> layers = new ArrayList<>();

  @Option(
      names = "--out",
      defaultValue = "heatmap.png",
      description = "PNG file to write (default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() {
    GraphSourceOptions.Loaded loaded = source.load();
    ExplanatoryGraph graph = loaded.graph();
    List<GraphLayer> chosen = new ArrayList<>();
    if (layers.isEmpty()) {
      chosen.addAll(graph.layers());
    } else {
      for (String l : layers) {
        chosen.add(PatchesCommand.findLayer(graph, l));
      }
    }
    GraphSourceOptions.ImageRef ref = loaded.images().get(image);
    if (ref == null) {
      throw new IllegalArgumentException(
          "Value for `--image` was `"
              + image
              + "`, but "
              + loaded.origin()
              + " has no such image; its images include "
              + loaded.images().keySet().stream().limit(5).toList());
    }
    boolean inferred = loaded.features() != null;
    List<FiringHeatmap.Panel> panels =
        inferred ? inferredPanels(loaded, chosen) : storedPanels(graph, chosen);
    int input = graph.layers().get(0).geometry().inputSize();
    BufferedImage crop = Pictures.crop(source.file(ref), ref.box(), input);
    String how =
        inferred
            ? "positions inferred by the learner (every firing pattern)"
            : "stored FIRES_ON positions (patterns with this image among their top images)";
    BufferedImage picture =
        FiringHeatmap.render(
            crop,
            String.format(Locale.ROOT, "%s, image %s: %s", graph.modelName(), image, how),
            panels);
    Pictures.writePng(picture, out);
    int firing = panels.stream().mapToInt(p -> p.spots().size()).sum();
    System.out.printf(
        Locale.ROOT,
        "wrote %s (%d x %d): %d firing patterns in %d layers, %s, from %s%n",
        out,
        picture.getWidth(),
        picture.getHeight(),
        firing,
        panels.size(),
        inferred ? "inferred" : "stored",
        loaded.origin());
    return 0;
  }

  /** The learner's inference of the graph on the image: every pattern that fires. */
  private List<FiringHeatmap.Panel> inferredPanels(
      GraphSourceOptions.Loaded loaded, List<GraphLayer> chosen) {
    var features = loaded.features();
    int index = -1;
    for (int i = 0; i < features.images().size(); i++) {
      if (features.images().get(i).id().equals(image)) {
        index = i;
      }
    }
    LayerCheck.requireSameLayers(
        features.layers(),
        loaded.graph(),
        "feature store",
        ": draw a graph with the feature store it was learned from");
    List<float[]> maps = new ArrayList<>();
    for (int l = 0; l < features.layers().size(); l++) {
      float[] m = new float[features.layers().get(l).size()];
      features.read(l, index, m);
      maps.add(m);
    }
    InferenceResult r = new GraphInference(loaded.graph()).infer(maps);
    List<FiringHeatmap.Panel> panels = new ArrayList<>();
    for (GraphLayer gl : chosen) {
      int l = loaded.graph().layers().indexOf(gl);
      List<FiringHeatmap.Spot> spots = new ArrayList<>();
      for (int v = 0; v < r.size(l); v++) {
        if (r.fired(l, v)) {
          spots.add(new FiringHeatmap.Spot(r.x(l, v), r.y(l, v), r.score(l, v)));
        }
      }
      panels.add(panel(gl.geometry(), spots));
    }
    return panels;
  }

  /** The stored top-image firings of the image. */
  private List<FiringHeatmap.Panel> storedPanels(ExplanatoryGraph graph, List<GraphLayer> chosen) {
    List<FiringHeatmap.Panel> panels = new ArrayList<>();
    for (GraphLayer gl : chosen) {
      List<FiringHeatmap.Spot> spots = new ArrayList<>();
      for (Pattern p : gl.patterns()) {
        for (Firing f : p.topImages()) {
          if (f.imageId().equals(image)) {
            spots.add(new FiringHeatmap.Spot(f.x(), f.y(), f.score()));
          }
        }
      }
      panels.add(panel(gl.geometry(), spots));
    }
    return panels;
  }

  private static FiringHeatmap.Panel panel(LayerGeometry g, List<FiringHeatmap.Spot> spots) {
    return new FiringHeatmap.Panel(g.name(), g.stride(), spots);
  }
}
