package io.xgraph.ingest.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.xgraph.ingest.image.Box;
import io.xgraph.ingest.image.ImageCrops;
import io.xgraph.ingest.image.Preprocessing;
import io.xgraph.ingest.store.Float16;
import io.xgraph.learner.meaning.OcclusionRegion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * The class scores of an image CNN under ONNX Runtime with square regions of its input occluded,
 * many occluded copies of one image per run where the model takes a batch.
 *
 * <p><b>Score.</b> The probability of a class: the model's first output when that is already a
 * distribution (SqueezeNet ends in a Softmax), else its softmax (a logit output). <b>Occlusion.</b>
 * The region's pixels are set to 0 in the preprocessed input, which is the profile's mean colour
 * (every {@link Preprocessing} subtracts its mean before scaling): the grey the network was trained
 * to read as "no signal". <b>Batch.</b> A model whose batch dimension is dynamic runs up to {@code
 * maxBatch} copies at once; a model exported with a fixed batch of 1 gets its batch dimension made
 * symbolic, which is kept only if a probe run of two different images in one batch gives the same
 * scores as two single runs (to 1e-3); otherwise images run one by one.
 */
public final class OcclusionRunner implements AutoCloseable {

  private final Path path;
  private final OnnxGraph graph;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String output;
  private final int batch;
  private final boolean softmax;

  private OcclusionRunner(Path path, OnnxGraph graph, byte[] bytes, int threads, int maxBatch) {
    this.path = path;
    this.graph = graph;
    if (graph.outputs().isEmpty()) {
      throw new IllegalArgumentException(
          "Model `" + path + "` has no graph output; occlusion needs the model's class scores");
    }
    this.output = graph.outputs().get(0);
    this.env = OrtEnvironment.getEnvironment();
    OrtSession s = null;
    int b = 1;
    if (maxBatch > 1) {
      try {
        s = session(batchable(bytes), threads);
        if (probeBatch(s)) {
          b = maxBatch;
        } else {
          s.close();
          s = null;
        }
      } catch (OrtException | RuntimeException e) {
        // The model does not take a batch after all: run one image at a time.
        closeQuietly(s);
        s = null;
      }
    }
    try {
      this.session = s != null ? s : session(bytes, threads);
    } catch (OrtException e) {
      throw new IllegalStateException(
          "ONNX Runtime cannot load model `" + path + "`: " + e.getMessage(), e);
    }
    this.batch = b;
    float[] grey = rawScores(session, new float[][] {new float[inputLength()]})[0];
    this.softmax = !isDistribution(grey);
  }

  /**
   * Opens {@code model} for occlusion with {@code threads} intra-op threads and at most {@code
   * maxBatch} occluded copies per run.
   *
   * @throws IllegalArgumentException the file is missing or not an image CNN (the message says
   *     which and the fix), or {@code maxBatch < 1}
   */
  public static OcclusionRunner open(Path model, int threads, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException(
          "Batch size " + maxBatch + " is out of range; give at least 1 (images per ORT run)");
    }
    byte[] bytes = CnnModel.readModel(model);
    OnnxGraph graph = OnnxGraph.parse(model, bytes);
    return new OcclusionRunner(model, graph, bytes, threads, maxBatch);
  }

  /** Model file. */
  public Path path() {
    return path;
  }

  /** Side of the square model input. */
  public int inputSize() {
    return graph.inputSize();
  }

  /** Occluded copies per ONNX Runtime run (1 when the model does not take a batch). */
  public int batch() {
    return batch;
  }

  /** Whether the scores are the softmax of the model's output (a logit output). */
  public boolean appliesSoftmax() {
    return softmax;
  }

  /**
   * The preprocessed input of an object crop as ingest builds it: {@code box} of {@code image}
   * (null = the whole image) resized to the model input, bilinear, unflipped.
   */
  public float[] objectInput(Path image, Box box, Preprocessing preprocessing) {
    int size = inputSize();
    ImageCrops.Region region =
        ImageCrops.decode(image, (w, h) -> ImageCrops.checkedBox(image, w, h, box));
    return preprocessing.apply(ImageCrops.crop(region.image(), region.box(), size), size);
  }

  /** Class probabilities of one preprocessed input. */
  public float[] probabilities(float[] input) {
    checkInput(input);
    return normalised(rawScores(session, new float[][] {input})[0]);
  }

  /**
   * The probability of class {@code classIndex} for {@code input} with each region occluded in turn
   * ({@link OcclusionRegion#NONE} gives the unoccluded score), batched.
   */
  public double[] classScores(float[] input, int classIndex, List<OcclusionRegion> regions) {
    checkInput(input);
    double[] out = new double[regions.size()];
    for (int from = 0; from < regions.size(); from += batch) {
      int n = Math.min(batch, regions.size() - from);
      float[][] inputs = new float[n][];
      for (int i = 0; i < n; i++) {
        inputs[i] = occlude(input, inputSize(), regions.get(from + i));
      }
      float[][] scores = rawScores(session, inputs);
      for (int i = 0; i < n; i++) {
        float[] p = normalised(scores[i]);
        if (classIndex < 0 || classIndex >= p.length) {
          throw new IllegalArgumentException(
              "Class " + classIndex + " is out of range; the model has classes 0.." + p.length);
        }
        out[from + i] = p[classIndex];
      }
    }
    return out;
  }

  /** A copy of the planar {@code input} with {@code region} set to 0 (the mean colour). */
  public static float[] occlude(float[] input, int size, OcclusionRegion region) {
    float[] out = input.clone();
    int plane = size * size;
    for (int c = 0; c * plane < out.length; c++) {
      for (int r = region.y0(); r < region.y0() + region.height(); r++) {
        int base = c * plane + r * size;
        java.util.Arrays.fill(out, base + region.x0(), base + region.x0() + region.width(), 0f);
      }
    }
    return out;
  }

  /** Index of the largest value. */
  public static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  private int inputLength() {
    return 3 * inputSize() * inputSize();
  }

  private void checkInput(float[] input) {
    if (input.length != inputLength()) {
      throw new IllegalArgumentException(
          "Input has " + input.length + " values, model `" + path + "` expects " + inputLength());
    }
  }

  private float[] normalised(float[] scores) {
    if (!softmax) {
      return scores;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float v : scores) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] e = new double[scores.length];
    for (int i = 0; i < scores.length; i++) {
      e[i] = Math.exp(scores[i] - max);
      sum += e[i];
    }
    float[] out = new float[scores.length];
    for (int i = 0; i < scores.length; i++) {
      out[i] = (float) (e[i] / sum);
    }
    return out;
  }

  /** Non-negative values summing to 1 (within float16 rounding): already probabilities. */
  private static boolean isDistribution(float[] v) {
    double sum = 0;
    for (float x : v) {
      if (x < 0 || x > 1) {
        return false;
      }
      sum += x;
    }
    return Math.abs(sum - 1) < 0.01;
  }

  private OrtSession session(byte[] bytes, int threads) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(Math.max(1, threads));
    options.setInterOpNumThreads(1);
    return env.createSession(bytes, options);
  }

  /** The first output of one run over {@code inputs} stacked as a batch, one row per input. */
  private float[][] rawScores(OrtSession s, float[][] inputs) {
    int size = inputSize();
    long[] shape = {inputs.length, 3, size, size};
    try (OnnxTensor tensor = tensor(inputs, shape);
        OrtSession.Result result =
            s.run(Map.of(graph.imageInput(), tensor), java.util.Set.of(output))) {
      OnnxTensor t = (OnnxTensor) result.get(output).orElseThrow();
      TensorInfo info = (TensorInfo) t.getInfo();
      int total = (int) info.getNumElements();
      if (total % inputs.length != 0) {
        throw new IllegalStateException(
            "Output `" + output + "` has " + total + " values for " + inputs.length + " images");
      }
      int per = total / inputs.length;
      ByteBuffer bytes = t.getByteBuffer().order(ByteOrder.nativeOrder());
      float[][] out = new float[inputs.length][per];
      for (int k = 0; k < total; k++) {
        float v =
            switch (info.onnxType) {
              case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> bytes.getFloat(4 * k);
              case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> Float16.toFloat(bytes.getShort(2 * k));
              default ->
                  throw new IllegalStateException(
                      "Output `"
                          + output
                          + "` of `"
                          + path
                          + "` has type "
                          + info.onnxType
                          + "; occlusion reads float or float16 class scores");
            };
        out[k / per][k % per] = v;
      }
      return out;
    } catch (OrtException e) {
      throw new IllegalStateException(
          "ONNX Runtime failed on model `" + path + "`: " + e.getMessage(), e);
    }
  }

  private OnnxTensor tensor(float[][] inputs, long[] shape) throws OrtException {
    int n = inputs.length * inputs[0].length;
    if (graph.imageInputType() == OnnxGraph.FLOAT16) {
      ByteBuffer buf = ByteBuffer.allocateDirect(n * 2).order(ByteOrder.nativeOrder());
      for (float[] in : inputs) {
        for (float v : in) {
          buf.putShort(Float16.fromFloat(v));
        }
      }
      buf.rewind();
      return OnnxTensor.createTensor(env, buf, shape, OnnxJavaType.FLOAT16);
    }
    FloatBuffer buf =
        ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    for (float[] in : inputs) {
      buf.put(in);
    }
    buf.rewind();
    return OnnxTensor.createTensor(env, buf, shape);
  }

  /**
   * Two different inputs in one batch must score as they do alone: a model whose graph bakes the
   * batch of 1 into a Reshape fails or mixes the images here.
   */
  private boolean probeBatch(OrtSession s) {
    int len = inputLength();
    float[] a = new float[len];
    float[] b = new float[len];
    java.util.Random random = new java.util.Random(1);
    for (int i = 0; i < len; i++) {
      a[i] = (float) (random.nextGaussian() * 50);
      b[i] = (float) (random.nextGaussian() * 50 + 20);
    }
    float[][] both = rawScores(s, new float[][] {a, b});
    float[] aloneA = rawScores(s, new float[][] {a})[0];
    float[] aloneB = rawScores(s, new float[][] {b})[0];
    if (both.length != 2 || both[0].length != aloneA.length) {
      return false;
    }
    for (int i = 0; i < aloneA.length; i++) {
      if (Math.abs(both[0][i] - aloneA[i]) > 1e-3 * (1 + Math.abs(aloneA[i]))
          || Math.abs(both[1][i] - aloneB[i]) > 1e-3 * (1 + Math.abs(aloneB[i]))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The model bytes with a symbolic batch dimension on the image input and the outputs, and without
   * the intermediate shape annotations (which carry the batch of 1).
   */
  private byte[] batchable(byte[] bytes) {
    ModelProto model;
    try {
      model = ModelProto.parseFrom(bytes);
    } catch (Exception e) {
      throw new IllegalArgumentException("Model `" + path + "` is not a readable ONNX model", e);
    }
    GraphProto.Builder g = model.getGraph().toBuilder();
    for (int i = 0; i < g.getInputCount(); i++) {
      if (g.getInput(i).getName().equals(graph.imageInput())) {
        g.setInput(i, symbolicBatch(g.getInput(i)));
      }
    }
    for (int i = 0; i < g.getOutputCount(); i++) {
      g.setOutput(i, symbolicBatch(g.getOutput(i)));
    }
    g.clearValueInfo();
    return model.toBuilder().setGraph(g).build().toByteArray();
  }

  private static ValueInfoProto symbolicBatch(ValueInfoProto v) {
    TypeProto.Tensor t = v.getType().getTensorType();
    if (t.getShape().getDimCount() == 0) {
      return v;
    }
    TensorShapeProto.Builder shape = t.getShape().toBuilder();
    shape.setDim(0, TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
    return v.toBuilder()
        .setType(v.getType().toBuilder().setTensorType(t.toBuilder().setShape(shape)).build())
        .build();
  }

  private static void closeQuietly(OrtSession s) {
    if (s != null) {
      try {
        s.close();
      } catch (OrtException e) {
        // already failing over to a single-image session
      }
    }
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
