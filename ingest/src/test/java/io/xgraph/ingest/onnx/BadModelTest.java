package io.xgraph.ingest.onnx;

import static io.xgraph.ingest.onnx.TinyModels.integer;
import static io.xgraph.ingest.onnx.TinyModels.ints;
import static io.xgraph.ingest.onnx.TinyModels.node;
import static io.xgraph.ingest.onnx.TinyModels.symbolic;
import static io.xgraph.ingest.onnx.TinyModels.tensor;
import static io.xgraph.ingest.onnx.TinyModels.weights;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.IngestListener;
import io.xgraph.ingest.IngestOptions;
import io.xgraph.ingest.Ingestor;
import io.xgraph.ingest.KnownModel;
import io.xgraph.ingest.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import onnx.Onnx.ValueInfoProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models a user may bring that xgraph cannot explain, each refused with a message that names the
 * model, what is wrong and the fix: no spatial layer, a misspelled residual layer, and image inputs
 * that are not 3 x 224 x 224 (dynamic, channels last, grey, non-square, another size). The bad
 * models are built here with the ONNX protobuf classes; the misspelling uses the real ResNet-50.
 */
class BadModelTest {

  @TempDir Path tmp;

  private Path write(String file, ValueInfoProto input) throws Exception {
    return Files.write(
        tmp.resolve(file),
        TinyModels.model(
            input,
            List.of(weights("w", 4, 3, 3, 3)),
            List.of(node("Conv", List.of("x", "w"), "y", ints("strides", 2, 2))),
            tensor("y", 1)));
  }

  /**
   * An image classifier without convolutions (global pooling, then a dense layer): no tensor keeps
   * an image plane. Listing, opening and ingesting all say so and name the node where the plane is
   * lost.
   */
  @Test
  void modelWithoutSpatialLayer() throws Exception {
    Path file =
        Files.write(
            tmp.resolve("dense.onnx"),
            TinyModels.model(
                tensor("x", 1, 1, 3, 224, 224),
                List.of(TinyModels.weights("fc", 2, 3, 1, 1)),
                List.of(
                    node("GlobalAveragePool", List.of("x"), "pooled"),
                    node("Flatten", List.of("pooled"), "flat", integer("axis", 1)),
                    node("Conv", List.of("pooled", "fc"), "logits")),
                tensor("logits", 1)));
    OnnxGraph graph = CnnModel.analyse(file);
    String expected =
        "Model `"
            + file
            + "` has no spatial (4-D, N x C x H x W) layer after its image input `x`: the input"
            + " goes into node `pooled_node` (GlobalAveragePool), which keeps no image plane;"
            + " xgraph explains convolutional layers: give a CNN whose conv layers follow the input"
            + " through Conv, pooling, Pad, Concat, Add and element-wise nodes";
    assertEquals(
        expected,
        assertThrows(IllegalArgumentException.class, graph::requireSpatialLayers).getMessage());
    assertEquals(
        expected,
        assertThrows(
                IllegalArgumentException.class, () -> CnnModel.open(file, List.of("logits"), 1))
            .getMessage());
    // Ingest without --layers: the missing spatial layer, not "give --layers", is the message.
    assertEquals(
        expected,
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    Ingestor.run(
                        new IngestOptions(
                            file,
                            List.of(),
                            SharedData.cubDev(SharedData.locate(null)),
                            tmp.resolve("store"),
                            null,
                            "all",
                            1,
                            1,
                            "caffe-bgr"),
                        IngestListener.SILENT))
            .getMessage());
  }

  /**
   * A residual layer name with a typo (res4g: ResNet-50's fourth stage ends at res4f) gets the
   * nearest block names, not a list of 200 tensors; a case slip finds the layer itself; a tensor
   * after the global pooling is named as not spatial, with the last spatial layers.
   */
  @Test
  void misspelledResidualLayerSuggestsTheNearestNames() {
    Path resnet = SharedData.model(SharedData.locate(null), KnownModel.RESNET50.alias());
    String list = " (`xgraph layers " + resnet + "` lists every layer with its geometry)";
    assertEquals(
        "Layer `res4g` is not a tensor of model `resnet50-fp32.onnx`; did you mean res4a, res4b,"
            + " res4c, res4d, res4e, res4f?"
            + list,
        assertThrows(
                IllegalArgumentException.class,
                () -> CnnModel.open(resnet, List.of("res3d", "res4g", "res5c"), 1))
            .getMessage());
    assertEquals(
        "Layer `Res5C` is not a tensor of model `resnet50-fp32.onnx`; did you mean res5c?" + list,
        assertThrows(
                IllegalArgumentException.class, () -> CnnModel.open(resnet, List.of("Res5C"), 1))
            .getMessage());
    assertEquals(
        "Layer `fc1000` of model `resnet50-fp32.onnx` is not a spatial (C x H x W) map (it comes"
            + " from a Gemm node); choose a conv layer, e.g. one of the last: res5c_branch2c,"
            + " res5c, res5c_relu"
            + list,
        assertThrows(
                IllegalArgumentException.class, () -> CnnModel.open(resnet, List.of("fc1000"), 1))
            .getMessage());
  }

  /** Dynamic height and width (a PyTorch export with dynamic axes): fix the input shape. */
  @Test
  void dynamicInputSizes() throws Exception {
    for (Object[] dims :
        List.of(new Object[] {"N", 3, "height", "width"}, new Object[] {1, 3, "", ""})) {
      Path file = write("dynamic.onnx", symbolic("x", 1, dims));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> CnnModel.analyse(file));
      assertEquals(
          "Model `"
              + file
              + "` has image input `x` of shape "
              + List.of(dims).toString().replace(", ,", ", ?,").replace(", ]", ", ?]")
              + ", whose height and width are not fixed; xgraph feeds 224 x 224 crops and"
              + " derives each layer's geometry from fixed sizes: fix the input to 1 x 3 x 224 x"
              + " 224 (e.g. python -m onnxruntime.tools.make_dynamic_shape_fixed --input_name x"
              + " --input_shape 1,3,224,224 in.onnx out.onnx)",
          e.getMessage());
    }
  }

  /** Inputs that are 4-D floats but not N x 3 x S x S. */
  @Test
  void inputsThatAreNotThreeChannelsSquare() throws Exception {
    Path nhwc = write("nhwc.onnx", tensor("x", 1, 1, 224, 224, 3));
    assertEquals(
        "Model `"
            + nhwc
            + "` has image input `x` of shape [1, 224, 224, 3], channels last (N x H x W x C);"
            + " xgraph needs N x 3 x H x W: export the model channels first (e.g. tf2onnx"
            + " --inputs-as-nchw x)",
        assertThrows(IllegalArgumentException.class, () -> CnnModel.analyse(nhwc)).getMessage());
    Path grey = write("grey.onnx", tensor("x", 1, 1, 1, 224, 224));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> CnnModel.analyse(grey))
            .getMessage()
            .endsWith(
                "of shape [1, 1, 224, 224]; xgraph needs 3 colour channels (N x 3 x H x W, RGB or"
                    + " BGR): give a model for colour images"));
    Path wide = write("wide.onnx", tensor("x", 1, 1, 3, 224, 320));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> CnnModel.analyse(wide))
            .getMessage()
            .endsWith(
                "of shape [1, 3, 224, 320], which is not square; xgraph feeds square 224 x 224"
                    + " crops: export the model with a 1 x 3 x 224 x 224 input"));
    Path batch = write("batch.onnx", tensor("x", 1, 8, 3, 224, 224));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> CnnModel.analyse(batch))
            .getMessage()
            .contains("a fixed batch of 8; xgraph runs one image at a time"));
  }

  /**
   * A 299 x 299 model (Inception-style): its layers can be listed (geometry is derived for any
   * fixed size) but it cannot be run, since every crop is 224 x 224.
   */
  @Test
  void inputOfAnotherSize() throws Exception {
    Path file = write("inception.onnx", tensor("x", 1, 1, 3, 299, 299));
    OnnxGraph graph = CnnModel.analyse(file);
    assertEquals(299, graph.inputSize());
    assertEquals(149, graph.geometry("y").height());
    assertEquals(
        "Model `"
            + file
            + "` takes 299 x 299 images; xgraph crops every object to 224 x 224 as the paper does"
            + " (part and stability figures are measured on that plane): export the model with a"
            + " 1 x 3 x 224 x 224 input",
        assertThrows(IllegalArgumentException.class, () -> CnnModel.open(file, List.of("y"), 1))
            .getMessage());
  }

  /** The edit distance behind the suggestions. */
  @Test
  void editDistance() {
    assertEquals(0, io.xgraph.ingest.EditDistance.of("res5c", "res5c"));
    assertEquals(1, io.xgraph.ingest.EditDistance.of("res4g", "res4f"));
    assertEquals(1, io.xgraph.ingest.EditDistance.of("res5c", "res5"));
    assertEquals(5, io.xgraph.ingest.EditDistance.of("res5c", "res5c_relu"));
    assertEquals(3, io.xgraph.ingest.EditDistance.of("kitten", "sitting"));
  }
}
