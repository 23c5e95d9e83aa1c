package io.xgraph.cypher.procedures.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xgraph.cypher.XgraphSettings;
import io.xgraph.cypher.testing.BirdFixture;
import io.xgraph.cypher.testing.Harness;
import io.xgraph.ingest.SharedData;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.harness.Neo4j;

/**
 * The one Neo4j harness the bad-input test classes share: the xg procedures over the real
 * SqueezeNet folder, an image root holding a real bird ({@code bird.jpg}), an empty file ({@code
 * empty.jpg}) and a PNG whose header declares 20000x20000 pixels ({@code huge.png}), and a small
 * stored graph {@link #MODEL} on SqueezeNet's real layers ({@link BirdFixture#realGeometryGraph}).
 *
 * <p>Starting it and storing the graph takes about half a minute, so it is started once per test
 * run: the test classes extend {@link WithBadInputServer}, whose {@code BadInputServer} parameter
 * {@link Shared} resolves, and JUnit closes it when the run ends. Every test leaves the stored
 * graph as it found it, checked by {@link #assertUnchanged} against the fingerprint taken at start.
 */
final class BadInputServer implements ExtensionContext.Store.CloseableResource {

  static final String MODEL = "tiny-bird";

  /** The exact message of every procedure asked about the unknown model `nope`. */
  static final String NO_MODEL_NOPE =
      "Model `nope` does not exist; stored models: ["
          + MODEL
          + "]. List them with CALL xg.model.list().";

  final Path imageRoot;
  final Neo4j neo4j;
  final GraphDatabaseService db;
  private final Path tmp;
  private final String before;

  private BadInputServer(Path tmp) throws IOException {
    this.tmp = tmp;
    imageRoot = Files.createDirectories(tmp.resolve("images"));
    Path cub = SharedData.cubDev(SharedData.locate(null));
    String rel = Files.readAllLines(cub.resolve("images.txt")).get(0).split(" ")[1];
    Files.copy(cub.resolve("images").resolve(rel), imageRoot.resolve("bird.jpg"));
    Files.write(imageRoot.resolve("huge.png"), hugePng(20000, 20000));
    Files.createFile(imageRoot.resolve("empty.jpg"));
    neo4j =
        Harness.start(
            true,
            b ->
                b.withConfig(XgraphSettings.IMAGE_ROOT, imageRoot.toString())
                    .withConfig(
                        XgraphSettings.MODEL_ROOT,
                        SharedData.model(SharedData.locate(null), "squeezenet")
                            .getParent()
                            .toString()));
    db = neo4j.defaultDatabaseService();
    ExplanatoryGraph graph = BirdFixture.realGeometryGraph(MODEL, 1.0);
    try (GraphStore store = GraphStores.embedded(db, "bad input test", true)) {
      store.write(graph, BirdFixture.modelFileProvenance("bad input test"));
    }
    before = fingerprint();
  }

  /** Resolves a {@code BadInputServer} parameter to the run's one server, started on first use. */
  static final class Shared implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
        ExtensionContext.Namespace.create(BadInputServer.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == BadInputServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      // The root store outlives every test class and closes the server when the run ends.
      return context
          .getRoot()
          .getStore(NAMESPACE)
          .getOrComputeIfAbsent(BadInputServer.class, k -> start(), BadInputServer.class);
    }

    private static BadInputServer start() {
      try {
        return new BadInputServer(Files.createTempDirectory("xgraph-bad-input"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public void close() throws IOException {
    neo4j.close();
    try (Stream<Path> files = Files.walk(tmp)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Fails unless the stored graph is, node by node and relationship by relationship, as stored. */
  void assertUnchanged() {
    assertEquals(before, fingerprint());
  }

  /** {@link #assertUnchanged()} naming what changed it. */
  void assertUnchanged(String message) {
    assertEquals(before, fingerprint(), message);
  }

  /** Every node and relationship with labels/type and properties, in a canonical text form. */
  String fingerprint() {
    List<Map<String, Object>> rows =
        Harness.rows(
            db,
            "MATCH (n) OPTIONAL MATCH (n)-[r]->(m) RETURN elementId(n) AS n, labels(n) AS labels,"
                + " properties(n) AS p, type(r) AS t, properties(r) AS rp, elementId(m) AS m"
                + " ORDER BY n, t, m",
            Map.of());
    StringBuilder sb = new StringBuilder();
    for (Map<String, Object> r : rows) {
      sb.append(r.get("n"))
          .append(r.get("labels"))
          .append(canonical(r.get("p")))
          .append(r.get("t"))
          .append(canonical(r.get("rp")))
          .append(r.get("m"))
          .append('\n');
    }
    return sb.toString();
  }

  private static String canonical(Object props) {
    if (props == null) {
      return "-";
    }
    Map<String, String> out = new TreeMap<>();
    ((Map<?, ?>) props)
        .forEach(
            (k, v) -> {
              String s;
              if (v instanceof double[] d) {
                s = Arrays.toString(d);
              } else if (v instanceof float[] f) {
                s = Arrays.toString(f);
              } else if (v instanceof long[] l) {
                s = Arrays.toString(l);
              } else if (v instanceof String[] a) {
                s = Arrays.toString(a);
              } else {
                s = String.valueOf(v);
              }
              out.put(String.valueOf(k), s);
            });
    return out.toString();
  }

  /** A valid PNG stream whose header declares {@code w x h} RGB pixels, with one short row. */
  private static byte[] hugePng(int w, int h) {
    ByteBuffer b = ByteBuffer.allocate(256);
    b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a});
    chunk(
        b,
        "IHDR",
        ByteBuffer.allocate(13).putInt(w).putInt(h).put(new byte[] {8, 2, 0, 0, 0}).array());
    Deflater d = new Deflater();
    d.setInput(new byte[16]);
    d.finish();
    byte[] z = new byte[64];
    int n = d.deflate(z);
    chunk(b, "IDAT", Arrays.copyOf(z, n));
    chunk(b, "IEND", new byte[0]);
    return Arrays.copyOf(b.array(), b.position());
  }

  private static void chunk(ByteBuffer out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    if (out.remaining() < 12 + data.length) {
      throw new IllegalStateException("buffer too small for " + type);
    }
    out.putInt(data.length).put(t).put(data).putInt((int) crc.getValue());
  }
}
