package io.xgraph.cli;

import io.xgraph.evaluation.FewShotPart;
import io.xgraph.ingest.image.Box;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.ingest.store.StoredImage;
import io.xgraph.learner.aog.bridge.PartDefinition;
import io.xgraph.learner.data.Point;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xgraph part show}: predicted and true part points drawn on images, as a PNG grid. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description =
        "Teaches a part from a few annotated train images (And-Or graph on the graph's patterns,"
            + " as `part eval`'s first draw) and draws, on the object crops of test images, the"
            + " annotated point (green circle), the AOG's prediction (red cross) and the"
            + " mean-position baseline (blue square); the shots come first with their annotation"
            + " (yellow). Writes a PNG grid.")
public final class PartShowCommand implements Callable<Integer> {

  static final Color TRUTH = new Color(0x10, 0xc0, 0x10);
  static final Color PREDICTED = new Color(0xe0, 0x10, 0x10);
  static final Color MEAN = new Color(0x20, 0x60, 0xff);
  static final Color SHOT = new Color(0xff, 0xd0, 0x00);

  @Mixin FeaturesAndGraphOptions input = new FeaturesAndGraphOptions();

  @Option(
      names = "--part",
      defaultValue = "head-forehead",
      description =
          "Part: a preset (head-forehead, head-centroid, back, tail) or name=id:id:..."
              + " (default: ${DEFAULT-VALUE})")
  String part;

  @Option(
      names = "--shots",
      defaultValue = "3",
      description = "Annotated images (default: ${DEFAULT-VALUE})")
  int shots;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of the draw of the shots (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--images",
      defaultValue = "12",
      description = "Test images drawn (default: ${DEFAULT-VALUE})")
  int images;

  @Option(
      names = "--columns",
      defaultValue = "5",
      description = "Tiles per row (default: ${DEFAULT-VALUE})")
  int columns;

  @Option(
      names = "--tile",
      defaultValue = "160",
      description = "Tile side, pixels (default: ${DEFAULT-VALUE})")
  int tile;

  @Mixin SharedDataOption sharedData = new SharedDataOption();

  @Mixin ImageRootOptions imageFiles = new ImageRootOptions();

  @Option(
      names = "--out",
      defaultValue = "part-show.png",
      description = "PNG file to write (default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() {
    if (images < 1 || columns < 1 || tile < 32) {
      throw new IllegalArgumentException(
          "--images and --columns must be at least 1 and --tile at least 32 pixels");
    }
    FeatureStore store = input.openFeatures();
    ExplanatoryGraph graph = input.readGraph();
    PartDefinition def = PartDefinition.parse(part.replace(':', ','));
    FewShotPart.Taught taught;
    try (Bars.EvaluationBars bars = new Bars.EvaluationBars()) {
      taught =
          FewShotPart.teach(
              FewShotPart.responses(store, null, new GraphInference(graph), bars),
              def,
              shots,
              seed);
    }
    int size = store.layers().get(0).inputSize();
    Map<String, StoredImage> byId =
        store.storedImages().stream()
            .collect(Collectors.toMap(s -> s.record().id(), s -> s, (a, b) -> a));
    Path root = imageFiles.imageRoot(sharedData, ImageRootOptions.recorded(store));
    List<Pictures.Tile> tiles = new ArrayList<>();
    for (String id : taught.shots()) {
      BufferedImage crop = crop(root, byId.get(id), size);
      Graphics2D g = Pictures.graphics(crop);
      Point p = def.centre(byId.get(id).record());
      Pictures.circle(g, p.x(), p.y(), 7, SHOT);
      g.dispose();
      tiles.add(new Pictures.Tile(crop, List.of("shot " + id, "annotated")));
    }
    double diagonal = size * Math.sqrt(2);
    List<String> tests = new ArrayList<>(taught.truth().keySet());
    for (String id : tests.subList(0, Math.min(images, tests.size()))) {
      BufferedImage crop = crop(root, byId.get(id), size);
      Point truth = taught.truth().get(id);
      Point guess = taught.predicted().get(id);
      Point mean = taught.meanPosition();
      Graphics2D g = Pictures.graphics(crop);
      g.setColor(MEAN);
      g.setStroke(new java.awt.BasicStroke(2f));
      g.drawRect((int) mean.x() - 4, (int) mean.y() - 4, 8, 8);
      Pictures.circle(g, truth.x(), truth.y(), 7, TRUTH);
      Pictures.cross(g, guess.x(), guess.y(), 6, PREDICTED);
      g.dispose();
      tiles.add(
          new Pictures.Tile(
              crop,
              List.of(
                  "test " + id,
                  f("AOG error %.3f", guess.distance(truth) / diagonal),
                  f("mean pos. %.3f", mean.distance(truth) / diagonal))));
    }
    List<List<Pictures.Tile>> rows = new ArrayList<>();
    for (int i = 0; i < tiles.size(); i += columns) {
      rows.add(tiles.subList(i, Math.min(tiles.size(), i + columns)));
    }
    String title =
        f(
            "%s from %d shots: mean error on %d test images AOG %.3f, mean position %.3f"
                + " (green: annotated, red: AOG, blue: mean position)",
            def.name(),
            taught.shots().size(),
            taught.truth().size(),
            taught.aogError(size),
            taught.meanPositionError(size));
    BufferedImage sheet = Pictures.sheet(title, null, rows, tile, 0);
    Pictures.writePng(sheet, out);
    System.out.println(title);
    System.out.printf("wrote %s (%d x %d)%n", out, sheet.getWidth(), sheet.getHeight());
    return 0;
  }

  private static BufferedImage crop(Path root, StoredImage image, int size) {
    Box b = image.box();
    return Pictures.crop(
        ImageRootOptions.file(root, image.file()), new double[] {b.x(), b.y(), b.w(), b.h()}, size);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
