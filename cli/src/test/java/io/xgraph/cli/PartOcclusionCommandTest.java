package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.image.Preprocessing;
import io.xgraph.ingest.onnx.CnnModel;
import io.xgraph.ingest.onnx.OcclusionRunner;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.ingest.store.StoredImage;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.internal.CypherGraphStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xgraph part occlusion} on a reduced real run (the first 40 CUB birds through SqueezeNet's
 * fire7 and fire9, 3 EM iterations) with the real model under ONNX Runtime: the occluded input is
 * the crop the feature store was built from, the per-layer table and the per-pattern figures in a
 * real embedded store, one pattern by its key, and the refusals.
 */
class PartOcclusionCommandTest {

  @TempDir static Path dir;

  static Path features;
  static Path graph;
  static Path store;

  @BeforeAll
  static void reducedRunInAStore() {
    ReducedRun.Stored run = ReducedRun.inAStore(dir);
    features = run.features();
    graph = run.graph();
    store = run.store();
  }

  private static CliRun occlusion(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "part",
                "occlusion",
                "--data",
                PartEvalCommandTest.data(),
                "--features",
                features.toString(),
                "--graph",
                graph.toString()));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  /** The occluded input, run through the CNN, gives the stored maps: the same crop, unflipped. */
  @Test
  void theOccludedInputIsTheCropTheFeatureStoreWasBuiltFrom() {
    FeatureStore fs = FeatureStore.open(features);
    Path model = Path.of(PartEvalCommandTest.data(), "models", fs.modelName() + ".onnx");
    List<String> layers = fs.layers().stream().map(LayerGeometry::name).toList();
    StoredImage image = fs.storedImages().get(1);
    Path file = Path.of(fs.manifest("dataset.root")).resolve(image.file());
    try (OcclusionRunner runner = OcclusionRunner.open(model, 2, 1);
        CnnModel cnn = CnnModel.open(model, layers, 2)) {
      float[] input = runner.objectInput(file, image.box(), Preprocessing.byId(fs.preprocessing()));
      CnnModel.Forward f = cnn.run(input);
      for (LayerGeometry g : fs.layers()) {
        float[] stored = new float[g.size()];
        fs.readRaw(g.index(), 1, stored);
        float[] now = f.layers().get(g.index());
        for (int i = 0; i < stored.length; i++) {
          // the store keeps float16: half a unit in the last place, relative
          assertEquals(now[i], stored[i], 1e-3 * Math.abs(now[i]) + 1e-4, g.name() + " " + i);
        }
      }
      float[] p = runner.probabilities(input);
      assertEquals(OcclusionRunner.argmax(f.scores()), OcclusionRunner.argmax(p));
    }
  }

  @Test
  void theTableAndThePerPatternFiguresInTheStore() {
    CliRun run = occlusion("--images", "3", "--top", "3", "--store", store.toString());
    assertEquals(0, run.code(), run.out());
    String out = run.out();
    for (String layer : List.of("fire7/concat_1", "fire9/concat_1")) {
      // strongest, control, difference, labelled and unlabelled cells: 9 occlusions each
      Matcher m =
          Pattern.compile(
                  "(?m)^" + layer + " +\\d+px +(-?[0-9.]+) ± [0-9.]+ \\(9\\) +(-?[0-9.]+) ±")
              .matcher(out);
      assertTrue(m.find(), out);
      assertTrue(Double.parseDouble(m.group(1)) > 0, "occluding a receptive field costs: " + out);
    }
    assertTrue(out.contains("patterns track a part"), out);
    assertTrue(
        Pattern.compile("cost: \\d+ occlusions \\+ 3 unoccluded runs").matcher(out).find(), out);
    long written = number(out, "occlusion figures written on (\\d+) patterns");
    assertTrue(written >= 6, out);
    Map<String, Object> top;
    try (GraphStore s = GraphStores.openExistingEmbedded(store)) {
      CypherGraphStore c = (CypherGraphStore) s;
      long stored =
          c.session()
              .<Long>read(
                  tx ->
                      tx.count(
                          "MATCH (p:Pattern {graph: 'squeezenet1.1-fp16'})"
                              + " WHERE p.occlusionDrop IS NOT NULL RETURN count(p) AS n",
                          Map.of()));
      assertEquals(written, stored);
      top =
          c.session()
              .read(
                  tx ->
                      tx.list(
                          "MATCH (p:Pattern {graph: 'squeezenet1.1-fp16'})"
                              + " WHERE p.occlusionDrop IS NOT NULL RETURN p.key AS key,"
                              + " p.occlusionDrop AS drop, p.occlusionImages AS images,"
                              + " p.occlusionSide AS side ORDER BY p.occlusionDrop DESC LIMIT 1",
                          Map.of()))
              .get(0);
    }
    double drop = ((Number) top.get("drop")).doubleValue();
    assertTrue(drop > 0 && drop <= 1, top.toString());
    assertTrue(((Number) top.get("images")).longValue() >= 1, top.toString());

    // the pattern the class score depends on most, alone by its store key
    CliRun one = occlusion("--pattern", (String) top.get("key"), "--images", "3");
    assertEquals(0, one.code(), one.out());
    String id = ((String) top.get("key")).substring("squeezenet1.1-fp16:".length());
    assertTrue(one.out().contains("pattern " + id + " (layer "), one.out());
    assertTrue(one.out().contains("mean drop "), one.out());
  }

  @Test
  void badInputIsRefusedWithTheFix() {
    assertRefused("is not a pattern of graph `squeezenet1.1-fp16`", "--pattern", "resnet50:12");
    assertRefused("but the graph has patterns 0..", "--pattern", "99999999");
    assertRefused("Value for `--top` was 0, but must be 1..1000", "--top", "0");
    assertRefused("Value for `--images` was 9999, but the feature store has", "--images", "9999");
    assertRefused(
        "Value for `--region-fraction` was 0.0, but must be in (0, 2]", "--region-fraction", "0");
    assertRefused(
        "does not exist; give the path of an .onnx file",
        "--model",
        dir.resolve("no.onnx").toString());
    assertRefused("Value for `--layer` was `fire3`", "--layer", "fire3");
    Path empty = dir.resolve("empty-store");
    GraphStores.openEmbedded(empty).close();
    assertRefused(
        "Graph `squeezenet1.1-fp16` is not in the store",
        "--images",
        "1",
        "--top",
        "1",
        "--no-labels",
        "--store",
        empty.toString());
  }

  private static void assertRefused(String message, String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      assertNotEquals(0, occlusion(args).code());
    } finally {
      System.setErr(old);
    }
    String err = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(err.contains(message), err);
  }

  private static long number(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    assertTrue(m.find(), out);
    return Long.parseLong(m.group(1));
  }
}
