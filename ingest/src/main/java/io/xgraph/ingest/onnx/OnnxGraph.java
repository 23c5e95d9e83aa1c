package io.xgraph.ingest.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * Static analysis of an ONNX model: the image input, every spatial tensor's shape and image-plane
 * geometry, the pre-ReLU tensors behind a chosen layer, quantisation parameters, and the model
 * bytes with extra graph outputs.
 *
 * <p>Geometry follows the graph from the image input through Conv / QLinearConv (kernel, stride,
 * padding incl. auto_pad, dilation), MaxPool / AveragePool (incl. ceil_mode), Concat and
 * elementwise operators (Add, QLinearAdd, Relu, Clip, Quantize/DequantizeLinear, ...) and Pad. For
 * a unit of a layer with input jump j, start c and field r, a kernel k (dilated: d(k-1)+1), stride
 * s and leading padding p give r' = r + (k-1) j, c' = c + ((k-1)/2 - p) j, j' = j s. Branches that
 * meet (Concat, Add) take the union of their fields. Tensors downstream of anything else (Reshape,
 * global pooling, MatMul...) are not spatial and have no geometry.
 */
public final class OnnxGraph {

  /** ONNX element types used here. */
  public static final int FLOAT = 1;

  public static final int UINT8 = 2;
  public static final int INT8 = 3;
  public static final int FLOAT16 = 10;

  private final Path source;
  private final ModelProto model;
  private final Map<String, TensorProto> initializers = new HashMap<>();
  private final Map<String, NodeProto> producers = new HashMap<>();
  private final Map<String, List<NodeProto>> consumers = new HashMap<>();
  private final Map<String, Integer> elemTypes = new HashMap<>();
  private final Map<String, TensorGeometry> geometry = new LinkedHashMap<>();

  /** Nodes that read a spatial tensor but whose output has no geometry, in graph order. */
  private final List<NodeProto> geometryStops = new ArrayList<>();

  private final String imageInput;
  private final int imageInputType;
  private final int inputSize;

  private OnnxGraph(Path source, ModelProto model) {
    this.source = source;
    this.model = model;
    GraphProto graph = model.getGraph();
    if (graph.getNodeCount() == 0) {
      throw new IllegalArgumentException(
          "File `" + source + "` is not an ONNX model (no graph nodes); give a .onnx model file");
    }
    for (TensorProto t : graph.getInitializerList()) {
      initializers.put(t.getName(), t);
      elemTypes.put(t.getName(), t.getDataType());
    }
    for (NodeProto n : graph.getNodeList()) {
      for (String out : n.getOutputList()) {
        producers.put(out, n);
      }
      for (String in : n.getInputList()) {
        consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
      }
      if (n.getOpType().equals("Constant")) {
        for (AttributeProto a : n.getAttributeList()) {
          if (a.getName().equals("value") && a.hasT()) {
            initializers.put(n.getOutput(0), a.getT());
          }
        }
      }
    }
    ValueInfoProto image = findImageInput(source, graph);
    this.imageInput = image.getName();
    this.imageInputType = image.getType().getTensorType().getElemType();
    this.inputSize = (int) image.getType().getTensorType().getShape().getDim(3).getDimValue();
    elemTypes.put(imageInput, imageInputType);
    geometry.put(
        imageInput,
        new TensorGeometry(
            imageInput,
            "Input",
            imageInputType,
            3,
            inputSize,
            inputSize,
            1,
            1,
            0,
            0,
            1,
            1,
            inputSize));
    new GeometryPropagation(initializers, elemTypes, geometry, geometryStops, inputSize).run(graph);
  }

  /** Parses model bytes read from {@code source} (used in messages). */
  public static OnnxGraph parse(Path source, byte[] bytes) {
    ModelProto model;
    try {
      model = ModelProto.parseFrom(bytes);
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "File `"
              + source
              + "` is not a readable ONNX model ("
              + e.getMessage()
              + "); give a complete .onnx file (it may be truncated)",
          e);
    }
    if (!model.hasGraph()) {
      throw new IllegalArgumentException(
          "File `" + source + "` is not an ONNX model (no graph); give a .onnx model file");
    }
    return new OnnxGraph(source, model);
  }

  /**
   * The image input: the first graph input (not an initializer) that is a float or float16 4-D
   * tensor. Its shape must be N x 3 x S x S with fixed S and N 1 or dynamic; anything else is
   * refused with the fix (a channels-last export, dynamic sizes, a non-square input).
   */
  private static ValueInfoProto findImageInput(Path source, GraphProto graph) {
    Set<String> initNames = new java.util.HashSet<>();
    graph.getInitializerList().forEach(t -> initNames.add(t.getName()));
    List<String> seen = new ArrayList<>();
    for (ValueInfoProto v : graph.getInputList()) {
      if (initNames.contains(v.getName())) {
        continue;
      }
      TypeProto.Tensor t = v.getType().getTensorType();
      List<TensorShapeProto.Dimension> dims = t.getShape().getDimList();
      seen.add(v.getName() + " " + describeDims(dims));
      boolean floatType = t.getElemType() == FLOAT || t.getElemType() == FLOAT16;
      if (floatType && dims.size() == 4) {
        checkImageShape(source, v.getName(), dims);
        return v;
      }
    }
    throw new IllegalArgumentException(
        "Model `"
            + source
            + "` has no image input: expected a float or float16 tensor N x 3 x 224 x 224,"
            + " found "
            + seen
            + "; give an image CNN");
  }

  /** Refuses an image input that is not N x 3 x S x S with fixed S, naming the fix. */
  private static void checkImageShape(
      Path source, String name, List<TensorShapeProto.Dimension> dims) {
    String shape = describeDims(dims);
    String prefix = "Model `" + source + "` has image input `" + name + "` of shape " + shape;
    long c = fixed(dims.get(1));
    long h = fixed(dims.get(2));
    long w = fixed(dims.get(3));
    if (c != 3 && fixed(dims.get(3)) == 3) {
      throw new IllegalArgumentException(
          prefix
              + ", channels last (N x H x W x C); xgraph needs N x 3 x H x W: export the model"
              + " channels first (e.g. tf2onnx --inputs-as-nchw "
              + name
              + ")");
    }
    if (c != 3) {
      throw new IllegalArgumentException(
          prefix
              + "; xgraph needs 3 colour channels (N x 3 x H x W, RGB or BGR): give a model for"
              + " colour images");
    }
    if (h <= 0 || w <= 0) {
      throw new IllegalArgumentException(
          prefix
              + ", whose height and width are not fixed; xgraph feeds 224 x 224 crops and derives"
              + " each layer's geometry from fixed sizes: fix the input to 1 x 3 x 224 x 224 (e.g."
              + " python -m onnxruntime.tools.make_dynamic_shape_fixed --input_name "
              + name
              + " --input_shape 1,3,224,224 in.onnx out.onnx)");
    }
    if (h != w) {
      throw new IllegalArgumentException(
          prefix
              + ", which is not square; xgraph feeds square 224 x 224 crops: export the model"
              + " with a 1 x 3 x 224 x 224 input");
    }
    long n = fixed(dims.get(0));
    if (n > 1) {
      throw new IllegalArgumentException(
          prefix
              + ", a fixed batch of "
              + n
              + "; xgraph runs one image at a time: export the model with batch 1 or a dynamic"
              + " batch");
    }
  }

  /** The dimension's fixed value, or 0 when it is symbolic or unknown. */
  private static long fixed(TensorShapeProto.Dimension d) {
    return d.hasDimValue() ? d.getDimValue() : 0;
  }

  private static String describeDims(List<TensorShapeProto.Dimension> dims) {
    List<String> out = new ArrayList<>();
    for (TensorShapeProto.Dimension d : dims) {
      out.add(
          d.hasDimValue()
              ? Long.toString(d.getDimValue())
              : d.getDimParam().isEmpty() ? "?" : d.getDimParam());
    }
    return out.toString();
  }

  /** Name of the image input tensor. */
  public String imageInput() {
    return imageInput;
  }

  /** ONNX element type of the image input (FLOAT or FLOAT16). */
  public int imageInputType() {
    return imageInputType;
  }

  /** Side of the square model input. */
  public int inputSize() {
    return inputSize;
  }

  /** Names of the model's own graph outputs. */
  public List<String> outputs() {
    List<String> names = new ArrayList<>();
    model.getGraph().getOutputList().forEach(v -> names.add(v.getName()));
    return names;
  }

  /** True if the graph has a tensor produced by a node with this name. */
  public boolean hasTensor(String name) {
    return producers.containsKey(name);
  }

  /** Geometry of a spatial tensor, or null if the tensor has none. */
  public TensorGeometry geometry(String tensor) {
    return geometry.get(tensor);
  }

  /** Every spatial tensor produced by a node, in graph order (the image input excluded). */
  public List<TensorGeometry> spatialTensors() {
    List<TensorGeometry> out = new ArrayList<>();
    for (TensorGeometry g : geometry.values()) {
      if (!g.name().equals(imageInput)) {
        out.add(g);
      }
    }
    return out;
  }

  /**
   * Refuses a model in which no tensor after the image input has a C x H x W map that xgraph can
   * follow, naming the first node where the geometry stopped.
   *
   * @throws IllegalArgumentException naming the model, the stopping node and the fix
   */
  public void requireSpatialLayers() {
    if (!spatialTensors().isEmpty()) {
      return;
    }
    NodeProto stop =
        geometryStops.stream().filter(n -> !n.getOpType().equals("Shape")).findFirst().orElse(null);
    throw new IllegalArgumentException(
        "Model `"
            + source
            + "` has no spatial (4-D, N x C x H x W) layer after its image input `"
            + imageInput
            + "`"
            + (stop == null
                ? ""
                : ": the input goes into node `"
                    + (stop.getName().isEmpty() ? stop.getOutput(0) : stop.getName())
                    + "` ("
                    + stop.getOpType()
                    + "), which keeps no image plane")
            + "; xgraph explains convolutional layers: give a CNN whose conv layers follow the"
            + " input through Conv, pooling, Pad, Concat, Add and element-wise nodes");
  }

  /**
   * The spatial tensors whose names are closest to {@code name} (edit distance, ignoring case), at
   * most {@code max}: those at the smallest distance, longest common prefix first, then in graph
   * order. For "did you mean" hints on misspelled layer names.
   */
  public List<String> nearestSpatialTensors(String name, int max) {
    String wanted = name.toLowerCase(java.util.Locale.ROOT);
    List<String> names = new ArrayList<>();
    List<int[]> keys = new ArrayList<>();
    int best = Integer.MAX_VALUE;
    for (TensorGeometry g : spatialTensors()) {
      String candidate = g.name().toLowerCase(java.util.Locale.ROOT);
      int d = io.xgraph.ingest.EditDistance.of(wanted, candidate);
      int prefix = 0;
      while (prefix < Math.min(wanted.length(), candidate.length())
          && wanted.charAt(prefix) == candidate.charAt(prefix)) {
        prefix++;
      }
      keys.add(new int[] {d, -prefix, names.size()});
      names.add(g.name());
      best = Math.min(best, d);
    }
    int smallest = best;
    return keys.stream()
        .filter(k -> k[0] == smallest)
        .sorted(java.util.Comparator.<int[]>comparingInt(k -> k[1]).thenComparingInt(k -> k[2]))
        .limit(max)
        .map(k -> names.get(k[2]))
        .toList();
  }

  /** The operator producing {@code tensor}, or null for graph inputs and initializers. */
  public String producerOp(String tensor) {
    NodeProto n = producers.get(tensor);
    return n == null ? null : n.getOpType();
  }

  /**
   * The tensors whose channels, concatenated in order, are the pre-activation version of {@code
   * tensor}: a Relu or Clip output is replaced by its input, a channel Concat by the concatenation
   * of its inputs' pre-activation tensors, Dropout/Identity are skipped. Any other tensor is read
   * as it is (e.g. a QLinearConv output, whose fused clipping cannot be undone).
   */
  public List<String> preActivationSources(String tensor) {
    NodeProto n = producers.get(tensor);
    if (n == null) {
      return List.of(tensor);
    }
    switch (n.getOpType()) {
      case "Relu":
      case "Clip":
        if (geometry.containsKey(n.getInput(0))) {
          return List.of(n.getInput(0));
        }
        return List.of(tensor);
      case "Dropout":
      case "Identity":
        return preActivationSources(n.getInput(0));
      case "Concat":
        {
          int axis = GeometryPropagation.attrInt(n, "axis", 1);
          if (axis != 1 && axis != -3) {
            return List.of(tensor);
          }
          List<String> out = new ArrayList<>();
          for (String in : n.getInputList()) {
            out.addAll(preActivationSources(in));
          }
          return out;
        }
      default:
        return List.of(tensor);
    }
  }

  /**
   * Quantisation of an 8-bit tensor: real = (q - zeroPoint) * scale, read from the model's
   * initializers (the scale and zero point that the producing or a consuming QLinear operator
   * names). Returns null for float tensors.
   */
  public Quantization quantization(String tensor) {
    int type = elemTypes.getOrDefault(tensor, 0);
    if (type != UINT8 && type != INT8) {
      return null;
    }
    NodeProto p = producers.get(tensor);
    String scale = null;
    String zero = null;
    if (p != null) {
      switch (p.getOpType()) {
        case "QLinearConv":
        case "QLinearAdd":
        case "QLinearMul":
          scale = p.getInput(6);
          zero = p.getInput(7);
          break;
        case "QuantizeLinear":
          scale = p.getInput(1);
          zero = p.getInputCount() > 2 ? p.getInput(2) : null;
          break;
        case "QLinearConcat":
          scale = p.getInput(0);
          zero = p.getInput(1);
          break;
        case "QLinearAveragePool":
        case "QLinearGlobalAveragePool":
        case "QLinearLeakyRelu":
        case "QLinearSigmoid":
          scale = p.getInput(3);
          zero = p.getInput(4);
          break;
        default:
          break;
      }
    }
    if (scale == null) {
      // A consumer that reads the tensor at input i has its scale at i+1 and zero point at i+2.
      for (NodeProto c : consumers.getOrDefault(tensor, List.of())) {
        if (c.getOpType().startsWith("QLinear") || c.getOpType().equals("DequantizeLinear")) {
          int i = c.getInputList().indexOf(tensor);
          if (i >= 0 && i + 2 < c.getInputCount()) {
            scale = c.getInput(i + 1);
            zero = c.getInput(i + 2);
            break;
          }
        }
      }
    }
    if (scale == null || !initializers.containsKey(scale)) {
      throw new IllegalStateException(
          "Model `"
              + source
              + "`: cannot find the scale of 8-bit tensor `"
              + tensor
              + "` among the initializers; choose a float layer");
    }
    float[] scales = floats(initializers.get(scale));
    int[] zeros = zero == null ? new int[scales.length] : int8s(initializers.get(zero));
    return new Quantization(type == UINT8, scales, zeros);
  }

  /** Reads a float initializer's values. */
  public static float[] floats(TensorProto t) {
    if (t.getFloatDataCount() > 0) {
      float[] out = new float[t.getFloatDataCount()];
      for (int i = 0; i < out.length; i++) {
        out[i] = t.getFloatData(i);
      }
      return out;
    }
    ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[raw.remaining() / 4];
    raw.asFloatBuffer().get(out);
    return out;
  }

  /** Reads an 8-bit (uint8 or int8) initializer's values as ints. */
  public static int[] int8s(TensorProto t) {
    boolean unsigned = t.getDataType() == UINT8;
    if (t.getInt32DataCount() > 0) {
      int[] out = new int[t.getInt32DataCount()];
      for (int i = 0; i < out.length; i++) {
        out[i] = t.getInt32Data(i);
      }
      return out;
    }
    byte[] raw = t.getRawData().toByteArray();
    int[] out = new int[raw.length];
    for (int i = 0; i < raw.length; i++) {
      out[i] = unsigned ? raw[i] & 0xff : raw[i];
    }
    return out;
  }

  /** ONNX element type of a tensor, 0 if unknown. */
  public int elemType(String tensor) {
    return elemTypes.getOrDefault(tensor, 0);
  }

  /** The model bytes with {@code tensors} appended to the graph's outputs (field 7/12). */
  public byte[] withOutputs(List<String> tensors) {
    GraphProto.Builder graph = model.getGraph().toBuilder();
    Set<String> existing = new java.util.HashSet<>(outputs());
    for (String t : tensors) {
      if (existing.add(t)) {
        graph.addOutput(
            ValueInfoProto.newBuilder()
                .setName(t)
                .setType(
                    TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType(t)))));
      }
    }
    return model.toBuilder().setGraph(graph).build().toByteArray();
  }
}
