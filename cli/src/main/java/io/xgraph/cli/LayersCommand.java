package io.xgraph.cli;

import io.xgraph.ingest.KnownModel;
import io.xgraph.ingest.SharedData;
import io.xgraph.ingest.onnx.CnnModel;
import io.xgraph.ingest.onnx.OnnxGraph;
import io.xgraph.ingest.onnx.Quantization;
import io.xgraph.ingest.onnx.TensorGeometry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xgraph layers MODEL}: the tensors of a CNN that can be chosen, with geometry. */
@Command(
    name = "layers",
    mixinStandardHelpOptions = true,
    description =
        "Lists every spatial tensor of an ONNX image CNN with its shape and image-plane geometry"
            + " (stride, centre of unit (0,0), receptive field), and what ingest reads for it.")
public final class LayersCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      defaultValue = "squeezenet",
      description = "ONNX file, or squeezenet / mobilenet / resnet50 (default: ${DEFAULT-VALUE})")
  String model;

  @Mixin SharedDataOption sharedData = new SharedDataOption();

  @Option(names = "--all", description = "Also list activations, pools and quantize nodes")
  boolean all;

  @Override
  public Integer call() {
    Path path = resolveModel(sharedData.data, model);
    OnnxGraph graph = CnnModel.analyse(path);
    graph.requireSpatialLayers();
    KnownModel known = KnownModel.recognise(graph);
    System.out.printf(
        "model %s: input `%s` %s [1,3,%d,%d]%s%n",
        path.getFileName(),
        graph.imageInput(),
        graph.imageInputType() == OnnxGraph.FLOAT16 ? "float16" : "float",
        graph.inputSize(),
        graph.inputSize(),
        known == null
            ? " (unknown model: give --preprocess and --layers to ingest)"
            : " (" + known.alias() + ", preprocessing " + known.preprocessing().id() + ")");
    if (graph.inputSize() != CnnModel.INPUT_SIZE) {
      System.out.printf(
          "note: ingest needs a 1 x 3 x %d x %d input; export the model with that size to use"
              + " it%n",
          CnnModel.INPUT_SIZE, CnnModel.INPUT_SIZE);
    }
    System.out.printf(
        "%-26s %-16s %-14s %7s %7s %8s  %s%n",
        "tensor", "op", "shape CxHxW", "stride", "centre0", "field", "ingest reads");
    for (TensorGeometry g : graph.spatialTensors()) {
      boolean convLike =
          List.of("Conv", "QLinearConv", "Concat", "QLinearConcat", "Add", "QLinearAdd")
              .contains(g.opType());
      if (!all && !convLike) {
        continue;
      }
      List<String> sources = graph.preActivationSources(g.name());
      String reads = sources.equals(List.of(g.name())) ? "itself" : String.join(" + ", sources);
      Quantization q = graph.quantization(g.name());
      if (q != null) {
        reads +=
            q.clipsNegatives()
                ? " (uint8, fused ReLU: negatives clipped)"
                : " (8-bit, dequantised; zero point > min: signed)";
      }
      String geo =
          g.isSquare()
              ? String.format("%7s %7s %8s", num(g.strideX()), num(g.startX()), num(g.fieldX()))
              : String.format("%24s", "non-square");
      String mark = known != null && known.defaultLayers().contains(g.name()) ? " *default" : "";
      System.out.printf(
          "%-26s %-16s %-14s %s  %s%s%n",
          g.name(),
          g.opType(),
          g.channels() + "x" + g.height() + "x" + g.width(),
          geo,
          reads,
          mark);
    }
    return 0;
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** The model file for an alias or path, locating the shared data only for aliases. */
  static Path resolveModel(String data, String model) {
    for (KnownModel m : KnownModel.values()) {
      if (m.alias().equals(model)) {
        return SharedData.model(SharedData.locate(data), model);
      }
    }
    return SharedData.model(Path.of("."), model);
  }
}
