package io.xgraph.cypher.query;

import io.xgraph.cypher.XgraphSettings;
import io.xgraph.cypher.config.ConfigReader;
import io.xgraph.cypher.results.NearResult;
import io.xgraph.cypher.results.PatchResult;
import io.xgraph.cypher.results.PatternResult;
import io.xgraph.cypher.results.TopImageResult;
import io.xgraph.store.server.PatternPatches;
import io.xgraph.store.server.ServedSites;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.Transaction;

/**
 * Facade of {@code xg.pattern.lookup}, {@code xg.pattern.near} and {@code xg.pattern.topImages}.
 */
public final class PatternQueries {

  /** Largest k of topImages (the learner keeps 20 top images per pattern by default). */
  public static final long MAX_K = 1_000;

  static final RelationshipType FIRES_ON = RelationshipType.withName("FIRES_ON");
  static final RelationshipType HAS_LAYER = RelationshipType.withName("HAS_LAYER");
  static final RelationshipType HAS_PATTERN = RelationshipType.withName("HAS_PATTERN");

  private PatternQueries() {}

  /** Filtered, ordered, paged patterns of a model. */
  public static Stream<PatternResult> lookup(
      GraphDatabaseService db, Transaction tx, String model, Map<String, Object> configuration) {
    ConfigReader c = new ConfigReader("xg.pattern.lookup", configuration);
    ModelRef ref = Catalog.model(db, tx, model);
    PatternTable t = PatternTable.of(tx, ref);
    PatternLookup q = PatternLookup.parse(c, ref.name(), t);
    PatternLookup.Page page = q.select(t);
    return page.rows().stream()
        .map(
            r ->
                new PatternResult(
                    t.key(r),
                    t.id(r),
                    t.layerName(t.layer(r)),
                    t.layer(r),
                    t.channel(r),
                    t.slot(r),
                    t.muX(r),
                    t.muY(r),
                    t.sigma(r),
                    t.meanScore(r),
                    tx.findNode(Catalog.PATTERN, "key", t.key(r)),
                    page.total()));
  }

  /** Patterns whose prior position is near (x, y), per layer. */
  public static Stream<NearResult> near(
      GraphDatabaseService db,
      Transaction tx,
      String model,
      Double x,
      Double y,
      Map<String, Object> configuration) {
    ConfigReader c = new ConfigReader("xg.pattern.near", configuration);
    ModelRef ref = Catalog.model(db, tx, model);
    PatternTable t = PatternTable.of(tx, ref);
    NearQuery q = NearQuery.parse(c, ref.name(), t, x, y);
    return q.select(t).stream()
        .map(
            h -> {
              int r = h.row();
              return new NearResult(
                  t.key(r),
                  t.id(r),
                  t.layerName(t.layer(r)),
                  t.layer(r),
                  h.rank(),
                  h.distance(),
                  t.channel(r),
                  t.muX(r),
                  t.muY(r),
                  t.sigma(r),
                  t.meanScore(r),
                  tx.findNode(Catalog.PATTERN, "key", t.key(r)));
            });
  }

  /** The images where a pattern fires strongest, best first. */
  public static Stream<TopImageResult> topImages(
      Transaction tx, String patternKey, Long k, Map<String, Object> configuration) {
    ConfigReader c = new ConfigReader("xg.pattern.topImages", configuration);
    double minScore = c.number("minScore", Double.NEGATIVE_INFINITY, -1e12, 1e12);
    c.done();
    if (k == null) {
      throw new IllegalArgumentException(
          "Argument `k` was null, but must be an integer within the range [1, "
              + MAX_K
              + "]; leave it out for the default (10).");
    }
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException(
          "Argument `k` was `" + k + "`, but must be within the range [1, " + MAX_K + "].");
    }
    Node pattern = patternNode(tx, patternKey);
    Node layer = layerOf(pattern);
    double rf = ((Number) layer.getProperty("receptiveField")).doubleValue();
    int inputSize = ((Number) layer.getProperty("inputSize")).intValue();
    List<Relationship> firings = new ArrayList<>();
    for (Relationship f : pattern.getRelationships(Direction.OUTGOING, FIRES_ON)) {
      if (((Number) f.getProperty("score")).doubleValue() >= minScore) {
        firings.add(f);
      }
    }
    firings.sort(
        (a, b) ->
            Long.compare(
                ((Number) a.getProperty("rank")).longValue(),
                ((Number) b.getProperty("rank")).longValue()));
    List<TopImageResult> out = new ArrayList<>();
    for (Relationship f : firings.subList(0, (int) Math.min(k, firings.size()))) {
      Node image = f.getEndNode();
      double x = ((Number) f.getProperty("x")).doubleValue();
      double y = ((Number) f.getProperty("y")).doubleValue();
      List<Double> crop = CropBox.onInput(x, y, rf, inputSize);
      double[] box = objectBox(image);
      out.add(
          new TopImageResult(
              patternKey,
              ((Number) f.getProperty("rank")).longValue(),
              (String) image.getProperty("id"),
              x,
              y,
              ((Number) f.getProperty("score")).doubleValue(),
              crop,
              image.getProperty("path", null) instanceof String p ? p : null,
              box == null ? null : CropBox.onOriginal(crop, box, inputSize),
              image));
    }
    return out.stream();
  }

  /** The PNG patch of a pattern's top image of {@code rank}, with its served URL if any. */
  public static PatchResult patch(
      GraphDatabaseService db,
      Transaction tx,
      String patternKey,
      Long rank,
      Map<String, Object> configuration) {
    new ConfigReader("xg.pattern.patch", configuration).done();
    if (rank == null || rank < 0) {
      throw new IllegalArgumentException(
          "Argument `rank` was `"
              + rank
              + "`, but must be an integer >= 0 (0 = strongest, as in xg.pattern.topImages).");
    }
    patternNode(tx, patternKey); // the one clear message for an unknown key
    Path root =
        XgraphSettings.imageRoot(db)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "No image folder is configured: set `"
                            + XgraphSettings.IMAGE_ROOT_NAME
                            + "` in neo4j.conf (xgraph serve: --image-root DIR)."));
    PatternPatches.Patch p = PatternPatches.patch(tx, root, patternKey, rank);
    String url = ServedSites.serving(db).map(s -> s.patchUrl(patternKey, rank)).orElse(null);
    return new PatchResult(patternKey, rank, p.imageId(), p.png(), url);
  }

  /**
   * The current Pattern node of a key.
   *
   * @throws IllegalArgumentException naming the key and saying how to find keys
   */
  static Node patternNode(Transaction tx, String key) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException(
          "Argument `patternKey` was "
              + (key == null ? "null" : "empty")
              + "; give a pattern key '<model>:<id>', as returned by xg.pattern.lookup(model).");
    }
    Node p = key == null ? null : tx.findNode(Catalog.PATTERN, "key", key);
    if (p != null) {
      return p;
    }
    int colon = key == null ? -1 : key.lastIndexOf(':');
    String model = colon > 0 ? key.substring(0, colon) : null;
    String why;
    if (model != null && tx.findNode(Catalog.MODEL, "name", model) != null) {
      why =
          "model `"
              + model
              + "` has no such pattern; find keys with CALL xg.pattern.lookup('"
              + model
              + "')";
    } else {
      why =
          "keys look like '<model>:<id>' with a stored model, one of "
              + Catalog.modelNames(tx)
              + "; find keys with CALL xg.pattern.lookup(model)";
    }
    throw new IllegalArgumentException("Pattern `" + key + "` does not exist: " + why + ".");
  }

  static Node layerOf(Node pattern) {
    for (Relationship r : pattern.getRelationships(Direction.INCOMING, HAS_PATTERN)) {
      return r.getStartNode();
    }
    throw new IllegalStateException(
        "Pattern `" + pattern.getProperty("key") + "` has no layer: the stored graph is damaged");
  }

  /** Image.box as [x, y, w, h] when present and well formed, else null. */
  static double[] objectBox(Node image) {
    Object b = image.getProperty("box", null);
    double[] box = null;
    if (b instanceof double[] d) {
      box = d;
    } else if (b instanceof long[] l) {
      box = new double[l.length];
      for (int i = 0; i < l.length; i++) {
        box[i] = l[i];
      }
    } else if (b instanceof float[] f) {
      box = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        box[i] = f[i];
      }
    } else if (b instanceof int[] n) {
      box = new double[n.length];
      for (int i = 0; i < n.length; i++) {
        box[i] = n[i];
      }
    }
    return box != null && box.length == 4 && box[2] > 0 && box[3] > 0 ? box : null;
  }
}
