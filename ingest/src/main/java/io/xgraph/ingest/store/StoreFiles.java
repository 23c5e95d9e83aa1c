package io.xgraph.ingest.store;

import io.xgraph.learner.data.LayerGeometry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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

  /** Writes bytes to a temp file, syncs it, then renames it over {@code target} atomically. */
  static void replaceAtomically(Path target, byte[] bytes) {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try {
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(java.nio.ByteBuffer.wrap(bytes));
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // The temp file is overwritten by the next attempt anyway.
      }
      throw new IllegalStateException(
          "Cannot write `"
              + target
              + "`: "
              + e
              + "; the previous version of the file is unchanged: free disk space and run the"
              + " same command again",
          e);
    }
  }

  static void storeProperties(Path target, Properties p, String comment) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (OutputStream out = bytes) {
      // Sorted keys keep the file diffable.
      Properties sorted =
          new Properties() {
            @Override
            public synchronized java.util.Set<java.util.Map.Entry<Object, Object>> entrySet() {
              java.util.TreeMap<Object, Object> map = new java.util.TreeMap<>();
              for (String k : p.stringPropertyNames()) {
                map.put(k, p.getProperty(k));
              }
              return java.util.Collections.synchronizedSet(
                  new java.util.LinkedHashSet<>(map.entrySet()));
            }
          };
      sorted.putAll(p);
      sorted.store(out, comment);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    replaceAtomically(target, bytes.toByteArray());
  }

  static Properties loadProperties(Path file) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read feature store file `" + file + "`: " + e, e);
    }
    return p;
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

  static List<LayerGeometry> layers(Properties p) {
    int n = Integer.parseInt(p.getProperty("layers.count"));
    List<LayerGeometry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String k = "layer." + i + ".";
      out.add(
          new LayerGeometry(
              p.getProperty(k + "name"),
              i,
              Integer.parseInt(p.getProperty(k + "channels")),
              Integer.parseInt(p.getProperty(k + "height")),
              Integer.parseInt(p.getProperty(k + "width")),
              Double.parseDouble(p.getProperty(k + "stride")),
              Double.parseDouble(p.getProperty(k + "firstCenter")),
              Double.parseDouble(p.getProperty(k + "receptiveField")),
              Integer.parseInt(p.getProperty(k + "inputSize"))));
    }
    return out;
  }
}
