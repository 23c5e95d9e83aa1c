package io.xgraph.ingest.onnx;

import static io.xgraph.ingest.onnx.TinyModels.integer;
import static io.xgraph.ingest.onnx.TinyModels.ints;
import static io.xgraph.ingest.onnx.TinyModels.node;
import static io.xgraph.ingest.onnx.TinyModels.string;
import static io.xgraph.ingest.onnx.TinyModels.tensor;
import static io.xgraph.ingest.onnx.TinyModels.weights;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.KnownModel;
import io.xgraph.ingest.SharedData;
import io.xgraph.learner.data.LayerGeometry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Layer geometry derived from ONNX graphs, checked against values worked out by hand.
 *
 * <p>Convention: pixel i of the input has its centre at i. Per axis a tensor has a jump j (stride
 * in input pixels), a first centre c and a receptive field r; the input has j = 1, c = 0, r = 1. A
 * window op with kernel k (dilated: d(k-1)+1), stride s and leading pad p gives r' = r + (k-1) j,
 * c' = c + ((k-1)/2 - p) j, j' = j s; map size floor((n + pads - k) / s) + 1.
 */
class GeometryTest {

  private static OnnxGraph real(KnownModel m) {
    return CnnModel.analyse(SharedData.model(SharedData.locate(null), m.alias()));
  }

  private static void assertGeometry(
      TensorGeometry g, int c, int h, double stride, double center, double field) {
    assertEquals(c, g.channels(), g.name() + " channels");
    assertEquals(h, g.height(), g.name() + " height");
    assertEquals(h, g.width(), g.name() + " width");
    assertTrue(g.isSquare(), g.name() + " square");
    assertEquals(stride, g.strideX(), g.name() + " stride");
    assertEquals(center, g.startX(), g.name() + " first centre");
    assertEquals(field, g.fieldX(), g.name() + " receptive field");
  }

  /**
   * SqueezeNet 1.1 by hand (224 input, all pads 0 except the 3x3 expand convs, pad 1):
   *
   * <pre>
   * conv1 k3 s2 p0:   n = (224-3)/2+1 = 111   r = 1+2*1 = 3    c = 0+1*1 = 1     j = 2
   * pool1 k3 s2:      n = (111-3)/2+1 = 55    r = 3+2*2 = 7    c = 1+1*2 = 3     j = 4
   * fire2 squeeze/expand1x1 keep r = 7; expand3x3 (k3 p1): r = 7+2*4 = 15, c = 3+(1-1)*4 = 3
   * fire2/concat_1 = union of r 7 and r 15 around c 3: r = 15
   * fire3 expand3x3:  r = 15+2*4 = 23 (concat 23)
   * pool3 k3 s2:      n = (55-3)/2+1 = 27     r = 23+2*4 = 31  c = 3+1*4 = 7     j = 8
   * fire4 expand3x3:  r = 31+2*8 = 47;  fire5 expand3x3: r = 47+16 = 63
   * pool5 k3 s2:      n = (27-3)/2+1 = 13     r = 63+2*8 = 79  c = 7+1*8 = 15    j = 16
   * fire6: 79+32 = 111; fire7: 143; fire8: 175; fire9: 207
   * </pre>
   */
  @Test
  void squeezeNetFireLayers() {
    OnnxGraph g = real(KnownModel.SQUEEZENET);
    assertGeometry(g.geometry("conv1_1"), 64, 111, 2, 1, 3);
    assertGeometry(g.geometry("fire2/concat_1"), 128, 55, 4, 3, 15);
    assertGeometry(g.geometry("fire3/concat_1"), 128, 55, 4, 3, 23);
    assertGeometry(g.geometry("fire5/expand1x1_1"), 128, 27, 8, 7, 47);
    assertGeometry(g.geometry("fire5/concat_1"), 256, 27, 8, 7, 63);
    assertGeometry(g.geometry("fire7/concat_1"), 384, 13, 16, 15, 143);
    assertGeometry(g.geometry("fire8/concat_1"), 512, 13, 16, 15, 175);
    assertGeometry(g.geometry("fire9/concat_1"), 512, 13, 16, 15, 207);
    // The last unit of fire9 is centred at 15 + 12*16 = 207, inside the 224 input.
    LayerGeometry l = g.geometry("fire9/concat_1").toLayerGeometry("fire9/concat_1", 0, 512);
    assertEquals(207, l.x(12));
  }

  /**
   * MobileNetV2 int8 by hand (3x3 convs pad 1, 1x1 convs pad 0, block outputs QLinearAdd):
   *
   * <pre>
   * Conv_0 k3 s2 p1:  n = (224+2-3)/2+1 = 112  r = 3    c = 0+(1-1)*1 = 0  j = 2
   * Conv_2 dw k3:     r = 3+2*2 = 7;  Conv_7 dw k3 s2: n = 56, r = 7+2*2 = 11, j = 4
   * block 3 dw k3:    r = 11+2*4 = 19 (Add_15 = union of r 11 and r 19 -> 19)
   * Conv_18 dw s2:    n = (56+2-3)/2+1 = 28, r = 19+2*4 = 27, j = 8
   * blocks 5, 6 dw:   r = 27+16 = 43, 43+16 = 59 -> 365_quantized: 32x28x28, j 8, c 0, r 59
   * Conv_35 dw s2:    n = 14, r = 59+2*8 = 75, j = 16; blocks 8, 9, 10: 107, 139, 171
   *                   -> 400_quantized: 64x14x14, j 16, c 0, r 171
   * blocks 11-13:     203, 235, 267 -> 426_quantized: 96x14x14, r 267
   * Conv_75 dw s2:    n = 7, r = 267+2*16 = 299, j = 32; blocks 15-17: 363, 427, 491
   *                   -> 624_quantized: 320x7x7, j 32, c 0, r 491
   * </pre>
   */
  @Test
  void mobileNetBlocks() {
    OnnxGraph g = real(KnownModel.MOBILENET);
    assertGeometry(g.geometry("474_quantized"), 32, 112, 2, 0, 3);
    assertGeometry(g.geometry("489_quantized"), 24, 56, 4, 0, 11);
    assertGeometry(g.geometry("339_quantized"), 24, 56, 4, 0, 19);
    assertGeometry(g.geometry("365_quantized"), 32, 28, 8, 0, 59);
    assertGeometry(g.geometry("400_quantized"), 64, 14, 16, 0, 171);
    assertGeometry(g.geometry("426_quantized"), 96, 14, 16, 0, 267);
    assertGeometry(g.geometry("624_quantized"), 320, 7, 32, 0, 491);
  }

  /**
   * ResNet-50 v1 (Keras port of the Caffe release) by hand. Pads are explicit in the ONNX file:
   * conv1 7x7 s2 p3, pool1 3x3 s2 p1, every 3x3 conv p1, every 1x1 conv p0. The stride-2 1x1 convs
   * open a stage (branch2a and the projection shortcut branch1, both s2, p0). A bottleneck adds
   * only its 3x3 conv's 2j to the field; its Add takes the larger branch's field (the shortcut's
   * field is always the smaller one, and both branches are centred alike).
   *
   * <pre>
   * conv1 k7 s2 p3:   n = (224+6-7)/2+1 = 112  r = 1+6*1 = 7    c = 0+(3-3)*1 = 0   j = 2
   * pool1 k3 s2 p1:   n = (112+2-3)/2+1 = 56   r = 7+2*2 = 11   c = 0+(1-1)*2 = 0   j = 4
   * res2a..c (j 4):   r = 11+8 = 19, 27, 35 (res2a_branch1 stays 11: res2a = max(19, 11))
   * res3a_branch2a/branch1 1x1 s2 p0: n = (56-1)/2+1 = 28, r = 35, c = 0+0*4 = 0, j = 8
   * res3a..d (j 8):   r = 35+16 = 51, 67, 83, 99 (res3a_branch1 35; res3a = max(51, 35))
   *                   -> res3d: 512x28x28, stride 8, centre 0, field 99
   * res4a..f (j 16):  n = 14, r = 99+32 = 131, 163, 195, 227, 259, 291
   *                   -> res4f: 1024x14x14, stride 16, centre 0, field 291
   * res5a..c (j 32):  n = 7, r = 291+64 = 355, 419, 483
   *                   -> res5c: 2048x7x7, stride 32, centre 0, field 483 (the data README's 483;
   *                   res5c = res5c_branch2c (483) + the identity res5b_relu (419))
   * </pre>
   *
   * Units sit at 0, 8, ..., 216 on res3d and 0, 32, ..., 192 on res5c: the stride-2 1x1 convs keep
   * every even pixel from the top-left, so the maps are not centred on the crop. The release types
   * its ResNet geometry in instead (getNetParameters.m: first centres 15, 21, 30, strides (224 - 2c
   * + 1) / (S - 1) = 7.2, 14.1, 27.5); ours is derived from the graph.
   */
  @Test
  void resNet50Blocks() {
    OnnxGraph g = real(KnownModel.RESNET50);
    assertGeometry(g.geometry("conv1"), 64, 112, 2, 0, 7);
    assertGeometry(g.geometry("pool1"), 64, 56, 4, 0, 11);
    assertGeometry(g.geometry("res2a_branch1"), 256, 56, 4, 0, 11);
    assertGeometry(g.geometry("res2a"), 256, 56, 4, 0, 19);
    assertGeometry(g.geometry("res2c"), 256, 56, 4, 0, 35);
    assertGeometry(g.geometry("res3a_branch1"), 512, 28, 8, 0, 35);
    assertGeometry(g.geometry("res3a_branch2c"), 512, 28, 8, 0, 51);
    assertGeometry(g.geometry("res3a"), 512, 28, 8, 0, 51);
    assertGeometry(g.geometry("res5b_relu"), 2048, 7, 32, 0, 419);
    assertGeometry(g.geometry("res5c_branch2c"), 2048, 7, 32, 0, 483);
    // The three default layers.
    assertEquals(List.of("res3d", "res4f", "res5c"), KnownModel.RESNET50.defaultLayers());
    assertGeometry(g.geometry("res3d"), 512, 28, 8, 0, 99);
    assertGeometry(g.geometry("res4f"), 1024, 14, 16, 0, 291);
    assertGeometry(g.geometry("res5c"), 2048, 7, 32, 0, 483);
    // Read before the block's ReLU: the Add itself; its ReLU output maps back to it.
    assertEquals("Add", g.producerOp("res5c"));
    assertEquals(List.of("res5c"), g.preActivationSources("res5c"));
    assertEquals(List.of("res5c"), g.preActivationSources("res5c_relu"));
    assertEquals(KnownModel.RESNET50, KnownModel.recognise(g));
    LayerGeometry l = g.geometry("res5c").toLayerGeometry("res5c", 2, 2048);
    assertEquals(192, l.x(6));
  }

  /**
   * Residual Adds on the 3x32x32 input. A 3x3 pad-1 branch (r 3, c 0) added to a 1x1 shortcut (r 1,
   * c 0) listed first: the sum has the larger branch's field, r 3, whichever input comes first.
   * Then a 3x3 conv with pads (0, 0, 2, 2), centred at c = 0 + (1 - 0) * 1 = 1 with r 3 (pixels
   * 0..2), added to that sum (pixels -1..1): neither field holds the other, and the Add covers
   * pixels -1..2, r 4 centred at 0.5.
   */
  @Test
  void residualAddTakesTheUnionOfTheBranches() {
    OnnxGraph g =
        tiny(
            List.of(
                node("Conv", List.of("x", "a"), "main", ints("pads", 1, 1, 1, 1)),
                node("Conv", List.of("x", "s"), "shortcut", ints("kernel_shape", 1, 1)),
                node("Add", List.of("shortcut", "main"), "sum"),
                node("Relu", List.of("sum"), "block"),
                node("Conv", List.of("x", "b"), "shifted", ints("pads", 0, 0, 2, 2)),
                node("Add", List.of("sum", "shifted"), "sum2")),
            weights("a", 3, 3, 3, 3),
            weights("s", 3, 3, 1, 1),
            weights("b", 3, 3, 3, 3));
    assertGeometry(g.geometry("shortcut"), 3, 32, 1, 0, 1);
    assertGeometry(g.geometry("sum"), 3, 32, 1, 0, 3);
    assertEquals(List.of("sum"), g.preActivationSources("block"));
    assertGeometry(g.geometry("shifted"), 3, 32, 1, 1, 3);
    assertGeometry(g.geometry("sum2"), 3, 32, 1, 0.5, 4);
  }

  /** Every spatial tensor's derived shape agrees with what ONNX Runtime computes. */
  @Test
  void derivedShapesMatchOnnxRuntime() {
    for (KnownModel m : KnownModel.values()) {
      Path path = SharedData.model(SharedData.locate(null), m.alias());
      OnnxGraph graph = CnnModel.analyse(path);
      List<String> names = new ArrayList<>();
      for (TensorGeometry t : graph.spatialTensors()) {
        if (t.opType().contains("Conv") || t.opType().contains("Concat")) {
          names.add(t.name());
        }
      }
      try (CnnModel cnn = CnnModel.open(path, names, 2)) {
        // run() checks every exposed tensor's runtime shape against the derived one.
        CnnModel.Forward f = cnn.run(new float[3 * 224 * 224]);
        assertEquals(names.size(), f.layers().size());
      }
    }
  }

  private static OnnxGraph tiny(List<onnx.Onnx.NodeProto> nodes, onnx.Onnx.TensorProto... w) {
    byte[] bytes =
        TinyModels.model(
            tensor("x", 1, 1, 3, 32, 32),
            List.of(w),
            nodes,
            tensor(nodes.get(nodes.size() - 1).getOutput(0), 1));
    return OnnxGraph.parse(Path.of("tiny.onnx"), bytes);
  }

  /** One MaxPool {@code x -> p} on the 3x32x32 input. */
  private static OnnxGraph maxPool(onnx.Onnx.AttributeProto... attributes) {
    return tiny(List.of(node("MaxPool", List.of("x"), "p", attributes)));
  }

  /** One Conv {@code x -> y} with four 3x3 filters {@code w} on the 3x32x32 input. */
  private static OnnxGraph conv(onnx.Onnx.AttributeProto... attributes) {
    return tiny(
        List.of(node("Conv", List.of("x", "w"), "y", attributes)), weights("w", 4, 3, 3, 3));
  }

  /**
   * Max pooling k3 s2 on 32: floor mode (32-3)/2+1 = 15; ceil mode ceil(29/2)+1 = 16, and the 16th
   * window starts at 30 < 32, inside the input, so it is kept. r = 3, c = 1, j = 2.
   */
  @Test
  void poolingCeilMode() {
    OnnxGraph floor = maxPool(ints("kernel_shape", 3, 3), ints("strides", 2, 2));
    assertGeometry(floor.geometry("p"), 3, 15, 2, 1, 3);
    OnnxGraph ceil =
        maxPool(ints("kernel_shape", 3, 3), ints("strides", 2, 2), integer("ceil_mode", 1));
    assertGeometry(ceil.geometry("p"), 3, 16, 2, 1, 3);
  }

  /**
   * SAME_UPPER conv k3 s2 on 32: n = ceil(32/2) = 16, total pad (16-1)*2+3-32 = 1, all at the end,
   * so p = 0: c = 0 + (1-0)*1 = 1, r = 3. Dilation 2, k3, pad 0: k_eff = 5, n = 28, c = 2, r = 5.
   */
  @Test
  void autoPadAndDilation() {
    OnnxGraph same = conv(ints("strides", 2, 2), string("auto_pad", "SAME_UPPER"));
    assertGeometry(same.geometry("y"), 4, 16, 2, 1, 3);
    OnnxGraph dilated = conv(ints("dilations", 2, 2));
    assertGeometry(dilated.geometry("y"), 4, 28, 1, 2, 5);
  }

  /**
   * Concat of a 1x1 branch (r 1, c 0) and a 3x3 pad-1 branch (r 3, c 0), then Relu: channels add
   * up, the field is the union (3), and the pre-ReLU sources are both conv outputs in order.
   */
  @Test
  void concatenationOfReluBranches() {
    OnnxGraph g =
        tiny(
            List.of(
                node("Conv", List.of("x", "a"), "ya", ints("kernel_shape", 1, 1)),
                node("Relu", List.of("ya"), "ra"),
                node("Conv", List.of("x", "b"), "yb", ints("pads", 1, 1, 1, 1)),
                node("Relu", List.of("yb"), "rb"),
                node("Concat", List.of("ra", "rb"), "cat", integer("axis", 1))),
            weights("a", 2, 3, 1, 1),
            weights("b", 5, 3, 3, 3));
    assertGeometry(g.geometry("cat"), 7, 32, 1, 0, 3);
    assertEquals(List.of("ya", "yb"), g.preActivationSources("cat"));
    assertEquals(List.of("ya"), g.preActivationSources("ra"));
    assertEquals(List.of("ya"), g.preActivationSources("ya"));
  }

  /**
   * An explicit Pad (as Keras exports write ZeroPadding2D) before a valid conv is the conv with
   * those pads. Pad 3 then conv k7 s2 on 32, as ResNet's stem: the padded map is 38 wide with unit
   * 0 at pixel -3; the conv gives n = (38-7)/2+1 = 16, c = -3+3*1 = 0, r = 7, j = 2. The older
   * attribute form (opset < 11) gives the same; a pad on the channel axis leaves no geometry.
   */
  @Test
  void padNodeShiftsTheFirstCentre() {
    OnnxGraph g =
        tiny(
            List.of(
                node("Pad", List.of("x", "pads"), "padded"),
                node("Conv", List.of("padded", "w"), "y", ints("strides", 2, 2))),
            TinyModels.int64s("pads", 0, 0, 3, 3, 0, 0, 3, 3),
            weights("w", 4, 3, 7, 7));
    assertGeometry(g.geometry("padded"), 3, 38, 1, -3, 1);
    assertGeometry(g.geometry("y"), 4, 16, 2, 0, 7);
    OnnxGraph attribute =
        tiny(
            List.of(
                node("Pad", List.of("x"), "padded", ints("pads", 0, 0, 3, 3, 0, 0, 3, 3)),
                node("Conv", List.of("padded", "w"), "y", ints("strides", 2, 2))),
            weights("w", 4, 3, 7, 7));
    assertGeometry(attribute.geometry("y"), 4, 16, 2, 0, 7);
    OnnxGraph channels =
        tiny(
            List.of(node("Pad", List.of("x", "pads"), "padded")),
            TinyModels.int64s("pads", 0, 1, 0, 0, 0, 0, 0, 0));
    assertEquals(null, channels.geometry("padded"));
  }

  /** A conv with stride 2 x 1 has no single stride: choosing it is refused with the reason. */
  @Test
  void nonSquareStrideIsRefused() {
    OnnxGraph g = conv(ints("strides", 2, 1));
    TensorGeometry t = g.geometry("y");
    assertEquals(2, t.strideY());
    assertEquals(1, t.strideX());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.toLayerGeometry("y", 0, 4));
    assertTrue(e.getMessage().contains("non-square"), e.getMessage());
  }
}
