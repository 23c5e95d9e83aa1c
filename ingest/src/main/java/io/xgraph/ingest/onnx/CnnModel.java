package io.xgraph.ingest.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.xgraph.ingest.store.Float16;
import io.xgraph.learner.data.LayerGeometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An image CNN under ONNX Runtime with chosen intermediate layers exposed as outputs.
 *
 * <p>Each chosen layer is read before its ReLU: {@link OnnxGraph#preActivationSources} names the
 * tensors to expose (for SqueezeNet's {@code fire*}/concat_1, the two expand convs' outputs,
 * concatenated in the Concat's channel order). 8-bit tensors are dequantised with the model's own
 * scale and zero point; float16 tensors are widened to float.
 *
 * <p>{@link #run} is thread-safe: the ONNX Runtime session supports concurrent runs and this class
 * keeps no other mutable state, so one instance can serve many callers. Close it once.
 */
public final class CnnModel implements AutoCloseable {

  /** One layer chosen for readout. */
  public record Readout(LayerGeometry geometry, List<String> sources, List<Quantization> quant) {}

  /** Raw outputs of one forward pass. */
  public record Forward(List<float[]> layers, float[] scores) {}

  private final Path path;
  private final String sha256;
  private final OnnxGraph graph;
  private final List<Readout> readouts;
  private final String scoresOutput;
  private final OrtEnvironment env;
  private final OrtSession session;

  private CnnModel(Path path, String sha256, OnnxGraph graph, List<String> layers, int threads) {
    this.path = path;
    this.sha256 = sha256;
    this.graph = graph;
    this.readouts = new ArrayList<>();
    Set<String> exposed = new LinkedHashSet<>();
    if (graph.inputSize() != INPUT_SIZE) {
      throw new IllegalArgumentException(
          "Model `"
              + path
              + "` takes "
              + graph.inputSize()
              + " x "
              + graph.inputSize()
              + " images; xgraph crops every object to "
              + INPUT_SIZE
              + " x "
              + INPUT_SIZE
              + " as the paper does (part and stability figures are measured on that plane):"
              + " export the model with a 1 x 3 x 224 x 224 input");
    }
    graph.requireSpatialLayers();
    for (int i = 0; i < layers.size(); i++) {
      String name = layers.get(i);
      TensorGeometry g = graph.geometry(name);
      if (g == null || name.equals(graph.imageInput())) {
        throw new IllegalArgumentException(unknownLayer(path, graph, name));
      }
      List<String> sources = graph.preActivationSources(name);
      List<Quantization> quant = new ArrayList<>();
      int channels = 0;
      for (String s : sources) {
        quant.add(graph.quantization(s));
        channels += graph.geometry(s).channels();
      }
      readouts.add(new Readout(g.toLayerGeometry(name, i, channels), sources, quant));
      exposed.addAll(sources);
    }
    this.scoresOutput = graph.outputs().isEmpty() ? null : graph.outputs().get(0);
    try {
      this.env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(Math.max(1, threads));
      options.setInterOpNumThreads(1);
      if (!"1".equals(System.getenv("XGRAPH_ORT_SPIN"))) {
        // Ingest decodes images on a second thread: idle ONNX Runtime workers must yield the core
        // rather than spin on it.
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
      }
      byte[] bytes = graph.withOutputs(new ArrayList<>(exposed));
      this.session = env.createSession(bytes, options);
    } catch (OrtException e) {
      throw new IllegalStateException(
          "ONNX Runtime cannot load model `" + path + "`: " + e.getMessage(), e);
    }
  }

  /**
   * Opens {@code path} with {@code layers} exposed and {@code threads} intra-op threads.
   *
   * @throws IllegalArgumentException if the file is missing, not ONNX, has no 3 x 224 x 224 image
   *     input or no spatial layer, or a layer is unknown (the message names the nearest ones)
   */
  public static CnnModel open(Path path, List<String> layers, int threads) {
    byte[] bytes = readModel(path);
    OnnxGraph graph = OnnxGraph.parse(path, bytes);
    return new CnnModel(path, sha256(bytes), graph, layers, threads);
  }

  /** Parses the model without creating a session (for listing layers and geometry). */
  public static OnnxGraph analyse(Path path) {
    return OnnxGraph.parse(path, readModel(path));
  }

  /** Reads a model file with a clear error when it is absent. */
  public static byte[] readModel(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "Model file `" + path + "` does not exist; give the path of an .onnx file", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Model file `" + path + "` cannot be read (" + e + "); check its permissions", e);
    }
  }

  /** Hex SHA-256 of bytes. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Side of the square crops xgraph feeds a model (the paper's 224). */
  public static final int INPUT_SIZE = 224;

  /** Why {@code name} cannot be read out of the model, with the nearest valid names. */
  static String unknownLayer(Path path, OnnxGraph graph, String name) {
    String model = path.getFileName().toString();
    String list = "`xgraph layers " + path + "` lists every layer with its geometry";
    if (name.equals(graph.imageInput())) {
      return "Layer `" + name + "` is the image input of model `" + model + "`; choose a layer";
    }
    if (graph.hasTensor(name)) {
      List<TensorGeometry> spatial = graph.spatialTensors();
      List<String> last = new ArrayList<>();
      spatial
          .subList(Math.max(0, spatial.size() - 3), spatial.size())
          .forEach(g -> last.add(g.name()));
      return "Layer `"
          + name
          + "` of model `"
          + model
          + "` is not a spatial (C x H x W) map (it comes from a "
          + graph.producerOp(name)
          + " node); choose a conv layer, e.g. one of the last: "
          + String.join(", ", last)
          + " ("
          + list
          + ")";
    }
    return "Layer `"
        + name
        + "` is not a tensor of model `"
        + model
        + "`; did you mean "
        + String.join(", ", graph.nearestSpatialTensors(name, 6))
        + "? ("
        + list
        + ")";
  }

  /** Model file. */
  public Path path() {
    return path;
  }

  /** Model name: the file name without ".onnx". */
  public String name() {
    String file = path.getFileName().toString();
    return file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
  }

  /** SHA-256 of the model file, hex. */
  public String sha256() {
    return sha256;
  }

  /** The parsed graph. */
  public OnnxGraph graph() {
    return graph;
  }

  /** The chosen layers, in the order given. */
  public List<Readout> readouts() {
    return readouts;
  }

  /** The chosen layers' geometry, in the order given. */
  public List<LayerGeometry> layers() {
    List<LayerGeometry> out = new ArrayList<>();
    readouts.forEach(r -> out.add(r.geometry()));
    return out;
  }

  /** Side of the square model input. */
  public int inputSize() {
    return graph.inputSize();
  }

  /**
   * Runs one preprocessed image ({@code [3][size][size]} flattened, channel order as the model
   * expects) and returns each chosen layer's raw pre-activation map ({@code [c][row][col]}) and the
   * model's first output (class scores).
   */
  public Forward run(float[] input) {
    int size = graph.inputSize();
    if (input.length != 3 * size * size) {
      throw new IllegalArgumentException(
          "Input has " + input.length + " values, model expects 3x" + size + "x" + size);
    }
    long[] shape = {1, 3, size, size};
    Set<String> wanted = new LinkedHashSet<>();
    readouts.forEach(r -> wanted.addAll(r.sources()));
    if (scoresOutput != null) {
      wanted.add(scoresOutput);
    }
    try (OnnxTensor tensor = inputTensor(input, shape);
        OrtSession.Result result = session.run(Map.of(graph.imageInput(), tensor), wanted)) {
      List<float[]> maps = new ArrayList<>();
      for (Readout r : readouts) {
        LayerGeometry g = r.geometry();
        float[] map = new float[g.size()];
        int offset = 0;
        for (int s = 0; s < r.sources().size(); s++) {
          String name = r.sources().get(s);
          OnnxValue value = result.get(name).orElseThrow();
          offset += decode((OnnxTensor) value, name, r.quant().get(s), map, offset, g);
        }
        maps.add(map);
      }
      float[] scores = null;
      if (scoresOutput != null) {
        OnnxTensor t = (OnnxTensor) result.get(scoresOutput).orElseThrow();
        long n = ((TensorInfo) t.getInfo()).getNumElements();
        scores = new float[(int) n];
        decode(t, scoresOutput, null, scores, 0, null);
      }
      return new Forward(maps, scores);
    } catch (OrtException e) {
      throw new IllegalStateException(
          "ONNX Runtime failed on model `" + path + "`: " + e.getMessage(), e);
    }
  }

  /** Runs the model and returns only its first output (for the bare forward-pass benchmark). */
  private OnnxTensor inputTensor(float[] input, long[] shape) throws OrtException {
    if (graph.imageInputType() == OnnxGraph.FLOAT16) {
      ByteBuffer buf = ByteBuffer.allocateDirect(input.length * 2).order(ByteOrder.nativeOrder());
      for (float v : input) {
        buf.putShort(Float16.fromFloat(v));
      }
      buf.rewind();
      return OnnxTensor.createTensor(env, buf, shape, OnnxJavaType.FLOAT16);
    }
    FloatBuffer buf =
        ByteBuffer.allocateDirect(input.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    buf.put(input).rewind();
    return OnnxTensor.createTensor(env, buf, shape);
  }

  /** Decodes tensor values into dest at offset; returns the number of values written. */
  private int decode(
      OnnxTensor t, String name, Quantization q, float[] dest, int offset, LayerGeometry g) {
    TensorInfo info = (TensorInfo) t.getInfo();
    long[] shape = info.getShape();
    int n = (int) info.getNumElements();
    if (g != null) {
      int plane = g.height() * g.width();
      if (shape.length != 4 || shape[2] != g.height() || shape[3] != g.width()) {
        throw new IllegalStateException(
            "Tensor `"
                + name
                + "` of model `"
                + path
                + "` has shape "
                + java.util.Arrays.toString(shape)
                + " at run time but the graph analysis derived "
                + g.height()
                + "x"
                + g.width());
      }
      if (offset + n > dest.length || n % plane != 0) {
        throw new IllegalStateException(
            "Tensor `" + name + "` has " + n + " values, more than layer `" + g.name() + "` holds");
      }
    }
    ByteBuffer bytes = t.getByteBuffer().order(ByteOrder.nativeOrder());
    switch (info.onnxType) {
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT:
        bytes.asFloatBuffer().get(dest, offset, n);
        break;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16:
        for (int i = 0; i < n; i++) {
          dest[offset + i] = Float16.toFloatFast(bytes.getShort(2 * i));
        }
        break;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8:
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8:
        {
          int plane = g == null ? n : g.height() * g.width();
          for (int i = 0; i < n; i++) {
            dest[offset + i] = q.dequantize(bytes.get(i), i / plane);
          }
          break;
        }
      default:
        throw new IllegalStateException(
            "Tensor `" + name + "` has element type " + info.onnxType + ", not supported");
    }
    return n;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("Cannot close the session of `" + path + "`", e);
    }
  }
}
