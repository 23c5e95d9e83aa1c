package io.xgraph.ingest.store;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.io.AtomicFiles;
import io.xgraph.learner.io.DiskSpace;
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

  /** Dataset index of each skipped entry; -1 for entries of earlier runs. */
  private final List<Integer> skippedSources = new ArrayList<>();

  private int committed;
  private int committedSkipped;
  private int nextSource;
  private int committedNextSource;
  private int planned;
  private int plannedFrom;

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
    StoreFiles.Progress progress = StoreFiles.Progress.read(dir);
    images.addAll(progress.images());
    skipped.addAll(progress.skipped());
    progress.skipped().forEach(x -> skippedSources.add(-1));
    committed = images.size();
    committedSkipped = skipped.size();
    committedNextSource = progress.nextSource();
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

  /**
   * Bytes of progress.properties per image, rounded up: measured 620 on average over the 282 CUB
   * birds (174,816 bytes; file name, id, box and up to 15 parts per record).
   */
  static final int PROGRESS_BYTES_PER_IMAGE = 1024;

  /**
   * Checks, before a pass, that the disk has room for {@code images} more images, and remembers the
   * count for the message of a disk that fills anyway (another process may take the room).
   *
   * @throws IllegalStateException naming the store, the disk, the free and the needed bytes
   */
  public void requireSpaceFor(int images) {
    planned = images;
    plannedFrom = this.images.size();
    DiskSpace.require(
        dir, spaceFor(images), "feature store `" + dir + "` (" + images + " images to store)");
  }

  /**
   * Bytes {@code more} images need: their maps (an upper bound: skipped files take none), the sigma
   * file if it is still to come, and the progress file twice (the new one is written beside the old
   * one, then renamed).
   */
  long spaceFor(int more) {
    long maps = 0;
    long sigmaBytes = 0;
    for (LayerGeometry g : layers) {
      maps += bytesPerImage(g);
      sigmaBytes += 4L * g.size();
    }
    long progress = 2L * PROGRESS_BYTES_PER_IMAGE * (images.size() + more);
    return more * maps + (hasSigma() ? 0 : sigmaBytes) + progress;
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
        AtomicFiles.writeFully(channels.get(i), buf, (long) k * buf.capacity());
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
      int left = Math.max(1, planned - (k - plannedFrom));
      String fix =
          DiskSpace.isFull(e)
              ? DiskSpace.shortage(dir, spaceFor(left), DiskSpace.usable(dir))
              : "free disk space (or give another --out) and run the same command again";
      throw new IllegalStateException(
          "Cannot write to feature store `"
              + dir
              + "` ("
              + (planned > 0 ? left + " images still to store" : "image " + k)
              + "): "
              + e
              + "; "
              + fix
              + ": it resumes after the last committed image",
          e);
    }
    images.add(image);
    nextSource = Math.max(nextSource, image.source() + 1);
  }

  /** Records that dataset image {@code source} was skipped for {@code reason}. */
  public void skip(int source, String reason) {
    skipped.add(reason);
    skippedSources.add(source);
    nextSource = Math.max(nextSource, source + 1);
  }

  /**
   * Makes everything appended so far durable and visible to readers. On a disk too full for the new
   * progress file, the newest uncommitted images are given back (their maps cut off) until it fits,
   * the rest is committed, and the full disk is reported: the next run redoes them.
   *
   * @throws IllegalStateException the disk is full (after committing what fits), or the sync failed
   */
  public void commit() {
    try {
      for (FileChannel ch : channels) {
        ch.force(false);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot sync feature store `" + dir + "`: " + e, e);
    }
    Path file = dir.resolve(StoreFiles.PROGRESS);
    byte[] bytes = progressBytes();
    int givenBack = 0;
    while (images.size() > committed
        && DiskSpace.usable(dir) >= 0
        && DiskSpace.usable(dir) < DiskSpace.allocated(dir, bytes.length)) {
      dropLastImage();
      givenBack++;
      bytes = progressBytes();
    }
    StoreFiles.replaceAtomically(file, bytes);
    committed = images.size();
    committedSkipped = skipped.size();
    committedNextSource = nextSource;
    if (givenBack > 0) {
      throw new IllegalStateException(
          "Feature store `"
              + dir
              + "`: the disk is full; "
              + committed
              + " images are committed, the last "
              + givenBack
              + " were given back to make room for "
              + StoreFiles.PROGRESS
              + "; "
              + DiskSpace.shortage(dir, spaceFor(Math.max(1, planned)), DiskSpace.usable(dir))
              + ": it resumes after the last committed image");
    }
  }

  private byte[] progressBytes() {
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
    return StoreFiles.propertiesBytes(p, "xgraph feature store progress");
  }

  /**
   * Gives back the newest uncommitted image: its maps are cut off, the dataset is resumed at its
   * source, and files skipped after it are forgotten (they are met again).
   */
  private void dropLastImage() {
    StoredImage last = images.remove(images.size() - 1);
    nextSource = last.source();
    for (int j = skipped.size() - 1; j >= committedSkipped; j--) {
      if (skippedSources.get(j) >= nextSource) {
        skipped.remove(j);
        skippedSources.remove(j);
      }
    }
    for (int i = 0; i < layers.size(); i++) {
      try {
        channels.get(i).truncate((long) images.size() * bytesPerImage(layers.get(i)));
      } catch (IOException e) {
        throw new IllegalStateException("Cannot cut feature store `" + dir + "`: " + e, e);
      }
    }
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
