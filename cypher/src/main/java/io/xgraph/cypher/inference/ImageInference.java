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
import io.xgraph.store.internal.StoredValues;
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
    boolean wholeImage = c.flag("wholeImage", false);
    boolean onlyFired = c.flag("onlyFired", true);
    boolean mirrored = c.flag(MIRRORED, false);
    int limit = (int) c.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    String givenId = write ? c.text("imageId", null, java.util.Set.of()) : null;
    Object layerValue = c.raw("layer");
    c.done();
    if (givenId != null && givenId.isBlank()) {
      throw new IllegalArgumentException("Value for `imageId` is empty" + c.where() + ".");
    }
    if (b != null && (b[2] < 1 || b[3] < 1)) {
      throw new IllegalArgumentException(
          "Value for `box` was `"
              + List.of(b[0], b[1], b[2], b[3])
              + "`, but its width and height must be >= 1 pixel"
              + c.where()
              + ".");
    }
    ModelRef ref = Catalog.model(db, tx, model);
    InferInput input = InferInput.of(tx, ref, imagePath, b, wholeImage, c.where());
    Path image = resolve(db, input, imagePath);
    Optional<Path> modelRoot = XgraphSettings.modelRoot(db);
    LoadedModel loaded = ModelCache.get(tx, ref, modelRoot);
    int layer = layerIndex(layerValue, loaded, c);
    input.requireCrop(imagePath, wholeImage, c.where());
    double[] crop = input.box();
    Box box = crop == null ? null : new Box(crop[0], crop[1], crop[2], crop[3]);
    InferenceResult result = loaded.infer(image, box, mirrored);
    List<InferredPatternResult> rows = new ArrayList<>();
    String imageId = null;
    if (write) {
      // A stored image keeps its id; a new one is named by imageId, else by its path.
      imageId =
          givenId != null
              ? givenId
              : input.stored() != null
                  ? String.valueOf(input.stored().getProperty("id"))
                  : imagePath;
    }
    Node imageNode =
        write
            ? (givenId == null && input.stored() != null
                ? input.stored()
                : imageNode(tx, imageId, input.path(), crop))
            : null;
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
        String key = StoredValues.patternKey(ref.name(), p.id());
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
                imageId,
                0));
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
    return limited(rows, limit);
  }

  /** Default of the {@code limit} key: rows returned, strongest first. */
  public static final int DEFAULT_LIMIT = 100;

  /** Largest {@code limit}: every pattern of the largest stored graphs fits. */
  public static final int MAX_LIMIT = 100_000;

  /** The strongest {@code limit} rows, each telling how many rows there were before the cut. */
  private static Stream<InferredPatternResult> limited(
      List<InferredPatternResult> rows, int limit) {
    List<InferredPatternResult> sorted = new ArrayList<>(rows);
    sorted.sort(
        java.util.Comparator.comparingDouble((InferredPatternResult r) -> -r.score)
            .thenComparingLong(r -> r.layerIndex)
            .thenComparingLong(r -> r.id));
    long total = sorted.size();
    return sorted.stream().limit(limit).map(r -> r.withTotal(total));
  }

  /** The image file; a missing one is named with both readings of the argument, in one line. */
  private static Path resolve(GraphDatabaseService db, InferInput input, String given) {
    try {
      return ImagePaths.resolve(
          XgraphSettings.imageRoot(db), XgraphSettings.IMAGE_ROOT_NAME, input.path(), "image");
    } catch (ImagePaths.NotFound e) {
      String root = XgraphSettings.IMAGE_ROOT_NAME;
      if (input.stored() != null) {
        throw new IllegalArgumentException(
            "Image `"
                + given
                + "` is stored with path `"
                + input.path()
                + "`, which is not a file under `"
                + root
                + "` ("
                + e.root()
                + "); point `"
                + root
                + "` at the dataset folder the stored Image paths are relative to.");
      }
      throw new IllegalArgumentException(
          "Image `"
              + given
              + "` is neither a stored Image (by id or path) nor a file under `"
              + root
              + "` ("
              + e.root()
              + "); give a stored Image's id or a path relative to that folder.");
    }
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
