package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.SharedData;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.ingest.store.StoredImage;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.io.GraphCodec;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.WriteListener;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The picture commands on a reduced real run (the first 40 CUB birds through SqueezeNet's top two
 * layers, a 2-iteration graph): sheet sizes, that a tile holds exactly the crop's pixels around the
 * pattern's position, that the store and the feature store give the same sheet, and the chart.
 */
class PicturesTest {

  @TempDir static Path dir;

  static Path features;
  static Path graphFile;
  static ExplanatoryGraph graph;

  @BeforeAll
  static void ingestAndLearn() {
    features = dir.resolve("features");
    graphFile = dir.resolve("graph.xg");
    ReducedRun.ingest(features, 40, "fire8/concat_1,fire9/concat_1");
    ReducedRun.learn(features, 2, graphFile);
    graph = GraphCodec.read(graphFile);
  }

  private static String run(String... args) {
    CliRun run = CliRun.of(args);
    assertEquals(0, run.code(), run.out());
    return run.out();
  }

  /** Runs (exit 0) {@code command} on this run's feature store and graph, then {@code options}. */
  private static String run(List<String> command, String... options) {
    return run(args(command, options));
  }

  private static String[] args(List<String> command, String... options) {
    List<String> args = new ArrayList<>(command);
    args.addAll(List.of(options));
    return args.toArray(String[]::new);
  }

  /** {@code words} and the options naming this run's feature store and graph. */
  private static List<String> onGraph(String... words) {
    List<String> args = new ArrayList<>(List.of(words));
    args.addAll(List.of("--features", features.toString(), "--graph", graphFile.toString()));
    return args;
  }

  /** {@link #onGraph} and the shared data, for the commands that read the images. */
  private static List<String> onGraphAndImages(String... words) {
    List<String> args = onGraph(words);
    args.addAll(List.of("--data", PartEvalCommandTest.data()));
    return args;
  }

  private static BufferedImage read(Path png) throws Exception {
    assertTrue(Files.isRegularFile(png), png + " written");
    return ImageIO.read(png.toFile());
  }

  private static int distinctColours(BufferedImage img) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        seen.add(img.getRGB(x, y));
      }
    }
    return seen.size();
  }

  /** The strongest pattern of the top layer that fired on at least four images. */
  private static Pattern strongTopPattern() {
    return PatchesCommand.strongest(graph.layers().get(1), 50).stream()
        .filter(p -> p.topImages().size() >= 4)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aContactSheetTileHoldsTheCropPixelsAroundThePatternsPosition() throws Exception {
    Pattern p = strongTopPattern();
    LayerGeometry g = graph.layers().get(1).geometry();
    int side = PatchesCommand.patchSide(g);
    Path png = dir.resolve("pattern.png");
    // Tiles at the patch's own size: the sheet holds the patch pixels unscaled.
    run(
        onGraphAndImages("patches"),
        "--pattern",
        Integer.toString(p.id()),
        "--top",
        "4",
        "--tile",
        Integer.toString(side),
        "--out",
        png.toString());
    BufferedImage sheet = read(png);
    // Layout: 6 px gap, 4 tiles of `side` with 6 px gaps (wider if the title is); title 22 + gap
    // 6, tile, two caption lines of 12 px and a gap.
    assertTrue(sheet.getWidth() >= 6 + 4 * (side + 6), "four tiles, or the title, wide");
    assertEquals(22 + 6 + side + 2 * 12 + 6, sheet.getHeight());
    assertTrue(distinctColours(sheet) > 200, "a photo, not a flat fill");

    FeatureStore store = FeatureStore.open(features);
    Firing first = p.topImages().get(0);
    StoredImage image =
        store.storedImages().stream()
            .filter(s -> s.record().id().equals(first.imageId()))
            .findFirst()
            .orElseThrow();
    BufferedImage crop =
        Pictures.crop(
            SharedData.cubDev(SharedData.locate(PartEvalCommandTest.data())).resolve(image.file()),
            new double[] {image.box().x(), image.box().y(), image.box().w(), image.box().h()},
            g.inputSize());
    int x0 = Pictures.patchOrigin(first.x(), side);
    int y0 = Pictures.patchOrigin(first.y(), side);
    int checked = 0;
    for (int i = 0; i < side; i += 3) {
      for (int j = 0; j < side; j += 3) {
        int x = x0 + j;
        int y = y0 + i;
        int expected =
            x >= 0 && y >= 0 && x < g.inputSize() && y < g.inputSize()
                ? crop.getRGB(x, y)
                : Pictures.OUTSIDE.getRGB();
        assertEquals(expected, sheet.getRGB(6 + j, 28 + i), "tile pixel (" + j + "," + i + ")");
        checked++;
      }
    }
    assertTrue(checked > 100);
  }

  @Test
  void aPatchIsTheCropAroundItsCentreAndGreyBeyondTheEdge() {
    BufferedImage crop = new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 224; y++) {
      for (int x = 0; x < 224; x++) {
        crop.setRGB(x, y, (x << 16) | (y << 8) | 7);
      }
    }
    BufferedImage patch = Pictures.patch(crop, 10.0, 100.0, 31);
    // origin: round(10 - 15) = -5, round(100 - 15) = 85
    assertEquals(Pictures.OUTSIDE.getRGB(), patch.getRGB(0, 0));
    assertEquals(Pictures.OUTSIDE.getRGB(), patch.getRGB(4, 30));
    assertEquals(0xff000000 | (0 << 16) | (85 << 8) | 7, patch.getRGB(5, 0));
    assertEquals(0xff000000 | (10 << 16) | (100 << 8) | 7, patch.getRGB(15, 15));
    assertEquals(0xff000000 | (25 << 16) | (115 << 8) | 7, patch.getRGB(30, 30));
  }

  @Test
  void theStoreGivesTheSameSheetAsTheFeatureStore() throws Exception {
    Path storeDir = dir.resolve("store");
    FeatureStore store = FeatureStore.open(features);
    try (GraphStore gs = GraphStores.openEmbedded(storeDir)) {
      gs.write(
          graph,
          StoreCommandSupport.provenance(
              store, Path.of(PartEvalCommandTest.data(), "models", "squeezenet1.1-fp16.onnx")),
          StoreCommandSupport.images(store),
          WriteListener.NONE);
    }
    Pattern p = strongTopPattern();
    Path fromFeatures = dir.resolve("f.png");
    Path fromStore = dir.resolve("s.png");
    String id = Integer.toString(p.id());
    run(onGraphAndImages("patches"), "--pattern", id, "--out", fromFeatures.toString());
    String printed =
        run(
            "patches",
            "--store",
            storeDir.toString(),
            "--data",
            PartEvalCommandTest.data(),
            "--pattern",
            graph.modelName() + ":" + id,
            "--out",
            fromStore.toString());
    assertTrue(printed.contains(storeDir.toString()), printed);
    BufferedImage a = read(fromFeatures);
    BufferedImage b = read(fromStore);
    assertEquals(a.getWidth(), b.getWidth());
    assertEquals(a.getHeight(), b.getHeight());
    assertArrayEquals(
        a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth()),
        b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth()));
  }

  @Test
  void theOverviewHasOneRowPerStrongPattern() throws Exception {
    Path png = dir.resolve("overview.png");
    run(
        onGraphAndImages("patches"),
        "--layer",
        "fire9/concat_1",
        "--overview",
        "--patterns",
        "3",
        "--top",
        "5",
        "--tile",
        "64",
        "--out",
        png.toString());
    BufferedImage sheet = read(png);
    assertTrue(sheet.getWidth() >= 6 + 90 + 5 * (64 + 6), "five tiles, or the title, wide");
    assertEquals(22 + 6 + 3 * (64 + 2 * 12 + 6), sheet.getHeight());
    assertTrue(distinctColours(sheet) > 200);
  }

  @Test
  void partShowDrawsShotsAndTestImagesWithTheirPoints() throws Exception {
    Path png = dir.resolve("part.png");
    String printed =
        run(
            onGraphAndImages("part", "show"),
            "--images",
            "4",
            "--columns",
            "4",
            "--tile",
            "112",
            "--out",
            png.toString());
    assertTrue(printed.contains("head-forehead from 3 shots"), printed);
    BufferedImage sheet = read(png);
    // 3 shots + 4 test images in rows of 4.
    assertTrue(sheet.getWidth() >= 6 + 4 * (112 + 6), "four tiles, or the title, wide");
    // Test tiles carry three caption lines: id, AOG error, mean-position error.
    assertEquals(22 + 6 + 2 * (112 + 3 * 12 + 6), sheet.getHeight());
    // The markers' colours appear (scaled tiles blend them, so look for near matches).
    assertTrue(hasColourNear(sheet, PartShowCommand.TRUTH.getRGB()), "green truth circle");
    assertTrue(hasColourNear(sheet, PartShowCommand.PREDICTED.getRGB()), "red AOG cross");
    assertTrue(hasColourNear(sheet, PartShowCommand.SHOT.getRGB()), "yellow shot circle");
  }

  private static boolean hasColourNear(BufferedImage img, int rgb) {
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int c = img.getRGB(x, y);
        int d = 0;
        for (int s = 0; s <= 16; s += 8) {
          d += Math.abs(((c >> s) & 0xff) - ((rgb >> s) & 0xff));
        }
        if (d < 30) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void evalDrawsTheStabilityChart() throws Exception {
    Path png = dir.resolve("chart.png");
    String printed = run(onGraph("eval"), "--chart", png.toString());
    assertTrue(printed.contains("chart written to"), printed);
    BufferedImage chart = read(png);
    assertEquals(StabilityChart.WIDTH, chart.getWidth());
    assertEquals(StabilityChart.HEIGHT, chart.getHeight());
    for (java.awt.Color c : StabilityChart.COLORS) {
      int count = 0;
      for (int y = 0; y < chart.getHeight(); y++) {
        for (int x = 0; x < chart.getWidth(); x++) {
          count += chart.getRGB(x, y) == c.getRGB() ? 1 : 0;
        }
      }
      // Three groups (two layers, all) of bars at least a few pixels tall, plus the legend box.
      assertTrue(count > 300, "bars of colour " + c + ": " + count + " pixels");
    }
  }

  @Test
  void badPictureRequestsAreUsageErrors() {
    assertEquals(Main.EXIT_USAGE, Main.execute(args(onGraph("patches"), "--pattern", "999999")));
    assertEquals(
        Main.EXIT_USAGE, Main.execute(args(onGraph("patches"), "--layer", "nope", "--overview")));
    assertEquals(Main.EXIT_USAGE, Main.execute("patches", "--features", features.toString()));
  }
}
