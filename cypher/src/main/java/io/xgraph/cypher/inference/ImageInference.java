package io.xgraph.cypher.inference;

import io.xgraph.cypher.XgraphSettings;
import io.xgraph.cypher.config.ConfigReader;
import io.xgraph.cypher.query.Catalog;
import io.xgraph.cypher.query.CropBox;
import io.xgraph.cypher.query.ModelRef;
import io.xgraph.cypher.results.InferredPatternResult;
import io.xgraph.ingest.image.Box;
import io.xgraph.learner.em.InferenceResult;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.internal.CypherGraphStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.Transaction;

/**
 * Facade of {@code xg.image.infer} and {@code xg.image.inferAndStore}: checks the path, runs the
 * model's CNN and graph on the image, and optionally writes the result.
 */
public final class ImageInference {

  /**
   * Relationship written by {@code xg.image.inferAndStore}: {@code (:Pattern)-[:INFERRED_ON {x, y,
   * score, fired, model, modelVersion}]->(:Image)}, with {@code mirrored: true} for the inference
   * of the left-right mirrored crop (configuration {@code mirrored: true}; positions on the
   * mirrored plane). Kept apart from FIRES_ON, which holds the training top images.
   */
  public static final RelationshipType INFERRED_ON = RelationshipType.withName("INFERRED_ON");

  private ImageInference() {}

  /** Property of an {@link #INFERRED_ON} of the mirrored crop (absent: the crop as is). */
  public static final String MIRRORED = "mirrored";

  /** Runs inference; writes the result when {@code write} (then {@code tx} must allow writes). */
  public static Stream<InferredPatternResult> infer(
      GraphDatabaseService db,
      Transaction tx,
      String model,
      String imagePath,
      Map<String, Object> configuration,
      boolean write) {
    String procedure = write ? "xg.image.inferAndStore" : "xg.image.infer";
    ConfigReader c = new ConfigReader(procedure, configuration);
    double[] b = c.numbers("box", 4, 0, "[x, y, w, h] of the object, original-image pixels");
    boolean onlyFired = c.flag("onlyFired", true);
    boolean mirrored = c.flag(MIRRORED, false);
    String imageId = write ? c.text("imageId", imagePath, java.util.Set.of()) : null;
    Object layerValue = c.raw("layer");
    c.done();
    if (b != null && (b[2] < 1 || b[3] < 1)) {
      throw new IllegalArgumentException(
          "Value for `box` was `"
              + List.of(b[0], b[1], b[2], b[3])
              + "`, but its width and height must be >= 1 pixel"
              + c.where()
              + ".");
    }
    ModelRef ref = Catalog.model(db, tx, model);
    Path image =
        ImagePaths.resolve(
            XgraphSettings.imageRoot(db), XgraphSettings.IMAGE_ROOT_NAME, imagePath, "image");
    Optional<Path> modelRoot = XgraphSettings.modelRoot(db);
    LoadedModel loaded = ModelCache.get(tx, ref, modelRoot);
    int layer = layerIndex(layerValue, loaded, c);
    Box box = b == null ? null : new Box(b[0], b[1], b[2], b[3]);
    InferenceResult result = loaded.infer(image, box, mirrored);
    List<InferredPatternResult> rows = new ArrayList<>();
    Node imageNode = write ? imageNode(tx, imageId, imagePath, b) : null;
    if (imageNode != null) {
      for (Relationship r : imageNode.getRelationships(Direction.INCOMING, INFERRED_ON)) {
        // Re-storing replaces this model's inference of the same orientation only.
        if (ref.name().equals(r.getProperty("model", null))
            && mirrored == Boolean.TRUE.equals(r.getProperty(MIRRORED, false))) {
          r.delete();
        }
      }
    }
    List<GraphLayer> layers = loaded.graph().layers();
    for (int l = 0; l < layers.size(); l++) {
      if (layer >= 0 && l != layer) {
        continue;
      }
      GraphLayer gl = layers.get(l);
      List<Pattern> ps = gl.patterns();
      for (int v = 0; v < ps.size(); v++) {
        boolean fired = result.fired(l, v);
        if (onlyFired && !fired) {
          continue;
        }
        Pattern p = ps.get(v);
        double x = result.x(l, v);
        double y = result.y(l, v);
        double score = result.score(l, v);
        String key = CypherGraphStore.patternKey(ref.name(), p.id());
        rows.add(
            new InferredPatternResult(
                key,
                p.id(),
                gl.geometry().name(),
                l,
                p.channel(),
                x,
                y,
                score,
                p.meanScore(),
                fired,
                CropBox.onInput(x, y, gl.geometry().receptiveField(), gl.geometry().inputSize()),
                imageId));
        if (imageNode != null) {
          Node pattern = tx.findNode(Catalog.PATTERN, "key", key);
          Relationship r = pattern.createRelationshipTo(imageNode, INFERRED_ON);
          r.setProperty("x", x);
          r.setProperty("y", y);
          r.setProperty("score", score);
          r.setProperty("fired", fired);
          r.setProperty("model", ref.name());
          r.setProperty("modelVersion", ref.version());
          if (mirrored) {
            r.setProperty(MIRRORED, true);
          }
        }
      }
    }
    return rows.stream();
  }

  private static int layerIndex(Object value, LoadedModel loaded, ConfigReader c) {
    if (value == null) {
      return -1;
    }
    List<String> names = loaded.layerNames();
    if (value instanceof String s && names.contains(s)) {
      return names.indexOf(s);
    }
    if ((value instanceof Long || value instanceof Integer)
        && ((Number) value).longValue() >= 0
        && ((Number) value).longValue() < names.size()) {
      return ((Number) value).intValue();
    }
    throw new IllegalArgumentException(
        "Value for `layer` was `"
            + value
            + "`, but must be one of the layer names "
            + names
            + " or an index in [0, "
            + (names.size() - 1)
            + "]"
            + c.where()
            + ".");
  }

  private static Node imageNode(Transaction tx, String id, String path, double[] box) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException(
          "Value for `imageId` is empty (in the configuration of xg.image.inferAndStore).");
    }
    // An existing Image (e.g. a training image with its own path and box) keeps its properties.
    Node n = Catalog.image(tx, id);
    if (n == null) {
      n = tx.createNode(Catalog.IMAGE);
      n.setProperty("id", id);
      n.setProperty("path", path);
      if (box != null) {
        n.setProperty("box", box.clone());
      }
    }
    return n;
  }
}
