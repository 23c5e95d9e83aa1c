package io.xgraph.cli;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.Pattern;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xgraph patches}: a pattern's top image patches as a PNG contact sheet (paper Fig. 5), or
 * an overview of a layer's strongest patterns.
 */
@Command(
    name = "patches",
    mixinStandardHelpOptions = true,
    description =
        "Draws where a pattern fires: for each of its top images, the object crop the model saw"
            + " (224 x 224), cut to the layer's receptive field around the pattern's inferred"
            + " position, captioned with image id and score (paper Fig. 5). With --layer and"
            + " --overview: the layer's strongest patterns (by mean top score), one row each,"
            + " captioned with the part each tracks (TRACKS, from xgraph part labels) when read"
            + " from a store; with --part too: the layer's patterns tracking that part, by share."
            + " Reads a Neo4j store (--store, the default) or a feature store and graph file.")
public final class PatchesCommand implements Callable<Integer> {

  @Mixin GraphSourceOptions source = new GraphSourceOptions();

  @Option(
      names = "--pattern",
      description = "Pattern id: the graph's number, or the store's `model:number`")
  String pattern;

  @Option(names = "--layer", description = "Layer index or name (with --overview)")
  String layer;

  @Option(names = "--overview", description = "One row per strongest pattern of --layer")
  boolean overview;

  @Option(
      names = "--part",
      description = "With --overview: the patterns tracking this part (needs stored part labels)")
  String part;

  @Option(
      names = "--top",
      defaultValue = "8",
      description = "Top images per pattern (default: ${DEFAULT-VALUE})")
  int top;

  @Option(
      names = "--patterns",
      defaultValue = "8",
      description = "Patterns in the overview (default: ${DEFAULT-VALUE})")
  int patterns;

  @Option(
      names = "--tile",
      defaultValue = "96",
      description = "Tile side in the sheet, pixels (default: ${DEFAULT-VALUE})")
  int tile;

  @Option(
      names = "--out",
      defaultValue = "patches.png",
      description = "PNG file to write (default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() {
    if (top < 1 || patterns < 1 || tile < 16) {
      throw new IllegalArgumentException(
          "--top and --patterns must be at least 1 and --tile at least 16 pixels");
    }
    if ((pattern == null) == (layer == null) || (layer != null && !overview)) {
      throw new IllegalArgumentException(
          "Give either --pattern ID, or --layer L --overview (not both)");
    }
    if (part != null && layer == null) {
      throw new IllegalArgumentException("--part goes with --layer L --overview");
    }
    GraphSourceOptions.Loaded loaded = source.load();
    ExplanatoryGraph graph = loaded.graph();
    PartCaptions captions = new PartCaptions(loaded.labels());
    Map<String, BufferedImage> crops = new HashMap<>();
    BufferedImage sheet;
    List<String> rowCaptions = new ArrayList<>();
    if (pattern != null) {
      Pattern p = findPattern(graph, pattern);
      LayerGeometry g = graph.layers().get(p.layer()).geometry();
      List<Pictures.Tile> row = tiles(p, g, loaded, crops);
      rowCaptions.add("pattern " + p.id() + ": " + captions.caption(p.id()));
      sheet =
          Pictures.sheet(
              title(graph, p, g)
                  + (captions.labelled(p.id()) ? "; " + captions.caption(p.id()) : "")
                  + ", top "
                  + row.size()
                  + " images",
              null,
              List.of(row),
              tile,
              0);
    } else {
      GraphLayer gl = findLayer(graph, layer);
      LayerGeometry g = gl.geometry();
      List<Pattern> strongest =
          part == null ? strongest(gl, patterns) : captions.tracking(gl, part, patterns);
      List<List<Pictures.Tile>> rows = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      try (ProgressBar bar = Bars.open("patterns", strongest.size())) {
        for (Pattern p : strongest) {
          rows.add(tiles(p, g, loaded, crops));
          rowCaptions.add("pattern " + p.id() + ": " + captions.caption(p.id()));
          labels.add(
              f(
                  "pattern %d%n%s%nchannel %d%nmean top %.2f",
                  p.id(), captions.caption(p.id()), p.channel(), meanTop(p)));
          bar.step();
        }
      }
      sheet =
          Pictures.sheet(
              f(
                  "%s, layer %s: %d %s; receptive field %d px%s",
                  graph.modelName(),
                  g.name(),
                  strongest.size(),
                  part == null
                      ? "strongest patterns by mean top score"
                      : "patterns tracking " + part + " by share",
                  patchSide(g),
                  captions.note()),
              labels,
              rows,
              tile,
              170);
    }
    Pictures.writePng(sheet, out);
    rowCaptions.forEach(System.out::println);
    if (pattern == null && !captions.note().isEmpty()) {
      System.out.println("note:" + captions.note());
    }
    System.out.printf(
        "wrote %s (%d x %d) from %s%n", out, sheet.getWidth(), sheet.getHeight(), loaded.origin());
    return 0;
  }

  private String title(ExplanatoryGraph graph, Pattern p, LayerGeometry g) {
    return f(
        "%s pattern %d: layer %s, channel %d, slot %d; receptive field %d px",
        graph.modelName(), p.id(), g.name(), p.channel(), p.slot(), patchSide(g));
  }

  /** The patch side: the layer's receptive field, at most the input plane. */
  static int patchSide(LayerGeometry g) {
    return (int) Math.max(1, Math.min(Math.round(g.receptiveField()), g.inputSize()));
  }

  private List<Pictures.Tile> tiles(
      Pattern p,
      LayerGeometry g,
      GraphSourceOptions.Loaded loaded,
      Map<String, BufferedImage> crops) {
    List<Pictures.Tile> row = new ArrayList<>();
    int side = patchSide(g);
    for (Firing fire : p.topImages().subList(0, Math.min(top, p.topImages().size()))) {
      GraphSourceOptions.ImageRef ref = loaded.images().get(fire.imageId());
      if (ref == null) {
        throw new IllegalStateException(
            "Image `"
                + fire.imageId()
                + "` of pattern "
                + p.id()
                + " has no path in "
                + loaded.origin()
                + ": write the store with its images (xgraph demo / xgraph store)");
      }
      BufferedImage crop =
          crops.computeIfAbsent(
              fire.imageId(), id -> Pictures.crop(source.file(ref), ref.box(), g.inputSize()));
      row.add(
          new Pictures.Tile(
              Pictures.patch(crop, fire.x(), fire.y(), side),
              List.of("image " + fire.imageId(), f("score %.2f", fire.score()))));
    }
    return row;
  }

  /** The {@code n} patterns with the highest mean top-image score, best first. */
  static List<Pattern> strongest(GraphLayer layer, int n) {
    return layer.patterns().stream()
        .filter(p -> !p.topImages().isEmpty())
        .sorted(Comparator.comparingDouble(PatchesCommand::meanTop).reversed())
        .limit(n)
        .toList();
  }

  static double meanTop(Pattern p) {
    return p.topImages().stream().mapToDouble(Firing::score).average().orElse(0);
  }

  static Pattern findPattern(ExplanatoryGraph graph, String id) {
    String number = id.contains(":") ? id.substring(id.lastIndexOf(':') + 1) : id;
    int v;
    try {
      v = Integer.parseInt(number.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Value for `--pattern` was `" + id + "`, but must be a number or `model:number`");
    }
    if (v < 0 || v >= graph.patternCount()) {
      throw new IllegalArgumentException(
          "Value for `--pattern` was "
              + v
              + ", but the graph has patterns 0.."
              + (graph.patternCount() - 1));
    }
    for (GraphLayer l : graph.layers()) {
      for (Pattern p : l.patterns()) {
        if (p.id() == v) {
          return p;
        }
      }
    }
    throw new IllegalStateException("Pattern " + v + " is missing from the graph's layers");
  }

  static GraphLayer findLayer(ExplanatoryGraph graph, String layer) {
    List<String> names = new ArrayList<>();
    for (int l = 0; l < graph.layers().size(); l++) {
      GraphLayer gl = graph.layers().get(l);
      names.add(l + "=" + gl.geometry().name());
      if (gl.geometry().name().equals(layer) || Integer.toString(l).equals(layer.trim())) {
        return gl;
      }
    }
    throw new IllegalArgumentException(
        "Value for `--layer` was `" + layer + "`, but must be one of " + names);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
