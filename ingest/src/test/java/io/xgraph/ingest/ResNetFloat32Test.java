package io.xgraph.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.image.ImageCrops;
import io.xgraph.ingest.image.Preprocessing;
import io.xgraph.ingest.onnx.CnnModel;
import io.xgraph.ingest.onnx.OnnxGraph;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.ingest.store.Normalization;
import io.xgraph.ingest.store.StoredImage;
import io.xgraph.learner.data.LayerGeometry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ResNet-50's float32 activations in the float16 feature store: a few real birds ingested with the
 * defaults, then every stored raw value compared with the same crop's float32 forward pass.
 *
 * <p>Round to nearest gives |h - x| <= 2^-11 |x| for normal halves (|x| >= 2^-14) and |h - x| <=
 * 2^-25 below, so that is the bound checked per element; a wrong crop, image order, layer or
 * channel layout would break it by orders of magnitude. The figures printed (relative L2 error per
 * layer, raw and on the normalised features F = max(x / sigma, 0) the learner uses) are the ones
 * quoted in ingest/README.md; {@code -Dxgraph.test.birds=N} measures on more birds.
 */
class ResNetFloat32Test {

  private static final int BIRDS = Integer.getInteger("xgraph.test.birds", 4);

  /** Float16 unit roundoff: half the spacing of 11-bit significands. */
  private static final double HALF_ROUNDOFF = 0x1p-11;

  @TempDir Path tmp;

  @Test
  void float16StoreMatchesFloat32ForwardPassWithinRounding() throws Exception {
    Path data = SharedData.locate(null);
    Path model = SharedData.model(data, KnownModel.RESNET50.alias());
    Path out = tmp.resolve("store");
    Ingestor.run(
        new IngestOptions(
            model, List.of(), SharedData.cubDev(data), out, null, "all", BIRDS, 2, null),
        IngestListener.SILENT);
    FeatureStore store = FeatureStore.open(out);
    assertEquals("caffe-bgr-resnet", store.preprocessing());
    assertEquals(BIRDS, store.images().size());
    List<LayerGeometry> layers = store.layers();
    assertEquals(List.of("res3d", "res4f", "res5c"), layers.stream().map(g -> g.name()).toList());
    long perImage = 0;
    for (LayerGeometry g : layers) {
      perImage += 2L * g.size();
      // The stored geometry is the derived one (GeometryTest pins it against the hand derivation).
      assertEquals(0, g.firstCenter(), g.name());
      assertEquals(Files.size(out.resolve("layer-" + g.index() + ".f16")), 2L * g.size() * BIRDS);
    }
    assertEquals(2L * (512 * 28 * 28 + 1024 * 14 * 14 + 2048 * 7 * 7), perImage);

    double[] errSq = new double[layers.size()];
    double[] refSq = new double[layers.size()];
    double[] fErrSq = new double[layers.size()];
    double[] fRefSq = new double[layers.size()];
    double[] maxAbs = new double[layers.size()];
    long[] subnormal = new long[layers.size()];
    try (CnnModel cnn = CnnModel.open(model, KnownModel.RESNET50.defaultLayers(), 2)) {
      assertEquals(OnnxGraph.FLOAT, cnn.graph().elemType("res5c"));
      Preprocessing pre = Preprocessing.byId(store.preprocessing());
      for (int k = 0; k < BIRDS; k++) {
        StoredImage image = store.storedImages().get(k);
        ImageCrops.Decoded d = ImageCrops.decode(SharedData.cubDev(data).resolve(image.file()));
        CnnModel.Forward f32 = cnn.run(pre.apply(ImageCrops.crop(d, image.box(), 224), 224));
        for (LayerGeometry g : layers) {
          int i = g.index();
          float[] x = f32.layers().get(i);
          float[] h = new float[g.size()];
          store.readRaw(i, k, h);
          for (int j = 0; j < x.length; j++) {
            double e = Math.abs((double) h[j] - x[j]);
            double bound = Math.abs(x[j]) >= 0x1p-14 ? HALF_ROUNDOFF * Math.abs(x[j]) : 0x1p-25;
            // 1e-6 relative slack: the two forward passes need not sum in the same order.
            assertTrue(
                e <= bound + 1e-6 * Math.abs(x[j]),
                g.name()
                    + " image "
                    + k
                    + " element "
                    + j
                    + ": float32 "
                    + x[j]
                    + ", stored "
                    + h[j]);
            errSq[i] += e * e;
            refSq[i] += (double) x[j] * x[j];
            maxAbs[i] = Math.max(maxAbs[i], Math.abs(x[j]));
            if (x[j] != 0 && Math.abs(x[j]) < 0x1p-14) {
              subnormal[i]++;
            }
          }
          float[] sigma = store.negativeSigma(i);
          float[] fx = new float[x.length];
          float[] fh = new float[x.length];
          Normalization.normalize(x, sigma, fx);
          store.read(i, k, fh);
          for (int j = 0; j < x.length; j++) {
            double a = Math.max(fx[j], 0);
            double b = Math.max(fh[j], 0);
            fErrSq[i] += (a - b) * (a - b);
            fRefSq[i] += a * a;
          }
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "ResNet-50 float16 store vs float32 forward pass, %d birds, %d bytes per image:%n",
        BIRDS,
        perImage);
    for (LayerGeometry g : layers) {
      int i = g.index();
      double raw = Math.sqrt(errSq[i] / refSq[i]);
      double normalised = Math.sqrt(fErrSq[i] / fRefSq[i]);
      System.out.printf(
          Locale.ROOT,
          "  %-6s relative L2 error raw %.2e, normalised F %.2e; max |x| %.1f; subnormal in"
              + " float16: %d of %d%n",
          g.name(),
          raw,
          normalised,
          maxAbs[i],
          subnormal[i],
          (long) g.size() * BIRDS);
      // Whole-map errors sit well inside the per-element bound.
      assertTrue(raw < HALF_ROUNDOFF && normalised < HALF_ROUNDOFF, g.name() + " " + raw);
      assertTrue(maxAbs[i] < OutputChecks.FLOAT16_MAX, g.name() + " max " + maxAbs[i]);
    }
  }
}
