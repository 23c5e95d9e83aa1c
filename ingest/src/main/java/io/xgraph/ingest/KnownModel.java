package io.xgraph.ingest;

import io.xgraph.ingest.image.Preprocessing;
import io.xgraph.ingest.onnx.OnnxGraph;
import java.util.ArrayList;
import java.util.List;

/**
 * The three shared models, recognised from the graph (input name and type, layer names), with their
 * preprocessing and default layers.
 *
 * <p>MobileNetV2 layers (torchvision numbering): the outputs of features[6] (last 32-channel block,
 * 32x28x28, stride 8), features[10] (last 64-channel block, 64x14x14, stride 16), features[13]
 * (last 96-channel block, 96x14x14, stride 16) and features[17] (the 320-channel block, 320x7x7,
 * stride 32). They mirror SqueezeNet's fire5 (stride 8), fire7/fire8 (stride 16) and fire9 (last
 * block before the classifier conv). They are linear-bottleneck outputs: no ReLU6 is fused into
 * them, so their uint8 zero point is not 0 and negative values survive. The expansion convs have
 * ReLU6 fused into QLinearConv (zero point 0): their pre-activation values are lost in the int8
 * model, so reading them would give a sigma over clipped values.
 *
 * <p>ResNet-50 layers: the outputs of the last block of the stages conv3_x, conv4_x and conv5_x,
 * {@code res3d} (512x28x28, stride 8), {@code res4f} (1024x14x14, stride 16) and {@code res5c}
 * (2048x7x7, stride 32): the three maps of 28, 14 and 7 cells of the paper's ResNet graphs (the
 * release's getNetParameters.m). Each is the residual Add node, i.e. the block's output before the
 * block's ReLU: what the next block receives after that ReLU, read pre-activation as the release
 * reads every layer. A branch conv (e.g. {@code res5c_branch2c}) would be the residual alone,
 * without the shortcut that carries most of the block's signal.
 */
public enum KnownModel {
  SQUEEZENET(
      "squeezenet",
      "models/squeezenet1.1-fp16.onnx",
      "data_0",
      OnnxGraph.FLOAT16,
      Preprocessing.CAFFE_BGR,
      List.of("fire5/concat_1", "fire7/concat_1", "fire8/concat_1", "fire9/concat_1"),
      List.of()),
  MOBILENET(
      "mobilenet",
      "models/mobilenetv2-12-int8.onnx",
      "input",
      OnnxGraph.FLOAT,
      Preprocessing.IMAGENET_RGB,
      List.of("365_quantized", "400_quantized", "426_quantized", "624_quantized"),
      List.of()),
  RESNET50(
      "resnet50",
      "models/resnet50-fp32.onnx",
      "data",
      OnnxGraph.FLOAT,
      Preprocessing.CAFFE_BGR_RESNET,
      List.of("res3d", "res4f", "res5c"),
      // the release's ResNet densities (getNetParameters.m): 40, 20 and 10 nodes per filter
      List.of(0.05, 0.1, 0.2));

  private final String alias;
  private final String file;
  private final String inputName;
  private final int inputType;
  private final Preprocessing preprocessing;
  private final List<String> defaultLayers;
  private final List<Double> nodeDensities;

  KnownModel(
      String alias,
      String file,
      String inputName,
      int inputType,
      Preprocessing preprocessing,
      List<String> defaultLayers,
      List<Double> nodeDensities) {
    this.alias = alias;
    this.file = file;
    this.inputName = inputName;
    this.inputType = inputType;
    this.preprocessing = preprocessing;
    this.defaultLayers = defaultLayers;
    this.nodeDensities = nodeDensities;
  }

  public String alias() {
    return alias;
  }

  /** Path of the model under the shared data directory. */
  public String file() {
    return file;
  }

  public Preprocessing preprocessing() {
    return preprocessing;
  }

  public List<String> defaultLayers() {
    return defaultLayers;
  }

  /**
   * Node density rho per default layer, lowest first, as the authors' release sets it for this kind
   * of network; empty where the learner's lower/upper halves are the release's rule (its VGG-16
   * setting, which SqueezeNet and MobileNetV2 follow).
   */
  public List<Double> nodeDensities() {
    return nodeDensities;
  }

  /**
   * The node densities for a feature store of {@code layers}: the known model's when they are its
   * default layers, else empty (the learner's halves).
   */
  public static List<Double> nodeDensitiesFor(List<String> layers) {
    for (KnownModel m : values()) {
      if (m.defaultLayers.equals(layers)) {
        return m.nodeDensities;
      }
    }
    return List.of();
  }

  /** The known model this graph is, or null. */
  public static KnownModel recognise(OnnxGraph graph) {
    for (KnownModel m : values()) {
      if (graph.imageInput().equals(m.inputName)
          && graph.imageInputType() == m.inputType
          && m.defaultLayers.stream().allMatch(graph::hasTensor)) {
        return m;
      }
    }
    return null;
  }

  static List<String> aliases() {
    List<String> out = new ArrayList<>();
    for (KnownModel m : values()) {
      out.add(m.alias);
    }
    return out;
  }

  /** The preprocessing for a model: the explicit profile id if given, else the known model's. */
  public static Preprocessing preprocessingFor(OnnxGraph graph, String explicit, String model) {
    if (explicit != null) {
      return Preprocessing.byId(explicit);
    }
    KnownModel m = recognise(graph);
    if (m == null) {
      List<String> ids = new ArrayList<>();
      for (Preprocessing p : Preprocessing.values()) {
        ids.add(p.id());
      }
      throw new IllegalArgumentException(
          "Model `"
              + model
              + "` is not one of the known models ("
              + aliases()
              + "), so its preprocessing is unknown; give --preprocess with one of "
              + ids);
    }
    return m.preprocessing;
  }

  /** The layers to use: the given ones, else the known model's defaults. */
  public static List<String> layersFor(OnnxGraph graph, List<String> given, String model) {
    if (given != null && !given.isEmpty()) {
      return given;
    }
    KnownModel m = recognise(graph);
    if (m == null) {
      graph.requireSpatialLayers();
      throw new IllegalArgumentException(
          "Model `"
              + model
              + "` has no default layers; give --layers a,b,... (list them with"
              + " `xgraph layers "
              + model
              + "`)");
    }
    return m.defaultLayers;
  }
}
