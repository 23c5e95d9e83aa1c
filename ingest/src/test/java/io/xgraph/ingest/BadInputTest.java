package io.xgraph.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.onnx.CnnModel;
import io.xgraph.ingest.store.FeatureStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clear errors for bad models, layers, datasets and images. */
class BadInputTest {

  @TempDir Path tmp;

  private static Path squeezenet() {
    return SharedData.model(SharedData.locate(null), "squeezenet");
  }

  @Test
  void nonOnnxFile() throws Exception {
    Path f = tmp.resolve("model.onnx");
    Files.writeString(f, "hello, not a model");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CnnModel.analyse(f));
    assertTrue(e.getMessage().contains("model.onnx"), e.getMessage());
  }

  @Test
  void truncatedModel() throws Exception {
    byte[] bytes = Files.readAllBytes(squeezenet());
    Path f = tmp.resolve("cut.onnx");
    Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CnnModel.analyse(f));
    assertTrue(e.getMessage().contains("cut.onnx"), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void missingModel() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> CnnModel.analyse(tmp.resolve("nope.onnx")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void modelWithoutImageInput() throws Exception {
    onnx.Onnx.ModelProto m =
        onnx.Onnx.ModelProto.newBuilder()
            .setIrVersion(7)
            .setGraph(
                onnx.Onnx.GraphProto.newBuilder()
                    .addInput(vector("tokens"))
                    .addNode(
                        onnx.Onnx.NodeProto.newBuilder()
                            .setOpType("Relu")
                            .addInput("tokens")
                            .addOutput("y"))
                    .addOutput(vector("y")))
            .build();
    Path f = tmp.resolve("text.onnx");
    Files.write(f, m.toByteArray());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CnnModel.analyse(f));
    assertTrue(e.getMessage().contains("no image input"), e.getMessage());
    assertTrue(e.getMessage().contains("tokens"), e.getMessage());
  }

  private static onnx.Onnx.ValueInfoProto vector(String name) {
    return onnx.Onnx.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            onnx.Onnx.TypeProto.newBuilder()
                .setTensorType(
                    onnx.Onnx.TypeProto.Tensor.newBuilder()
                        .setElemType(1)
                        .setShape(
                            onnx.Onnx.TensorShapeProto.newBuilder()
                                .addDim(
                                    onnx.Onnx.TensorShapeProto.Dimension.newBuilder()
                                        .setDimValue(10)))))
        .build();
  }

  /** A mistyped layer gets the nearest names (not all 70 tensors) and where to list them all. */
  @Test
  void unknownLayerSuggestsTheNearestOnes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CnnModel.open(squeezenet(), List.of("fire5/concat_1", "fire99/concat"), 1));
    assertEquals(
        "Layer `fire99/concat` is not a tensor of model `squeezenet1.1-fp16.onnx`; did you mean"
            + " fire9/concat_1, fire9/concat_2? (`xgraph layers "
            + squeezenet()
            + "` lists every layer with its geometry)",
        e.getMessage());
  }

  @Test
  void unknownModelNeedsPreprocessAndLayers() throws Exception {
    // The SqueezeNet graph under another input name is not recognised as a known model.
    onnx.Onnx.ModelProto m = onnx.Onnx.ModelProto.parseFrom(Files.readAllBytes(squeezenet()));
    byte[] renamed =
        new String(m.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1)
            .replace("data_0", "data_9")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Path f = tmp.resolve("other.onnx");
    Files.write(f, renamed);
    var graph = CnnModel.analyse(f);
    assertEquals("data_9", graph.imageInput());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> KnownModel.preprocessingFor(graph, null, f.toString()));
    assertTrue(e.getMessage().contains("--preprocess"), e.getMessage());
    assertTrue(e.getMessage().contains("caffe-bgr"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> KnownModel.layersFor(graph, List.of(), "other"));
    assertEquals(
        io.xgraph.ingest.image.Preprocessing.CAFFE_BGR,
        KnownModel.preprocessingFor(graph, "caffe-bgr", f.toString()));
  }

  /**
   * A folder with two real birds, a corrupt JPEG and a text file: the bad files are skipped and
   * reported by name; sigma falls back to the images themselves (no boxes, no --negatives).
   */
  @Test
  void corruptImagesAreSkippedAndReported() throws Exception {
    Path cub = SharedData.cubDev(SharedData.locate(null));
    Path folder = tmp.resolve("birds");
    Files.createDirectories(folder);
    List<String> lines = Files.readAllLines(cub.resolve("images.txt"));
    for (int i = 0; i < 2; i++) {
      String rel = lines.get(i).split(" ")[1];
      Files.copy(cub.resolve("images").resolve(rel), folder.resolve("bird" + i + ".jpg"));
    }
    byte[] jpeg = Files.readAllBytes(folder.resolve("bird0.jpg"));
    Files.write(folder.resolve("broken.jpg"), java.util.Arrays.copyOf(jpeg, 200));
    Files.writeString(folder.resolve("readme.txt"), "birds");
    java.util.List<String> reported = new java.util.ArrayList<>();
    IngestListener listener =
        new IngestListener() {
          @Override
          public void skipped(String file, String reason) {
            reported.add(file);
          }
        };
    Path out = tmp.resolve("store");
    IngestResult r =
        Ingestor.run(
            new IngestOptions(
                squeezenet(), List.of("fire9/concat_1"), folder, out, null, "all", 0, 1, null),
            listener);
    assertEquals(2, r.images());
    assertEquals(2, r.skipped().size(), r.skipped().toString());
    assertTrue(r.skipped().get(0).contains("broken.jpg"), r.skipped().toString());
    assertTrue(r.skipped().get(1).contains("readme.txt"), r.skipped().toString());
    // One pass (fallback sigma over the images alongside the images): each file reported once.
    assertEquals(2, reported.size(), reported.toString());
    FeatureStore store = FeatureStore.open(out);
    assertEquals("the dataset images themselves", store.manifest("negatives.source"));
    assertEquals("bird0.jpg", store.images().get(0).id());
  }

  @Test
  void missingImageDirectory() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Ingestor.run(
                    new IngestOptions(
                        squeezenet(),
                        List.of(),
                        tmp.resolve("none"),
                        tmp.resolve("o"),
                        null,
                        "all",
                        0,
                        1,
                        null),
                    IngestListener.SILENT));
    assertTrue(e.getMessage().contains("none"), e.getMessage());
  }

  @Test
  void sharedDataErrorNamesEveryPlaceAndTheSources() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SharedData.locate(tmp.resolve("no-data").toString()));
    assertTrue(e.getMessage().contains("no-data"), e.getMessage());
    assertTrue(e.getMessage().contains("Windows-Machine-Learning"), e.getMessage());
    assertTrue(e.getMessage().contains("CUB-200-2011"), e.getMessage());
  }
}
