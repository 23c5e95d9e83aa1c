package io.xgraph.ingest.store;

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
import java.util.TreeSet;

/**
 * Appends images to a feature store and commits them crash-safely.
 *
 * <p>Data is written first at its final offset ({@code image * bytesPerImage} in each layer file);
 * {@link #commit} then syncs the layer files and atomically replaces progress.properties, which
 * alone says how many images are valid. A crash (even kill -9) between the two leaves extra bytes
 * past the committed count; reopening truncates them and the next run rewrites those images. Not
 * thread-safe: one writer thread.
 */
public final class FeatureStoreWriter implements AutoCloseable {

  private final Path dir;
  private final Properties manifest;
  private final List<LayerGeometry> layers;
  private final List<FileChannel> channels = new ArrayList<>();
  private final List<ByteBuffer> buffers = new ArrayList<>();
  private final List<StoredImage> images = new ArrayList<>();
  private final List<String> skipped = new ArrayList<>();
  private int committed;
  private int committedSkipped;
  private int nextSource;
  private int committedNextSource;

  private FeatureStoreWriter(Path dir, Properties manifest, List<LayerGeometry> layers) {
    this.dir = dir;
    this.manifest = manifest;
    this.layers = layers;
  }

  /**
   * Creates a store in {@code dir}, or reopens the one there if it was made with the same {@code
   * identity} (model, layers, preprocessing, dataset...).
   *
   * @throws IllegalArgumentException if {@code dir} holds a store made differently, or other files
   */
  public static FeatureStoreWriter open(
      Path dir, Properties identity, List<LayerGeometry> layers, List<List<String>> sources) {
    Properties wanted = new Properties();
    wanted.putAll(identity);
    wanted.setProperty("format", StoreFiles.FORMAT);
    wanted.setProperty(
        "data", "float16 little-endian raw pre-activation maps [image][c][row][col]");
    StoreFiles.putLayers(wanted, layers, sources);
    Path manifestFile = dir.resolve(StoreFiles.MANIFEST);
    Properties manifest;
    try {
      if (Files.isRegularFile(manifestFile)) {
        manifest = StoreFiles.loadProperties(manifestFile);
        checkSame(dir, manifest, wanted);
      } else {
        if (Files.isDirectory(dir)) {
          try (var list = Files.list(dir)) {
            if (list.findAny().isPresent()) {
              throw new IllegalArgumentException(
                  "Directory `"
                      + dir
                      + "` is not empty and holds no feature store ("
                      + StoreFiles.MANIFEST
                      + " missing); give an empty or new --out directory");
            }
          }
        }
        Files.createDirectories(dir);
        manifest = wanted;
        StoreFiles.storeProperties(manifestFile, manifest, "xgraph feature store");
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create feature store `" + dir + "`: " + e, e);
    }
    FeatureStoreWriter w = new FeatureStoreWriter(dir, manifest, layers);
    w.load();
    return w;
  }

  private static void checkSame(Path dir, Properties existing, Properties wanted) {
    TreeSet<String> keys = new TreeSet<>(existing.stringPropertyNames());
    keys.addAll(wanted.stringPropertyNames());
    for (String k : keys) {
      if (k.startsWith(StoreFiles.STATS_PREFIX)) {
        continue;
      }
      String a = existing.getProperty(k);
      String b = wanted.getProperty(k);
      if (a == null ? b != null : !a.equals(b)) {
        throw new IllegalArgumentException(
            "Feature store `"
                + dir
                + "` was made with "
                + k
                + "="
                + a
                + " but this run has "
                + k
                + "="
                + b
                + "; give another --out directory, or delete `"
                + dir
                + "` to start over");
      }
    }
  }

  private void load() {
    Path progress = dir.resolve(StoreFiles.PROGRESS);
    if (Files.isRegularFile(progress)) {
      Properties p = StoreFiles.loadProperties(progress);
      committed = Integer.parseInt(p.getProperty("committed", "0"));
      committedNextSource = Integer.parseInt(p.getProperty("nextSource", "0"));
      committedSkipped = Integer.parseInt(p.getProperty("skipped.count", "0"));
      for (int k = 0; k < committed; k++) {
        images.add(StoredImage.get(p, k));
      }
      for (int j = 0; j < committedSkipped; j++) {
        skipped.add(p.getProperty("skipped." + j));
      }
    }
    nextSource = committedNextSource;
    try {
      for (LayerGeometry g : layers) {
        FileChannel ch =
            FileChannel.open(
                dir.resolve(StoreFiles.layerFile(g.index())),
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        long valid = (long) committed * bytesPerImage(g);
        if (ch.size() < valid) {
          throw new IllegalStateException(
              "Feature store `"
                  + dir
                  + "`: "
                  + StoreFiles.layerFile(g.index())
                  + " is shorter than its "
                  + committed
                  + " committed images; delete the store and ingest again");
        }
        // Bytes past the committed count come from an interrupted run: drop them.
        ch.truncate(valid);
        channels.add(ch);
        buffers.add(ByteBuffer.allocateDirect(bytesPerImage(g)).order(ByteOrder.LITTLE_ENDIAN));
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot open feature store `" + dir + "`: " + e, e);
    }
  }

  static int bytesPerImage(LayerGeometry g) {
    return g.size() * 2;
  }

  /** The store directory. */
  public Path dir() {
    return dir;
  }

  /** Images committed so far. */
  public int committed() {
    return committed;
  }

  /** Dataset index of the next image to process (all earlier ones are stored or skipped). */
  public int nextSource() {
    return nextSource;
  }

  /** True once the negative-image sigma of every layer has been written. */
  public boolean hasSigma() {
    long expected = 0;
    for (LayerGeometry g : layers) {
      expected += 4L * g.size();
    }
    Path f = dir.resolve(StoreFiles.SIGMA);
    try {
      return manifest.containsKey(StoreFiles.STATS_PREFIX + "sigma.file")
          && Files.isRegularFile(f)
          && Files.size(f) == expected;
    } catch (IOException e) {
      return false;
    }
  }

  /** Writes the per-layer sigma of the negatives, then records {@code stats} in the manifest. */
  public void writeSigma(List<float[]> sigma, Properties stats) {
    int total = 0;
    for (int i = 0; i < layers.size(); i++) {
      if (sigma.get(i).length != layers.get(i).size()) {
        throw new IllegalArgumentException("sigma of layer " + i + " has the wrong length");
      }
      total += sigma.get(i).length;
    }
    ByteBuffer buf = ByteBuffer.allocate(4 * total).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] s : sigma) {
      for (float v : s) {
        buf.putFloat(v);
      }
    }
    StoreFiles.replaceAtomically(dir.resolve(StoreFiles.SIGMA), buf.array());
    manifest.setProperty(StoreFiles.STATS_PREFIX + "sigma.file", StoreFiles.SIGMA);
    for (String k : stats.stringPropertyNames()) {
      manifest.setProperty(StoreFiles.STATS_PREFIX + k, stats.getProperty(k));
    }
    StoreFiles.storeProperties(dir.resolve(StoreFiles.MANIFEST), manifest, "xgraph feature store");
  }

  /** Writes one image's raw maps (layer order) after the last one; visible after commit. */
  public void append(StoredImage image, List<float[]> raw) {
    int k = images.size();
    try {
      for (int i = 0; i < layers.size(); i++) {
        float[] values = raw.get(i);
        ByteBuffer buf = buffers.get(i);
        if (values.length != layers.get(i).size()) {
          throw new IllegalArgumentException(
              "Map of layer `" + layers.get(i).name() + "` has " + values.length + " values");
        }
        buf.clear();
        for (float v : values) {
          buf.putShort(Float16.fromFloat(v));
        }
        buf.flip();
        long offset = (long) k * buf.capacity();
        while (buf.hasRemaining()) {
          offset += channels.get(i).write(buf, offset);
        }
      }
    } catch (IOException e) {
      // Cut the partial image off: on a full disk this frees the room the commit of the complete
      // images needs.
      for (int i = 0; i < layers.size(); i++) {
        try {
          channels.get(i).truncate((long) k * bytesPerImage(layers.get(i)));
        } catch (IOException ignored) {
          // The next writer truncates to the committed count anyway.
        }
      }
      throw new IllegalStateException(
          "Cannot write to feature store `"
              + dir
              + "`: "
              + e
              + "; free disk space (or give another --out) and run the same command again: it"
              + " resumes after the last committed image",
          e);
    }
    images.add(image);
    nextSource = Math.max(nextSource, image.source() + 1);
  }

  /** Records that dataset image {@code source} was skipped for {@code reason}. */
  public void skip(int source, String reason) {
    skipped.add(reason);
    nextSource = Math.max(nextSource, source + 1);
  }

  /** Makes everything appended so far durable and visible to readers. */
  public void commit() {
    try {
      for (FileChannel ch : channels) {
        ch.force(false);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot sync feature store `" + dir + "`: " + e, e);
    }
    Properties p = new Properties();
    p.setProperty("committed", Integer.toString(images.size()));
    p.setProperty("nextSource", Integer.toString(nextSource));
    p.setProperty("skipped.count", Integer.toString(skipped.size()));
    for (int j = 0; j < skipped.size(); j++) {
      p.setProperty("skipped." + j, skipped.get(j));
    }
    for (int k = 0; k < images.size(); k++) {
      images.get(k).put(p, k);
    }
    StoreFiles.storeProperties(
        dir.resolve(StoreFiles.PROGRESS), p, "xgraph feature store progress");
    committed = images.size();
    committedSkipped = skipped.size();
    committedNextSource = nextSource;
  }

  /** Skipped images recorded so far (this and earlier runs), as "file: reason". */
  public List<String> skipped() {
    return List.copyOf(skipped);
  }

  /** Closes the files; anything appended since the last commit is abandoned. */
  @Override
  public void close() {
    for (FileChannel ch : channels) {
      try {
        ch.close();
      } catch (IOException e) {
        throw new IllegalStateException("Cannot close feature store `" + dir + "`: " + e, e);
      }
    }
  }
}
