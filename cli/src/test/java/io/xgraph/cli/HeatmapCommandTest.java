package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.em.InferenceResult;
import io.xgraph.learner.io.GraphCodec;
import io.xgraph.learner.meaning.PartLabel;
import io.xgraph.learner.meaning.TrackingRule;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.WriteListener;
import io.xgraph.store.server.FiringHeatmap;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xgraph heatmap} and the part-label captions of {@code xgraph patches} on a reduced real
 * run (the first 40 CUB birds through SqueezeNet's top two layers, a 2-iteration graph): the
 * inferred heatmap is hot where the learner's inference puts the image's firing patterns; the
 * overview names the part label of a TRACKS written here, and says when there are none; bad input
 * is named.
 */
class HeatmapCommandTest {

  @TempDir static Path dir;

  static Path features;
  static Path graphFile;
  static Path storeDir;
  static ExplanatoryGraph graph;

  @BeforeAll
  static void ingestLearnAndStore() {
    features = dir.resolve("features");
    graphFile = dir.resolve("graph.xg");
    storeDir = dir.resolve("store");
    ReducedRun.ingest(features, 40, "fire8/concat_1,fire9/concat_1");
    ReducedRun.learn(features, 2, graphFile);
    graph = GraphCodec.read(graphFile);
    FeatureStore store = FeatureStore.open(features);
    try (GraphStore gs = GraphStores.openEmbedded(storeDir)) {
      gs.write(
          graph,
          StoreCommandSupport.provenance(
              store, Path.of(PartEvalCommandTest.data(), "models", "squeezenet1.1-fp16.onnx")),
          StoreCommandSupport.images(store),
          WriteListener.NONE);
    }
  }

  @Test
  void inferredHeatmapIsHotWhereTheLearnerPutsTheFiringPatterns() throws Exception {
    FeatureStore store = FeatureStore.open(features);
    int index = 3;
    String image = store.images().get(index).id();
    Path out = dir.resolve("heat.png");
    String printed =
        run(
            "heatmap",
            "--features",
            features.toString(),
            "--graph",
            graphFile.toString(),
            "--data",
            PartEvalCommandTest.data(),
            "--image",
            image,
            "--out",
            out.toString());
    // The test's own inference of the same image, as the learner does it.
    List<float[]> maps = new ArrayList<>();
    for (int l = 0; l < store.layers().size(); l++) {
      float[] m = new float[store.layers().get(l).size()];
      store.read(l, index, m);
      maps.add(m);
    }
    InferenceResult r = new GraphInference(graph).infer(maps);
    assertTrue(
        printed.contains((r.firedCount(0) + r.firedCount(1)) + " firing patterns in 2 layers"),
        printed);
    BufferedImage picture = ImageIO.read(out.toFile());
    int side = graph.layers().get(0).geometry().inputSize();
    for (int l = 0; l < 2; l++) {
      List<FiringHeatmap.Spot> spots = new ArrayList<>();
      for (int v = 0; v < r.size(l); v++) {
        if (r.fired(l, v)) {
          spots.add(new FiringHeatmap.Spot(r.x(l, v), r.y(l, v), r.score(l, v)));
        }
      }
      assertTrue(!spots.isEmpty(), "patterns fire in layer " + l);
      float[] heat =
          FiringHeatmap.heat(
              side, new FiringHeatmap.Panel("", graph.layers().get(l).geometry().stride(), spots));
      int hot = 0;
      int cold = 0;
      for (int i = 0; i < heat.length; i++) {
        hot = heat[i] > heat[hot] ? i : hot;
        cold = heat[i] < heat[cold] ? i : cold;
      }
      int left = 8 + l * (side + 8);
      int hotRgb = picture.getRGB(left + hot % side, 24 + hot / side);
      int coldRgb = picture.getRGB(left + cold % side, 24 + cold / side);
      assertTrue(
          red(hotRgb) > 240 && green(hotRgb) > 225,
          "layer " + l + ": the hottest point is pale yellow, was " + Integer.toHexString(hotRgb));
      assertTrue(
          green(coldRgb) < green(hotRgb) - 100,
          "layer " + l + ": the coolest point is darker, was " + Integer.toHexString(coldRgb));
    }
  }

  @Test
  void overviewCaptionsRowsWithStoredPartLabelsOrSaysThereAreNone() {
    Pattern strongest = PatchesCommand.strongest(graph.layers().get(1), 1).get(0);
    String before = overview();
    assertTrue(before.contains("pattern " + strongest.id() + ": no part label"), before);
    assertTrue(before.contains("no part labels stored"), before);
    String noLabels = fails("--part", "beak");
    assertTrue(noLabels.contains("needs part labels"), noLabels);

    try (GraphStore gs = GraphStores.openEmbedded(storeDir)) {
      gs.writePartLabels(
          graph.modelName(),
          List.of(
              new PartLabel(strongest.id(), "beak", 11, 0.64, 0.05, 1, -2, 4, 25.9),
              new PartLabel(strongest.id(), "crown", 11, 0.55, 0.05, 3, 9, 5, 25.9)),
          TrackingRule.DEFAULT,
          20);
    }
    String after = overview();
    assertTrue(after.contains("pattern " + strongest.id() + ": beak 64%, crown 55%"), after);
    assertTrue(!after.contains("no part labels stored"), after);
    String beak = overview("--part", "beak");
    assertTrue(beak.contains("pattern " + strongest.id() + ": beak 64%"), beak);
    assertEquals(
        1, beak.lines().filter(line -> line.startsWith("pattern ")).count(), "one tracks beak");
    String unknown = fails("--part", "antenna");
    assertTrue(unknown.contains("`antenna`") && unknown.contains("[beak, crown]"), unknown);
  }

  @Test
  void unknownImageAndLayerAreNamed() {
    String image =
        failure(
            "heatmap",
            "--store",
            storeDir.toString(),
            "--image",
            "no-such-bird",
            "--out",
            dir.resolve("x.png").toString());
    assertTrue(image.contains("`no-such-bird`") && image.contains("images include"), image);
    String layer =
        failure(
            "heatmap",
            "--store",
            storeDir.toString(),
            "--image",
            graph.trainingImageIds().get(0),
            "--layer",
            "fire99",
            "--out",
            dir.resolve("y.png").toString());
    assertTrue(layer.contains("`fire99`") && layer.contains("fire9/concat_1"), layer);
  }

  private static String overview(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "patches",
                "--store",
                storeDir.toString(),
                "--data",
                PartEvalCommandTest.data(),
                "--layer",
                "1",
                "--overview",
                "--patterns",
                "3",
                "--top",
                "2",
                "--out",
                dir.resolve("o.png").toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  private static String fails(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "patches",
                "--store",
                storeDir.toString(),
                "--layer",
                "1",
                "--overview",
                "--out",
                dir.resolve("f.png").toString()));
    args.addAll(List.of(more));
    return failure(args.toArray(String[]::new));
  }

  private static String run(String... args) {
    CliRun run = CliRun.of(args);
    assertEquals(0, run.code(), run.out());
    return run.out();
  }

  /** Runs a command that must fail; returns what it printed on standard error. */
  private static String failure(String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliRun run;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      run = CliRun.of(args);
    } finally {
      System.setErr(old);
    }
    assertNotEquals(0, run.code(), run.out());
    return err.toString(StandardCharsets.UTF_8);
  }

  private static int red(int rgb) {
    return (rgb >> 16) & 0xff;
  }

  private static int green(int rgb) {
    return (rgb >> 8) & 0xff;
  }
}
