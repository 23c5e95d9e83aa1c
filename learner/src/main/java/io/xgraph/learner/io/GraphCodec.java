package io.xgraph.learner.io;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A compact binary file format for {@link ExplanatoryGraph} and single {@link GraphLayer}s
 * (checkpoints): gzip over {@link DataOutputStream} fields, magic {@code XGRAPH} and a version.
 * Pattern ids, parent ids and image ids are kept as they are; image ids of top images are written
 * as indices into a string table. Files are written completely or not at all ({@link AtomicFiles}),
 * so no half-written file is left behind.
 */
public final class GraphCodec {

  private static final String MAGIC_GRAPH = "XGRAPH-GRAPH";
  private static final String MAGIC_LAYER = "XGRAPH-LAYER";
  // 2: graphs of the release-faithful learner (LearnerParameters.LEARNER_VERSION 2); version 1
  // files hold the first learner's graphs, whose positions and scores mean something else
  private static final int VERSION = 2;

  private GraphCodec() {}

  /** Writes a graph to {@code file} (atomically). */
  public static void write(ExplanatoryGraph graph, Path file) {
    atomicWrite(
        file,
        out -> {
          out.writeUTF(MAGIC_GRAPH);
          out.writeInt(VERSION);
          out.writeUTF(graph.modelName());
          out.writeUTF(graph.modelSha256());
          writeParameters(out, graph.parameters());
          out.writeInt(graph.trainingImageIds().size());
          for (String id : graph.trainingImageIds()) {
            out.writeUTF(id);
          }
          out.writeInt(graph.layers().size());
          for (GraphLayer l : graph.layers()) {
            writeLayer(out, l);
          }
        });
  }

  /** Reads a graph written by {@link #write(ExplanatoryGraph, Path)}. */
  public static ExplanatoryGraph read(Path file) {
    try (DataInputStream in = open(file)) {
      expectMagic(in, MAGIC_GRAPH, file);
      String model = in.readUTF();
      String sha = in.readUTF();
      Map<String, Object> params = readParameters(in);
      int n = in.readInt();
      List<String> ids = new ArrayList<>(n);
      for (int k = 0; k < n; k++) {
        ids.add(in.readUTF());
      }
      int layers = in.readInt();
      List<GraphLayer> out = new ArrayList<>(layers);
      for (int k = 0; k < layers; k++) {
        out.add(readLayer(in));
      }
      expectEnd(in);
      return new ExplanatoryGraph(model, sha, out, params, ids);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot read graph file "
              + file
              + ": "
              + e.getMessage()
              + " (the file is truncated or damaged); learn the graph again (xgraph learn --out)",
          e);
    }
  }

  /** Writes one layer with a run key (checkpoint). */
  public static void writeLayer(GraphLayer layer, String runKey, Path file) {
    atomicWrite(
        file,
        out -> {
          out.writeUTF(MAGIC_LAYER);
          out.writeInt(VERSION);
          out.writeUTF(runKey);
          writeLayer(out, layer);
        });
  }

  /** The run key of a layer file. */
  public static String readLayerRunKey(Path file) {
    try (DataInputStream in = open(file)) {
      String m = in.readUTF();
      int v = in.readInt();
      if (!MAGIC_LAYER.equals(m)) {
        throw new IllegalArgumentException(
            "File " + file + " is not a " + MAGIC_LAYER + " file (found " + m + " v" + v + ")");
      }
      // a checkpoint of another learner version belongs to no run of this one
      return v == VERSION ? in.readUTF() : "";
    } catch (IOException e) {
      throw damagedLayer(file, e);
    }
  }

  /** Reads a layer written by {@link #writeLayer(GraphLayer, String, Path)}. */
  public static GraphLayer readLayer(Path file) {
    try (DataInputStream in = open(file)) {
      expectMagic(in, MAGIC_LAYER, file);
      in.readUTF();
      GraphLayer layer = readLayer(in);
      expectEnd(in);
      return layer;
    } catch (IOException e) {
      throw damagedLayer(file, e);
    }
  }

  private static IllegalStateException damagedLayer(Path file, IOException e) {
    return new IllegalStateException(
        "Cannot read layer file "
            + file
            + ": "
            + e.getMessage()
            + " (the file is truncated or damaged); delete it and run the same learn command again:"
            + " it learns that layer again",
        e);
  }

  private interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  /** Completely or not at all, with a full disk named (see {@link AtomicFiles}). */
  private static void atomicWrite(Path file, Body body) {
    AtomicFiles.write(
        file,
        os -> {
          try (DataOutputStream out =
              new DataOutputStream(
                  new BufferedOutputStream(new GZIPOutputStream(os, 1 << 16), 1 << 16))) {
            body.write(out);
          }
        });
  }

  private static DataInputStream open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "Graph file " + file + " does not exist: pass the file written by `xgraph learn --out`");
    }
    InputStream is = Files.newInputStream(file);
    return new DataInputStream(new BufferedInputStream(new GZIPInputStream(is, 1 << 16), 1 << 16));
  }

  /**
   * Reads to the end of the gzip stream, which checks its trailer (CRC and length): a file cut
   * short after its last field would otherwise read as whole.
   */
  private static void expectEnd(DataInputStream in) throws IOException {
    if (in.read() != -1) {
      throw new IOException("unexpected bytes after the end of the data");
    }
  }

  private static void expectMagic(DataInputStream in, String magic, Path file) throws IOException {
    String m = in.readUTF();
    int v = in.readInt();
    if (magic.equals(m) && v == 1) {
      throw new IllegalArgumentException(
          "File "
              + file
              + " was written by xgraph's first learner (format v1), whose positions, scores and"
              + " deformations this version does not read: re-learn it from its feature store with"
              + " `xgraph learn --features DIR --out FILE`");
    }
    if (!magic.equals(m) || v != VERSION) {
      throw new IllegalArgumentException(
          "File "
              + file
              + " is not a "
              + magic
              + " v"
              + VERSION
              + " file (found "
              + m
              + " v"
              + v
              + ")");
    }
  }

  private static void writeLayer(DataOutputStream out, GraphLayer l) throws IOException {
    LayerGeometry g = l.geometry();
    out.writeUTF(g.name());
    out.writeInt(g.index());
    out.writeInt(g.channels());
    out.writeInt(g.height());
    out.writeInt(g.width());
    out.writeDouble(g.stride());
    out.writeDouble(g.firstCenter());
    out.writeDouble(g.receptiveField());
    out.writeInt(g.inputSize());
    out.writeInt(l.negativeSigma().length);
    for (float f : l.negativeSigma()) {
      out.writeFloat(f);
    }
    out.writeDouble(l.scoreScale());
    // string table of image ids used by top images
    Map<String, Integer> table = new LinkedHashMap<>();
    for (Pattern p : l.patterns()) {
      for (Firing f : p.topImages()) {
        table.putIfAbsent(f.imageId(), table.size());
      }
    }
    out.writeInt(table.size());
    for (String id : table.keySet()) {
      out.writeUTF(id);
    }
    out.writeInt(l.patterns().size());
    for (Pattern p : l.patterns()) {
      out.writeInt(p.id());
      out.writeInt(p.layer());
      out.writeInt(p.channel());
      out.writeInt(p.slot());
      out.writeDouble(p.muX());
      out.writeDouble(p.muY());
      out.writeDouble(p.sigma());
      out.writeDouble(p.meanScore());
      out.writeShort(p.parents().size());
      for (ParentLink e : p.parents()) {
        out.writeInt(e.parentId());
        out.writeDouble(e.dx());
        out.writeDouble(e.dy());
        out.writeDouble(e.parentSigma());
        out.writeDouble(e.coactivation());
      }
      out.writeShort(p.topImages().size());
      for (Firing f : p.topImages()) {
        out.writeInt(table.get(f.imageId()));
        out.writeDouble(f.x());
        out.writeDouble(f.y());
        out.writeDouble(f.score());
      }
    }
  }

  private static GraphLayer readLayer(DataInputStream in) throws IOException {
    LayerGeometry g =
        new LayerGeometry(
            in.readUTF(),
            in.readInt(),
            in.readInt(),
            in.readInt(),
            in.readInt(),
            in.readDouble(),
            in.readDouble(),
            in.readDouble(),
            in.readInt());
    float[] sigma = new float[in.readInt()];
    for (int k = 0; k < sigma.length; k++) {
      sigma[k] = in.readFloat();
    }
    double scale = in.readDouble();
    String[] table = new String[in.readInt()];
    for (int k = 0; k < table.length; k++) {
      table[k] = in.readUTF();
    }
    int n = in.readInt();
    List<Pattern> patterns = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      int id = in.readInt();
      int layer = in.readInt();
      int channel = in.readInt();
      int slot = in.readInt();
      double muX = in.readDouble();
      double muY = in.readDouble();
      double sig = in.readDouble();
      double mean = in.readDouble();
      int np = in.readShort();
      List<ParentLink> links = new ArrayList<>(np);
      for (int j = 0; j < np; j++) {
        links.add(
            new ParentLink(
                in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()));
      }
      int nt = in.readShort();
      List<Firing> top = new ArrayList<>(nt);
      for (int j = 0; j < nt; j++) {
        top.add(new Firing(table[in.readInt()], in.readDouble(), in.readDouble(), in.readDouble()));
      }
      patterns.add(new Pattern(id, layer, channel, slot, muX, muY, sig, mean, links, top));
    }
    return new GraphLayer(g, sigma, scale, patterns);
  }

  private static void writeParameters(DataOutputStream out, Map<String, Object> params)
      throws IOException {
    out.writeInt(params.size());
    for (Map.Entry<String, Object> e : params.entrySet()) {
      out.writeUTF(e.getKey());
      writeValue(out, e.getValue(), e.getKey());
    }
  }

  private static void writeValue(DataOutputStream out, Object v, String key) throws IOException {
    if (v instanceof Integer i) {
      out.writeByte('i');
      out.writeInt(i);
    } else if (v instanceof Long l) {
      out.writeByte('l');
      out.writeLong(l);
    } else if (v instanceof Number d) {
      out.writeByte('d');
      out.writeDouble(d.doubleValue());
    } else if (v instanceof Boolean b) {
      out.writeByte('b');
      out.writeBoolean(b);
    } else if (v instanceof String s) {
      out.writeByte('s');
      out.writeUTF(s);
    } else if (v instanceof List<?> list) {
      out.writeByte('L');
      out.writeInt(list.size());
      for (Object o : list) {
        writeValue(out, o, key);
      }
    } else {
      throw new IllegalArgumentException(
          "Parameter `" + key + "` has value `" + v + "` of a type the graph file cannot hold");
    }
  }

  private static Map<String, Object> readParameters(DataInputStream in) throws IOException {
    int n = in.readInt();
    Map<String, Object> m = new LinkedHashMap<>();
    for (int k = 0; k < n; k++) {
      String key = in.readUTF();
      m.put(key, readValue(in));
    }
    return m;
  }

  private static Object readValue(DataInputStream in) throws IOException {
    int t = in.readByte();
    return switch (t) {
      case 'i' -> in.readInt();
      case 'l' -> in.readLong();
      case 'd' -> in.readDouble();
      case 'b' -> in.readBoolean();
      case 's' -> in.readUTF();
      case 'L' -> {
        int n = in.readInt();
        List<Object> list = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
          list.add(readValue(in));
        }
        yield List.copyOf(list);
      }
      default -> throw new IOException("unknown parameter value tag " + t);
    };
  }
}
