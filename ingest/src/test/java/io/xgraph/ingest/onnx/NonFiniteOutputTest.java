package io.xgraph.ingest.onnx;

import static io.xgraph.ingest.onnx.TinyModels.ints;
import static io.xgraph.ingest.onnx.TinyModels.node;
import static io.xgraph.ingest.onnx.TinyModels.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.IngestListener;
import io.xgraph.ingest.IngestOptions;
import io.xgraph.ingest.Ingestor;
import io.xgraph.ingest.SharedData;
import io.xgraph.ingest.store.FeatureStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NaN in the CNN output is detected where it appears, at the forward pass: the image is not stored,
 * the run stops naming the image, the layer and the element, and the store keeps only what was
 * committed (nothing here). NaN already in a stored map can only come from a damaged file; the
 * consistency check ({@code xgraph check}) finds it.
 */
class NonFiniteOutputTest {

  @TempDir Path tmp;

  @Test
  void nanInTheModelOutputStopsIngestNamingImageAndLayer() throws Exception {
    TensorProto.Builder w =
        TensorProto.newBuilder().setName("w").setDataType(1).addDims(4).addDims(3);
    w.addDims(3).addDims(3);
    for (int i = 0; i < 4 * 3 * 3 * 3; i++) {
      w.addFloatData(i == 0 ? Float.NaN : 0.01f);
    }
    byte[] bytes =
        TinyModels.model(
            tensor("x", 1, 1, 3, 224, 224),
            List.of(w.build()),
            List.of(
                node(
                    "Conv",
                    List.of("x", "w"),
                    "y",
                    ints("kernel_shape", 3, 3),
                    ints("strides", 4, 4))),
            tensor("y", 1, 1, 4, 56, 56));
    Path model = Files.write(tmp.resolve("nan.onnx"), bytes);
    Path folder = Files.createDirectories(tmp.resolve("birds"));
    Path cub = SharedData.cubDev(SharedData.locate(null));
    String rel = Files.readAllLines(cub.resolve("images.txt")).get(0).split(" ")[1];
    Files.copy(cub.resolve("images").resolve(rel), folder.resolve("bird.jpg"));
    Path out = tmp.resolve("store");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Ingestor.run(
                    new IngestOptions(
                        model, List.of("y"), folder, out, null, "all", 0, 1, "caffe-bgr"),
                    IngestListener.SILENT));
    assertEquals(
        "CNN output of image `"
            + folder.resolve("bird.jpg")
            + "` at layer `y` is NaN (element 0); the model or its input is broken, check the"
            + " preprocessing profile",
        e.getMessage());
    assertEquals(0, FeatureStore.open(out).images().size());
  }

  /**
   * A float32 activation beyond float16's 65504 would be stored as infinity: the run stops at the
   * forward pass naming the image, the layer and the limit (a 3x3 conv of weights 1000 over the
   * Caffe input, whose values reach 150 in magnitude, gives values of order 10^5 to 10^6).
   */
  @Test
  void valuesBeyondFloat16StopIngestNamingImageAndLayer() throws Exception {
    TensorProto.Builder w =
        TensorProto.newBuilder().setName("w").setDataType(1).addDims(4).addDims(3);
    w.addDims(3).addDims(3);
    for (int i = 0; i < 4 * 3 * 3 * 3; i++) {
      w.addFloatData(1000f);
    }
    byte[] bytes =
        TinyModels.model(
            tensor("x", 1, 1, 3, 224, 224),
            List.of(w.build()),
            List.of(
                node(
                    "Conv",
                    List.of("x", "w"),
                    "y",
                    ints("kernel_shape", 3, 3),
                    ints("strides", 4, 4))),
            tensor("y", 1, 1, 4, 56, 56));
    Path model = Files.write(tmp.resolve("loud.onnx"), bytes);
    Path folder = Files.createDirectories(tmp.resolve("birds"));
    Path cub = SharedData.cubDev(SharedData.locate(null));
    String rel = Files.readAllLines(cub.resolve("images.txt")).get(0).split(" ")[1];
    Files.copy(cub.resolve("images").resolve(rel), folder.resolve("bird.jpg"));
    Path out = tmp.resolve("store");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Ingestor.run(
                    new IngestOptions(
                        model, List.of("y"), folder, out, null, "all", 0, 1, "caffe-bgr"),
                    IngestListener.SILENT));
    String m = e.getMessage();
    assertTrue(
        m.startsWith("CNN output of image `" + folder.resolve("bird.jpg") + "` at layer `y` is "),
        m);
    assertTrue(m.contains("beyond the float16 range (65504) of the feature store"), m);
    assertEquals(0, FeatureStore.open(out).images().size());
  }
}
