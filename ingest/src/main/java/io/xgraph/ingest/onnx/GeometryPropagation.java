package io.xgraph.ingest.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;

/**
 * The one pass over an ONNX graph's nodes (topologically sorted) that derives each tensor's element
 * type and image-plane geometry from the image input (the rules are in {@link OnnxGraph}'s
 * comment); it fills the maps it is given.
 */
final class GeometryPropagation {

  private static final Set<String> CONV_OPS = Set.of("Conv", "QLinearConv", "ConvInteger");
  private static final Set<String> POOL_OPS =
      Set.of("MaxPool", "AveragePool", "LpPool", "QLinearAveragePool");
  private static final Set<String> PASS_THROUGH_OPS =
      Set.of(
          "Relu",
          "Clip",
          "LeakyRelu",
          "PRelu",
          "Sigmoid",
          "HardSigmoid",
          "HardSwish",
          "Tanh",
          "Elu",
          "Selu",
          "Add",
          "Sub",
          "Mul",
          "Div",
          "Sum",
          "Max",
          "Min",
          "Mean",
          "QLinearAdd",
          "QLinearMul",
          "QLinearLeakyRelu",
          "QLinearSigmoid",
          "QuantizeLinear",
          "DequantizeLinear",
          "Dropout",
          "Identity",
          "BatchNormalization",
          "InstanceNormalization",
          "LRN",
          "Cast");

  private final Map<String, TensorProto> initializers;
  private final Map<String, Integer> elemTypes;
  private final Map<String, TensorGeometry> geometry;
  private final List<NodeProto> geometryStops;
  private final int inputSize;

  GeometryPropagation(
      Map<String, TensorProto> initializers,
      Map<String, Integer> elemTypes,
      Map<String, TensorGeometry> geometry,
      List<NodeProto> geometryStops,
      int inputSize) {
    this.inputSize = inputSize;
    this.initializers = initializers;
    this.elemTypes = elemTypes;
    this.geometry = geometry;
    this.geometryStops = geometryStops;
  }

  /** Gives every tensor computed from the image input its type and, where it has one, geometry. */
  void run(GraphProto graph) {
    // Nodes of an ONNX graph are topologically sorted, so one pass suffices.
    for (NodeProto n : graph.getNodeList()) {
      int type = outputType(n);
      for (String out : n.getOutputList()) {
        if (type != 0) {
          elemTypes.put(out, type);
        }
      }
      TensorGeometry g = nodeGeometry(n, type);
      if (g != null) {
        geometry.put(g.name(), g);
      } else if (n.getInputList().stream().anyMatch(geometry::containsKey)) {
        geometryStops.add(n);
      }
    }
  }

  private int outputType(NodeProto n) {
    String op = n.getOpType();
    switch (op) {
      case "QLinearConv":
        return typeOf(n, 7);
      case "QLinearAdd":
      case "QLinearMul":
        return typeOf(n, 7);
      case "QLinearConcat":
        return typeOf(n, 1);
      case "QLinearAveragePool":
      case "QLinearGlobalAveragePool":
      case "QLinearLeakyRelu":
      case "QLinearSigmoid":
        return typeOf(n, 4);
      case "QuantizeLinear":
        return n.getInputCount() > 2 ? typeOf(n, 2) : OnnxGraph.UINT8;
      case "DequantizeLinear":
        return OnnxGraph.FLOAT;
      case "ConvInteger":
      case "MatMulInteger":
        return 6; // int32
      case "Cast":
        for (AttributeProto a : n.getAttributeList()) {
          if (a.getName().equals("to")) {
            return (int) a.getI();
          }
        }
        return 0;
      case "Shape":
        return 7; // int64
      default:
        return n.getInputCount() > 0 ? elemTypes.getOrDefault(n.getInput(0), 0) : 0;
    }
  }

  private int typeOf(NodeProto n, int inputIndex) {
    if (n.getInputCount() <= inputIndex) {
      return 0;
    }
    return elemTypes.getOrDefault(n.getInput(inputIndex), 0);
  }

  private TensorGeometry nodeGeometry(NodeProto n, int type) {
    String op = n.getOpType();
    if (n.getOutputCount() == 0 || n.getInputCount() == 0) {
      return null;
    }
    String out = n.getOutput(0);
    if (CONV_OPS.contains(op)) {
      TensorGeometry in = geometry.get(n.getInput(0));
      int weightIndex = op.equals("QLinearConv") ? 3 : 1;
      TensorProto w = initializers.get(n.getInput(weightIndex));
      if (in == null || w == null || w.getDimsCount() != 4) {
        return null;
      }
      int[] kernel = ints(n, "kernel_shape", new int[] {(int) w.getDims(2), (int) w.getDims(3)});
      return window(n, out, op, type, in, (int) w.getDims(0), kernel, false);
    }
    if (POOL_OPS.contains(op)) {
      TensorGeometry in = geometry.get(n.getInput(0));
      if (in == null) {
        return null;
      }
      int[] kernel = ints(n, "kernel_shape", null);
      if (kernel == null || kernel.length != 2) {
        return null;
      }
      return window(n, out, op, type, in, in.channels(), kernel, attrInt(n, "ceil_mode", 0) == 1);
    }
    if (op.equals("Pad")) {
      return pad(n, out, type);
    }
    if (op.equals("Concat") || op.equals("QLinearConcat")) {
      int axis = attrInt(n, "axis", 1);
      if (axis != 1 && axis != -3) {
        return null;
      }
      List<TensorGeometry> parts = new ArrayList<>();
      List<String> inputs = n.getInputList();
      int first = op.equals("QLinearConcat") ? 2 : 0;
      int step = op.equals("QLinearConcat") ? 3 : 1;
      for (int i = first; i < inputs.size(); i += step) {
        TensorGeometry g = geometry.get(inputs.get(i));
        if (g == null) {
          return null;
        }
        parts.add(g);
      }
      int channels = parts.stream().mapToInt(TensorGeometry::channels).sum();
      return union(out, op, type, channels, parts);
    }
    if (PASS_THROUGH_OPS.contains(op)) {
      List<TensorGeometry> parts = new ArrayList<>();
      for (String in : n.getInputList()) {
        TensorGeometry g = geometry.get(in);
        if (g != null) {
          parts.add(g);
        }
      }
      if (parts.isEmpty()) {
        return null;
      }
      return union(out, op, type, parts.get(0).channels(), parts);
    }
    return null;
  }

  private TensorGeometry window(
      NodeProto n,
      String out,
      String op,
      int type,
      TensorGeometry in,
      int channels,
      int[] kernel,
      boolean ceilMode) {
    int[] strides = ints(n, "strides", new int[] {1, 1});
    int[] dilations = ints(n, "dilations", new int[] {1, 1});
    int[] pads = ints(n, "pads", new int[] {0, 0, 0, 0});
    String autoPad = attrString(n, "auto_pad", "NOTSET");
    int[] inSize = {in.height(), in.width()};
    int[] outSize = new int[2];
    int[] padBegin = new int[2];
    for (int axis = 0; axis < 2; axis++) {
      int k = dilations[axis] * (kernel[axis] - 1) + 1;
      int s = strides[axis];
      int size = inSize[axis];
      if (autoPad.equals("SAME_UPPER") || autoPad.equals("SAME_LOWER")) {
        outSize[axis] = (size + s - 1) / s;
        int total = Math.max((outSize[axis] - 1) * s + k - size, 0);
        padBegin[axis] = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
      } else {
        int pb = autoPad.equals("VALID") ? 0 : pads[axis];
        int pe = autoPad.equals("VALID") ? 0 : pads[axis + 2];
        padBegin[axis] = pb;
        int span = size + pb + pe - k;
        if (span < 0) {
          return null;
        }
        if (ceilMode) {
          int o = (span + s - 1) / s + 1;
          // As in PyTorch/ONNX Runtime: the last window must start inside the input or left pad.
          if ((o - 1) * s >= size + pb) {
            o--;
          }
          outSize[axis] = o;
        } else {
          outSize[axis] = span / s + 1;
        }
      }
    }
    double kY = dilations[0] * (kernel[0] - 1) + 1;
    double kX = dilations[1] * (kernel[1] - 1) + 1;
    return new TensorGeometry(
        out,
        op,
        type,
        channels,
        outSize[0],
        outSize[1],
        in.strideY() * strides[0],
        in.strideX() * strides[1],
        in.startY() + ((kY - 1) / 2.0 - padBegin[0]) * in.strideY(),
        in.startX() + ((kX - 1) / 2.0 - padBegin[1]) * in.strideX(),
        in.fieldY() + (kY - 1) * in.strideY(),
        in.fieldX() + (kX - 1) * in.strideX(),
        inputSize);
  }

  /**
   * Pad (explicit padding, as Keras and TensorFlow exports write ZeroPadding2D): the map grows by
   * the pads and unit 0 moves to where the first pad cell sits, c' = c - p j; field and jump stay.
   * Pads on the batch or channel axis, or an axes input, leave the tensor without geometry.
   */
  private TensorGeometry pad(NodeProto n, String out, int type) {
    TensorGeometry in = geometry.get(n.getInput(0));
    if (in == null) {
      return null;
    }
    long[] pads;
    if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
      TensorProto t = initializers.get(n.getInput(1));
      if (t == null || (n.getInputCount() > 3 && !n.getInput(3).isEmpty())) {
        return null;
      }
      pads = longs(t);
    } else {
      int[] attr = ints(n, "pads", null);
      if (attr == null) {
        return null;
      }
      pads = java.util.Arrays.stream(attr).asLongStream().toArray();
    }
    if (pads.length != 8 || pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0) {
      return null;
    }
    return new TensorGeometry(
        out,
        n.getOpType(),
        type,
        in.channels(),
        (int) (in.height() + pads[2] + pads[6]),
        (int) (in.width() + pads[3] + pads[7]),
        in.strideY(),
        in.strideX(),
        in.startY() - pads[2] * in.strideY(),
        in.startX() - pads[3] * in.strideX(),
        in.fieldY(),
        in.fieldX(),
        inputSize);
  }

  /** Reads an int64 (or int32) initializer's values. */
  private static long[] longs(TensorProto t) {
    if (t.getInt64DataCount() > 0) {
      return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
    }
    if (t.getInt32DataCount() > 0) {
      return t.getInt32DataList().stream().mapToLong(Integer::longValue).toArray();
    }
    ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    if (t.getDataType() == 6) {
      long[] out = new long[raw.remaining() / 4];
      for (int i = 0; i < out.length; i++) {
        out[i] = raw.getInt();
      }
      return out;
    }
    long[] out = new long[raw.remaining() / 8];
    raw.asLongBuffer().get(out);
    return out;
  }

  /** Geometry of a tensor where branches meet: the union of the inputs' receptive fields. */
  private TensorGeometry union(
      String out, String op, int type, int channels, List<TensorGeometry> parts) {
    TensorGeometry first = parts.get(0);
    double loY = Double.POSITIVE_INFINITY;
    double hiY = Double.NEGATIVE_INFINITY;
    double loX = Double.POSITIVE_INFINITY;
    double hiX = Double.NEGATIVE_INFINITY;
    for (TensorGeometry g : parts) {
      if (g.strideY() != first.strideY()
          || g.strideX() != first.strideX()
          || g.height() != first.height()
          || g.width() != first.width()) {
        return null; // broadcasting of different resolutions: not a unit-aligned map
      }
      loY = Math.min(loY, g.startY() - g.fieldY() / 2);
      hiY = Math.max(hiY, g.startY() + g.fieldY() / 2);
      loX = Math.min(loX, g.startX() - g.fieldX() / 2);
      hiX = Math.max(hiX, g.startX() + g.fieldX() / 2);
    }
    return new TensorGeometry(
        out,
        op,
        type,
        channels,
        first.height(),
        first.width(),
        first.strideY(),
        first.strideX(),
        (loY + hiY) / 2,
        (loX + hiX) / 2,
        hiY - loY,
        hiX - loX,
        inputSize);
  }

  private static int[] ints(NodeProto n, String name, int[] fallback) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name) && a.getIntsCount() > 0) {
        return a.getIntsList().stream().mapToInt(Long::intValue).toArray();
      }
    }
    return fallback;
  }

  static int attrInt(NodeProto n, String name, int fallback) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return (int) a.getI();
      }
    }
    return fallback;
  }

  private static String attrString(NodeProto n, String name, String fallback) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getS().toStringUtf8();
      }
    }
    return fallback;
  }
}
