package io.xgraph.ingest.store;

import io.xgraph.learner.data.FeatureSource;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.LayerGeometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A feature store opened for reading: the committed images only. Maps are streamed, not held: each
 * {@link #read} reads one image's map of one layer from its file (positional reads: no copy of the
 * store on the heap, and, unlike a memory mapping, no pages of it counted in this process's
 * resident memory once read) and normalises it on the fly: f = x / sigma where x > 0, else -1.
 *
 * <p>On-disk layout of a store directory:
 *
 * <ul>
 *   <li>{@code manifest.properties}: format, model name/file/sha256, preprocessing, dataset (root,
 *       kind, split, limit, fingerprint), negatives source, the layers with geometry and the ONNX
 *       tensors read for them; {@code stats.*} keys hold the negatives' statistics.
 *   <li>{@code layer-<i>.f16}: raw pre-activation maps of layer i as float16 little-endian,
 *       image-major then [c][row][col]; image k starts at byte k * 2 * C*H*W.
 *   <li>{@code negative-sigma.f32}: per-element sigma of every layer in layer order, float32 LE.
 *   <li>{@code progress.properties}: committed image count, the image records (id, split, file,
 *       box, parts in crop coordinates), skipped files; replaced atomically after data is synced.
 * </ul>
 *
 * <p>Thread-safe for concurrent reads.
 */
public final class FeatureStore implements FeatureSource {

  private final Path dir;
  private final Properties manifest;
  private final List<LayerGeometry> layers;
  private final List<StoredImage> stored;
  private final List<ImageRecord> records;
  private final List<String> skipped;
  private final List<float[]> sigma;
  // one image's bytes of one layer, per reading thread (grown to the largest layer read)
  private final ThreadLocal<ByteBuffer> readBuffer =
      ThreadLocal.withInitial(() -> ByteBuffer.allocate(0));

  private FeatureStore(Path dir) {
    this.dir = dir;
    Path manifestFile = dir.resolve(StoreFiles.MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      throw new IllegalArgumentException(
          "`"
              + dir
              + "` is not a feature store ("
              + StoreFiles.MANIFEST
              + " missing); run"
              + " `xgraph ingest --out "
              + dir
              + "` first");
    }
    manifest = StoreFiles.loadProperties(manifestFile);
    if (!StoreFiles.FORMAT.equals(StoreFiles.required(manifest, "format", manifestFile))) {
      throw new IllegalStateException(
          "Feature store `"
              + dir
              + "` has format "
              + manifest.getProperty("format")
              + ", this version reads "
              + StoreFiles.FORMAT
              + "; ingest again");
    }
    layers = List.copyOf(StoreFiles.layers(manifest, manifestFile));
    StoreFiles.Progress progress = StoreFiles.Progress.read(dir);
    int committed = progress.images().size();
    stored = progress.images();
    records = stored.stream().map(StoredImage::record).toList();
    skipped = progress.skipped();
    sigma = readSigma();
    for (LayerGeometry g : layers) {
      checkLength(g, committed);
    }
  }

  /** Opens the store in {@code dir} (committed images only). */
  public static FeatureStore open(Path dir) {
    return new FeatureStore(dir);
  }

  private List<float[]> readSigma() {
    Path f = dir.resolve(StoreFiles.SIGMA);
    List<float[]> out = new ArrayList<>();
    if (!Files.isRegularFile(f)) {
      return out;
    }
    try {
      byte[] bytes = Files.readAllBytes(f);
      long expected = 0;
      for (LayerGeometry g : layers) {
        expected += 4L * g.size();
      }
      if (bytes.length != expected) {
        throw StoreFiles.damaged(
            f, bytes.length + " bytes, the manifest's layers need " + expected);
      }
      ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      for (LayerGeometry g : layers) {
        float[] s = new float[g.size()];
        buf.asFloatBuffer().get(s);
        buf.position(buf.position() + 4 * s.length);
        out.add(s);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read `" + f + "`: " + e + "; ingest again", e);
    }
    return out;
  }

  private void checkLength(LayerGeometry g, int committed) {
    long bytesPerImage = FeatureStoreWriter.bytesPerImage(g);
    Path file = dir.resolve(StoreFiles.layerFile(g.index()));
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() < committed * bytesPerImage) {
        throw new IllegalStateException(
            "Feature store file `"
                + file
                + "` is shorter than its "
                + committed
                + " committed images; delete the store and ingest again");
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot open `" + file + "`: " + e, e);
    }
  }

  /** The store directory. */
  public Path dir() {
    return dir;
  }

  @Override
  public String modelName() {
    return manifest.getProperty("model.name");
  }

  @Override
  public String modelSha256() {
    return manifest.getProperty("model.sha256");
  }

  /** Preprocessing profile id used for every image. */
  public String preprocessing() {
    return manifest.getProperty("preprocessing");
  }

  /** A manifest value (see the class comment for the keys), or null. */
  public String manifest(String key) {
    return manifest.getProperty(key);
  }

  @Override
  public List<LayerGeometry> layers() {
    return layers;
  }

  @Override
  public List<ImageRecord> images() {
    return records;
  }

  /** The stored images with their source file and crop box. */
  public List<StoredImage> storedImages() {
    return stored;
  }

  /** Files skipped by ingest, as "file: reason". */
  public List<String> skipped() {
    return skipped;
  }

  @Override
  public void read(int layer, int image, float[] dest) {
    if (sigma.isEmpty()) {
      negativeSigma(layer); // throws the explanation
    }
    readRaw(layer, image, dest);
    Normalization.normalize(dest, sigma.get(layer), dest);
  }

  /** Copies the raw (un-normalised) pre-activation map of one image and layer into dest. */
  public void readRaw(int layer, int image, float[] dest) {
    LayerGeometry g = layers.get(layer);
    int n = g.size();
    if (image < 0 || image >= records.size()) {
      throw new IndexOutOfBoundsException(
          "Image " + image + " of a store with " + records.size() + " images");
    }
    if (dest.length != n) {
      throw new IllegalArgumentException(
          "dest has length " + dest.length + ", layer `" + g.name() + "` needs " + n);
    }
    ByteBuffer buf = readBuffer.get();
    if (buf.capacity() < 2 * n) {
      // direct: the channel reads into it without an extra copy
      buf = ByteBuffer.allocateDirect(2 * n).order(ByteOrder.LITTLE_ENDIAN);
      readBuffer.set(buf);
    }
    buf.clear().limit(2 * n);
    Path file = dir.resolve(StoreFiles.layerFile(layer));
    long position = (long) image * FeatureStoreWriter.bytesPerImage(g);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (buf.hasRemaining()) {
        if (ch.read(buf, position + buf.position()) < 0) {
          throw new IllegalStateException(
              "Feature store file `"
                  + file
                  + "` ends inside image "
                  + image
                  + "; delete the store and ingest again");
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read `" + file + "`: " + e, e);
    }
    for (int i = 0; i < n; i++) {
      dest[i] = Float16.toFloatFast(buf.getShort(2 * i));
    }
  }

  @Override
  public float[] negativeSigma(int layer) {
    if (sigma.isEmpty()) {
      throw new IllegalStateException(
          "Feature store `" + dir + "` has no negative statistics yet; run ingest to completion");
    }
    return sigma.get(layer).clone();
  }
}
