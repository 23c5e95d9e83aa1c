package io.xgraph.ingest.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.KnownModel;
import io.xgraph.ingest.SharedData;
import java.util.List;
import onnx.Onnx.ModelProto;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.api.Test;

/** Dequantisation of the int8 MobileNetV2's tensors with the model's own scale and zero point. */
class DequantizationTest {

  @Test
  void affineFormula() {
    Quantization u = new Quantization(true, new float[] {0.5f}, new int[] {128});
    assertEquals(0f, u.dequantize((byte) 128, 0));
    assertEquals(63.5f, u.dequantize((byte) 255, 3));
    assertEquals(-64f, u.dequantize((byte) 0, 0));
    Quantization s = new Quantization(false, new float[] {0.1f, 2f}, new int[] {0, -3});
    assertEquals(-12.8f, s.dequantize((byte) -128, 0), 1e-6);
    assertEquals(8f, s.dequantize((byte) 1, 1));
    assertFalse(u.clipsNegatives());
    assertTrue(new Quantization(true, new float[] {1f}, new int[] {0}).clipsNegatives());
  }

  /**
   * 365_quantized is produced by QLinearAdd Add_32 whose output scale/zero point are the
   * initializers 365_scale / 365_zero_point; the analysis must read exactly those. The expansion
   * conv 528_quantized has ReLU6 fused (zero point 0).
   */
  @Test
  void readsScaleAndZeroPointFromTheModelInitializers() throws Exception {
    var path = SharedData.model(SharedData.locate(null), KnownModel.MOBILENET.alias());
    byte[] bytes = CnnModel.readModel(path);
    OnnxGraph graph = OnnxGraph.parse(path, bytes);
    ModelProto model = ModelProto.parseFrom(bytes);
    TensorProto scale = null;
    TensorProto zero = null;
    for (TensorProto t : model.getGraph().getInitializerList()) {
      if (t.getName().equals("365_scale")) {
        scale = t;
      }
      if (t.getName().equals("365_zero_point")) {
        zero = t;
      }
    }
    assertNotNull(scale);
    assertNotNull(zero);
    Quantization q = graph.quantization("365_quantized");
    assertTrue(q.unsigned());
    assertEquals(OnnxGraph.floats(scale)[0], q.scales()[0]);
    assertEquals(OnnxGraph.int8s(zero)[0], q.zeroPoints()[0]);
    assertTrue(q.zeroPoints()[0] > 0, "block outputs keep negative values");
    assertTrue(graph.quantization("528_quantized").clipsNegatives());
    assertNull(graph.quantization("input"));
    for (String layer : KnownModel.MOBILENET.defaultLayers()) {
      assertFalse(graph.quantization(layer).clipsNegatives(), layer);
      assertEquals(List.of(layer), graph.preActivationSources(layer));
    }
  }

  /** Real run: dequantised block outputs take negative and positive values on a bird. */
  @Test
  void dequantisedMapsAreSigned() {
    var path = SharedData.model(SharedData.locate(null), KnownModel.MOBILENET.alias());
    try (CnnModel cnn = CnnModel.open(path, List.of("365_quantized", "528_quantized"), 2)) {
      float[] input = new float[3 * 224 * 224];
      java.util.Random r = new java.util.Random(1);
      for (int i = 0; i < input.length; i++) {
        input[i] = (float) r.nextGaussian();
      }
      CnnModel.Forward f = cnn.run(input);
      float[] block = f.layers().get(0);
      float[] relu = f.layers().get(1);
      assertTrue(min(block) < 0 && max(block) > 0);
      assertEquals(0f, min(relu), 0f);
      Quantization q = cnn.graph().quantization("365_quantized");
      // Every value is on the quantisation grid: (q - zp) * scale for an integer q in 0..255.
      for (float v : block) {
        double steps = v / q.scales()[0] + q.zeroPoints()[0];
        assertEquals(Math.rint(steps), steps, 1e-3);
        assertTrue(steps >= -1e-3 && steps <= 255 + 1e-3);
      }
    }
  }

  private static float min(float[] a) {
    float m = Float.POSITIVE_INFINITY;
    for (float v : a) {
      m = Math.min(m, v);
    }
    return m;
  }

  private static float max(float[] a) {
    float m = Float.NEGATIVE_INFINITY;
    for (float v : a) {
      m = Math.max(m, v);
    }
    return m;
  }
}
