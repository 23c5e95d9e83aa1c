package io.xgraph.ingest.store;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** File names of a feature store and atomic replacement of its small files. */
final class StoreFiles {

  static final String FORMAT = "xgraph-features/1";
  static final String MANIFEST = "manifest.properties";
  static final String PROGRESS = "progress.properties";
  static final String SIGMA = "negative-sigma.f32";

  /** Manifest keys with this prefix are statistics, not identity: they may differ on resume. */
  static final String STATS_PREFIX = "stats.";

  private StoreFiles() {}

  static String layerFile(int layer) {
    return "layer-" + layer + ".f16";
  }

  /**
   * Writes {@code bytes} over {@code target} completely or not at all ({@link AtomicFiles}: space
   * check, every byte written, synced, renamed atomically); a full disk is named with the space
   * needed and the previous version stays.
   */
  static void replaceAtomically(Path target, byte[] bytes) {
    AtomicFiles.write(target, bytes);
  }

  /**
   * Key holding the number of keys of the file, itself included: a file cut short anywhere but in
   * its trailing newline lacks a key or a value. Files without it (older xgraph) are read as they
   * are.
   */
  static final String ENTRIES = "entries";

  /** Writes {@code p} with sorted keys and the {@link #ENTRIES} count, completely or not at all. */
  static void storeProperties(Path target, Properties p, String comment) {
    replaceAtomically(target, propertiesBytes(p, comment));
  }

  static byte[] propertiesBytes(Properties p, String comment) {
    java.util.TreeMap<Object, Object> all = new java.util.TreeMap<>();
    for (String k : p.stringPropertyNames()) {
      all.put(k, p.getProperty(k));
    }
    all.put(ENTRIES, Integer.toString(all.size() + (all.containsKey(ENTRIES) ? 0 : 1)));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (OutputStream out = bytes) {
      // Sorted keys keep the file diffable.
      Properties sorted =
          new Properties() {
            @Override
            public synchronized java.util.Set<java.util.Map.Entry<Object, Object>> entrySet() {
              return java.util.Collections.synchronizedSet(
                  new java.util.LinkedHashSet<>(all.entrySet()));
            }
          };
      sorted.putAll(all);
      sorted.store(out, comment);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The properties of {@code file} (without {@link #ENTRIES}, which is checked). */
  static Properties loadProperties(Path file) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "Cannot read feature store file `" + file + "`: " + e + "; " + fix(file), e);
    }
    if (p.containsKey(ENTRIES)) {
      int entries = requiredInt(p, ENTRIES, file);
      if (entries != p.size()) {
        throw damaged(file, p.size() + " keys where it was written with " + entries);
      }
      p.remove(ENTRIES);
    }
    return p;
  }

  /** The fix of a damaged file of the store holding {@code file}. */
  private static String fix(Path file) {
    return "delete the store `"
        + file.toAbsolutePath().getParent()
        + "` and run the same `xgraph ingest` again";
  }

  /**
   * A file of the store that is not what the writer wrote (a key missing or a value that does not
   * parse): cut short by an older xgraph on a full disk, or edited.
   */
  static IllegalStateException damaged(Path file, String what) {
    return new IllegalStateException(
        "Feature store file `"
            + file
            + "` is damaged ("
            + what
            + "; truncated by a full disk or edited): "
            + fix(file));
  }

  /** The value of {@code key}, which must be there. */
  static String required(Properties p, String key, Path file) {
    String v = p.getProperty(key);
    if (v == null) {
      throw damaged(file, "no value for `" + key + "`");
    }
    return v;
  }

  static int requiredInt(Properties p, String key, Path file) {
    String v = required(p, key, file);
    try {
      int n = Integer.parseInt(v);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw damaged(file, "`" + key + "` is `" + v + "`, not a count");
    }
  }

  static double requiredDouble(Properties p, String key, Path file) {
    String v = required(p, key, file);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw damaged(file, "`" + key + "` is `" + v + "`, not a number");
    }
  }

  /**
   * What progress.properties says: committed images and skipped files (all empty when the file is
   * absent: nothing committed yet).
   */
  record Progress(int nextSource, List<StoredImage> images, List<String> skipped) {

    static Progress read(Path dir) {
      Path file = dir.resolve(PROGRESS);
      if (!Files.isRegularFile(file)) {
        return new Progress(0, List.of(), List.of());
      }
      Properties p = loadProperties(file);
      int committed = requiredInt(p, "committed", file);
      List<StoredImage> images = new ArrayList<>(committed);
      for (int k = 0; k < committed; k++) {
        images.add(StoredImage.get(p, k, file));
      }
      int skippedCount = p.containsKey("skipped.count") ? requiredInt(p, "skipped.count", file) : 0;
      List<String> skipped = new ArrayList<>(skippedCount);
      for (int j = 0; j < skippedCount; j++) {
        skipped.add(required(p, "skipped." + j, file));
      }
      if (p.containsKey("skipped." + skippedCount)) {
        throw damaged(
            file, "`skipped.count` is " + skippedCount + " but more skipped files follow");
      }
      int nextSource = p.containsKey("nextSource") ? requiredInt(p, "nextSource", file) : 0;
      return new Progress(nextSource, List.copyOf(images), List.copyOf(skipped));
    }
  }

  static void putLayers(Properties p, List<LayerGeometry> layers, List<List<String>> sources) {
    p.setProperty("layers.count", Integer.toString(layers.size()));
    for (LayerGeometry g : layers) {
      String k = "layer." + g.index() + ".";
      p.setProperty(k + "name", g.name());
      p.setProperty(k + "channels", Integer.toString(g.channels()));
      p.setProperty(k + "height", Integer.toString(g.height()));
      p.setProperty(k + "width", Integer.toString(g.width()));
      p.setProperty(k + "stride", Double.toString(g.stride()));
      p.setProperty(k + "firstCenter", Double.toString(g.firstCenter()));
      p.setProperty(k + "receptiveField", Double.toString(g.receptiveField()));
      p.setProperty(k + "inputSize", Integer.toString(g.inputSize()));
      p.setProperty(k + "sources", String.join(",", sources.get(g.index())));
    }
  }

  static List<LayerGeometry> layers(Properties p, Path file) {
    int n = requiredInt(p, "layers.count", file);
    List<LayerGeometry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String k = "layer." + i + ".";
      out.add(
          new LayerGeometry(
              required(p, k + "name", file),
              i,
              requiredInt(p, k + "channels", file),
              requiredInt(p, k + "height", file),
              requiredInt(p, k + "width", file),
              requiredDouble(p, k + "stride", file),
              requiredDouble(p, k + "firstCenter", file),
              requiredDouble(p, k + "receptiveField", file),
              requiredInt(p, k + "inputSize", file)));
    }
    return out;
  }
}
