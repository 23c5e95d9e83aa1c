package io.xgraph.ingest;

import io.xgraph.ingest.image.Box;
import io.xgraph.ingest.image.ImageCrops;
import io.xgraph.ingest.image.Preprocessing;
import io.xgraph.ingest.onnx.CnnModel;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.ingest.store.Normalization;
import io.xgraph.learner.data.LayerGeometry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Normalised feature maps of a single image, without a store (for {@code xg.image.infer}).
 *
 * <p>Holds one ONNX Runtime session; {@link #extract} is thread-safe and may be called
 * concurrently. Close the extractor when done.
 */
public final class ImageFeatureExtractor implements AutoCloseable {

  private final CnnModel model;
  private final Preprocessing preprocessing;
  private final List<float[]> sigma;

  /**
   * @param model ONNX model file
   * @param layers tensor names, lowest first
   * @param preprocessing input profile
   * @param negativeSigma per layer, {@code [c][row][col]} flattened
   * @param threads ONNX Runtime intra-op threads
   */
  public static ImageFeatureExtractor open(
      Path model,
      List<String> layers,
      Preprocessing preprocessing,
      List<float[]> negativeSigma,
      int threads) {
    CnnModel cnn = CnnModel.open(model, layers, threads);
    try {
      return new ImageFeatureExtractor(cnn, preprocessing, negativeSigma);
    } catch (RuntimeException e) {
      cnn.close();
      throw e;
    }
  }

  /**
   * An extractor matching a feature store: same layers, preprocessing and sigma.
   *
   * @throws IllegalArgumentException if {@code model} is not the store's model (sha256 differs)
   */
  public static ImageFeatureExtractor forStore(FeatureStore store, Path model, int threads) {
    List<String> layers = new ArrayList<>();
    List<float[]> sigma = new ArrayList<>();
    for (LayerGeometry g : store.layers()) {
      layers.add(g.name());
      sigma.add(store.negativeSigma(g.index()));
    }
    String sha = CnnModel.sha256(CnnModel.readModel(model));
    if (!sha.equals(store.modelSha256())) {
      throw new IllegalArgumentException(
          "Model `"
              + model
              + "` (sha256 "
              + sha
              + ") is not the model of feature store `"
              + store.dir()
              + "` ("
              + store.modelName()
              + ", sha256 "
              + store.modelSha256()
              + "); give the store's model file");
    }
    return open(model, layers, Preprocessing.byId(store.preprocessing()), sigma, threads);
  }

  private ImageFeatureExtractor(CnnModel model, Preprocessing preprocessing, List<float[]> sigma) {
    if (sigma.size() != model.layers().size()) {
      throw new IllegalArgumentException(
          "Got " + sigma.size() + " sigma arrays for " + model.layers().size() + " layers");
    }
    for (LayerGeometry g : model.layers()) {
      if (sigma.get(g.index()).length != g.size()) {
        throw new IllegalArgumentException(
            "Sigma of layer `"
                + g.name()
                + "` has "
                + sigma.get(g.index()).length
                + " values, the layer has "
                + g.size());
      }
    }
    this.model = model;
    this.preprocessing = preprocessing;
    this.sigma = List.copyOf(sigma);
  }

  /** The layers' geometry. */
  public List<LayerGeometry> layers() {
    return model.layers();
  }

  /**
   * Normalised maps of {@code image} cropped to {@code box} (null = whole image), per layer {@code
   * [c][row][col]}.
   */
  public List<float[][][]> extract(Path image, Box box) {
    List<float[]> flat = extractFlat(image, box);
    List<float[][][]> out = new ArrayList<>();
    for (LayerGeometry g : model.layers()) {
      float[] f = flat.get(g.index());
      float[][][] m = new float[g.channels()][g.height()][g.width()];
      int k = 0;
      for (int c = 0; c < g.channels(); c++) {
        for (int r = 0; r < g.height(); r++) {
          System.arraycopy(f, k, m[c][r], 0, g.width());
          k += g.width();
        }
      }
      out.add(m);
    }
    return out;
  }

  /** As {@link #extract}, flattened {@code [c][row][col]} per layer. */
  public List<float[]> extractFlat(Path image, Box box) {
    return extractFlat(image, box, false);
  }

  /**
   * As {@link #extractFlat(Path, Box)}; when {@code mirrored}, the resized crop is flipped left to
   * right before the CNN (crop column {@code c} becomes {@code size - 1 - c}), for part
   * localisation on the mirror image. The negative-image sigma is used as is (it is a statistic of
   * images, not of one orientation).
   */
  public List<float[]> extractFlat(Path image, Box box, boolean mirrored) {
    int size = model.inputSize();
    ImageCrops.Region region =
        ImageCrops.decode(image, (w, h) -> ImageCrops.checkedBox(image, w, h, box));
    int[] crop = ImageCrops.crop(region.image(), region.box(), size);
    if (mirrored) {
      for (int r = 0; r < size; r++) {
        for (int a = r * size, b = a + size - 1; a < b; a++, b--) {
          int t = crop[a];
          crop[a] = crop[b];
          crop[b] = t;
        }
      }
    }
    CnnModel.Forward f = model.run(preprocessing.apply(crop, size));
    OutputChecks.checkFinite(f, model, image.toString());
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < f.layers().size(); i++) {
      float[] raw = f.layers().get(i);
      Normalization.normalize(raw, sigma.get(i), raw);
      out.add(raw);
    }
    return out;
  }

  @Override
  public void close() {
    model.close();
  }
}
