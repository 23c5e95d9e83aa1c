package io.xgraph.cypher.inference;

import io.xgraph.cypher.XgraphSettings;
import io.xgraph.cypher.config.ConfigReader;
import io.xgraph.cypher.query.Catalog;
import io.xgraph.cypher.query.CypherValues;
import io.xgraph.cypher.query.ModelRef;
import io.xgraph.cypher.results.PartLearnResult;
import io.xgraph.cypher.results.PartLocalizeResult;
import io.xgraph.cypher.results.PartResult;
import io.xgraph.ingest.image.Box;
import io.xgraph.learner.aog.AnnotatedExample;
import io.xgraph.learner.aog.AogParameters;
import io.xgraph.learner.aog.ImagePlane;
import io.xgraph.learner.aog.PartLocalization;
import io.xgraph.learner.aog.PartLocalizer;
import io.xgraph.learner.aog.PartModel;
import io.xgraph.learner.aog.PartTemplate;
import io.xgraph.learner.aog.PartTemplateLearner;
import io.xgraph.learner.aog.PatternResponses;
import io.xgraph.learner.aog.bridge.ResponseBridge;
import io.xgraph.learner.data.Point;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.PartInfo;
import io.xgraph.store.StoredPart;
import io.xgraph.store.internal.CypherPartStore;
import io.xgraph.store.internal.CypherSession;
import io.xgraph.store.internal.Json;
import io.xgraph.store.internal.StoredValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.Result;
import org.neo4j.graphdb.Transaction;

/**
 * The logic of {@code xg.part.learn}, {@code xg.part.localize} and {@code xg.part.list}, shared by
 * the procedures and (through them) the {@code xgraph part} commands.
 *
 * <p>Coordinates: annotations are given in original-image pixels by default ({@code coordinates:
 * 'image'}; pixel {@code i} has its centre at {@code i}), and mapped into the 224 x 224 object crop
 * of the image's box (the Image node's {@code box}, the annotation's {@code box}, or the whole
 * image) as ingest maps CUB keypoints: {@code (p + 0.5 - box.x) * 224 / box.w - 0.5}. {@code
 * coordinates: 'crop'} gives them on the crop plane directly. Localisation returns both.
 *
 * <p>Responses: an Image node with {@code INFERRED_ON} relationships of the current model version
 * (from {@code xg.image.inferAndStore}) is read from the store; otherwise the CNN and graph run on
 * the image. The mirrored image (the crop flipped left to right) always needs the CNN.
 */
public final class PartService {

  /** Unannotated training images used by default when learning. */
  public static final int DEFAULT_UNANNOTATED = 20;

  /** Annotations needed by default. */
  public static final int DEFAULT_MIN_ANNOTATIONS = 1;

  private static final Set<String> ANNOTATION_KEYS = Set.of("image", "x", "y", "box");

  private PartService() {}

  // ---------------------------------------------------------------- learn

  /** {@code xg.part.learn}: see the procedure's description. */
  public static Stream<PartLearnResult> learn(
      GraphDatabaseService db,
      Transaction tx,
      String model,
      String part,
      List<Map<String, Object>> annotations,
      Map<String, Object> configuration) {
    long start = System.nanoTime();
    ConfigReader c = new ConfigReader("xg.part.learn", configuration);
    boolean countGiven = c.has("unannotated");
    int unannotatedWanted = (int) c.integer("unannotated", DEFAULT_UNANNOTATED, 0, 1000);
    List<String> unannotatedIds = PartArguments.imageIds(c.raw("unannotatedImages"), c);
    if (countGiven && unannotatedIds != null) {
      throw new IllegalArgumentException(
          "Both `unannotated` and `unannotatedImages` were given"
              + c.where()
              + "; give the number of training images to use, or the list of Image ids, not both");
    }
    int minAnnotations = (int) c.integer("minAnnotations", DEFAULT_MIN_ANNOTATIONS, 1, 1000);
    boolean replace = c.flag("replace", false);
    boolean crop = "crop".equals(c.text("coordinates", "image", Set.of("image", "crop")));
    AogParameters params = PartParameters.fromConfig(c);
    c.done();
    ModelRef ref = Catalog.model(db, tx, model);
    model = ref.name(); // null or "" named the only graph
    PartArguments.requirePartName(part);
    if (annotations == null) {
      throw new IllegalArgumentException(
          "Argument `annotations` was null; give a list of annotated images, e.g. [{image:"
              + " '<Image id or path>', x: 120, y: 80}]");
    }
    CypherSession.Tx cypher = cypher(tx);
    if (!replace && CypherPartStore.read(cypher, model, part).isPresent()) {
      throw new IllegalArgumentException(
          "Part `"
              + part
              + "` of model `"
              + model
              + "` already exists; choose another name, delete it first, or ask to replace it"
              + " (configuration {replace: true}, or --replace)");
    }
    int given = annotations.size();
    if (given < minAnnotations) {
      throw new IllegalArgumentException(
          "xg.part.learn got "
              + given
              + " annotation"
              + (given == 1 ? "" : "s")
              + " for part `"
              + part
              + "`, but needs at least "
              + minAnnotations
              + " (`minAnnotations`"
              + c.where()
              + "); annotate more images, e.g. [{image: '<Image id or path>', x: 120, y: 80}]");
    }
    List<ImageRef> images = new ArrayList<>();
    List<Point> points = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < given; i++) {
      String what = "Annotation " + (i + 1) + " of " + given;
      Map<String, Object> a = annotations.get(i);
      if (a == null) {
        throw new IllegalArgumentException(what + " is null; give {image, x, y}");
      }
      for (String k : new TreeSet<>(a.keySet())) {
        if (!ANNOTATION_KEYS.contains(k)) {
          throw new IllegalArgumentException(
              what
                  + " has unknown key `"
                  + k
                  + "`."
                  + ConfigReader.hint(k, ANNOTATION_KEYS)
                  + " Known keys: "
                  + new TreeSet<>(ANNOTATION_KEYS)
                  + ".");
        }
      }
      if (!(a.get("image") instanceof String image) || image.isBlank()) {
        throw new IllegalArgumentException(
            what + " has image `" + a.get("image") + "`; give an Image id or an image path");
      }
      double x = PartArguments.coordinate(a, "x", what);
      double y = PartArguments.coordinate(a, "y", what);
      ImageRef ref1 = ImageRef.resolve(db, tx, image, PartArguments.box(a.get("box"), what), what);
      if (!seen.add(ref1.key())) {
        throw new IllegalArgumentException(
            what + " repeats image `" + image + "`; annotate each image once");
      }
      images.add(ref1);
      points.add(
          crop ? PartArguments.onCrop(new Point(x, y), what) : ref1.toCrop(new Point(x, y), what));
    }

    LoadedModel loaded = ModelCache.get(tx, ref, XgraphSettings.modelRoot(db));
    requirePlane(loaded.graph());
    int[] inferences = {0};
    List<AnnotatedExample> shots = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      ImageRef img = images.get(i);
      PatternResponses r = responses(tx, ref, loaded, img, "auto", false, inferences);
      PatternResponses flipped =
          params.tryMirrored() ? responses(tx, ref, loaded, img, "auto", true, inferences) : null;
      shots.add(new AnnotatedExample(r, points.get(i), flipped));
    }
    List<PatternResponses> unannotated = new ArrayList<>();
    if (unannotatedIds != null) {
      // The caller's own images, in its order (e.g. part eval's train split, for comparison).
      Set<String> listed = new HashSet<>();
      for (String id : unannotatedIds) {
        if (!listed.add(id)) {
          throw new IllegalArgumentException(
              "`unannotatedImages` repeats image `" + id + "`" + c.where() + "; list each once");
        }
        if (seen.contains(id)) {
          continue; // an annotated image is not unannotated evidence
        }
        unannotated.add(
            responses(
                tx,
                ref,
                loaded,
                ImageRef.resolve(db, tx, id, null, "Unannotated image"),
                "auto",
                false,
                inferences));
      }
    }
    for (String id : unannotatedIds != null ? List.<String>of() : trainingImages(ref)) {
      if (unannotated.size() >= unannotatedWanted) {
        break;
      }
      if (seen.contains(id)) {
        continue;
      }
      Node n = Catalog.image(tx, id);
      if (n == null || !(n.getProperty("path", null) instanceof String)) {
        continue;
      }
      unannotated.add(
          responses(
              tx,
              ref,
              loaded,
              ImageRef.resolve(db, tx, id, null, "Training image"),
              "auto",
              false,
              inferences));
    }
    PartModel learned = new PartTemplateLearner(params).learn(part, shots, unannotated);

    Map<String, Object> props = new LinkedHashMap<>();
    props.put("parameters", Json.write(PartParameters.toMap(params)));
    List<Map<String, Object>> used = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      Map<String, Object> u = new LinkedHashMap<>();
      u.put("image", images.get(i).key());
      u.put("x", points.get(i).x());
      u.put("y", points.get(i).y());
      used.add(u);
    }
    props.put("annotations", Json.write(used));
    props.put("unannotated", (long) unannotated.size());
    CypherPartStore.write(cypher, model, ref.version(), learned, props, replace);
    List<PartTemplate> ts = learned.templates();
    return Stream.of(
        new PartLearnResult(
            part,
            model,
            ref.version(),
            ts.stream().map(t -> (long) t.patterns().size()).toList(),
            ts.stream().map(PartTemplate::sourceImageId).toList(),
            ts.stream().map(PartTemplate::sourceMirrored).toList(),
            unannotated.size(),
            inferences[0],
            (System.nanoTime() - start) / 1e6));
  }

  // ---------------------------------------------------------------- localize

  /** {@code xg.part.localize}: see the procedure's description. */
  public static Stream<PartLocalizeResult> localize(
      GraphDatabaseService db,
      Transaction tx,
      String model,
      String part,
      String image,
      Map<String, Object> configuration) {
    ConfigReader c = new ConfigReader("xg.part.localize", configuration);
    Object mirroredValue = c.raw("mirrored");
    String source = c.text("responses", "auto", Set.of("auto", "stored", "cnn"));
    double[] b = c.numbers("box", 4, 0, "[x, y, w, h] of the object, original-image pixels");
    c.done();
    if (mirroredValue != null && !(mirroredValue instanceof Boolean)) {
      throw new IllegalArgumentException(
          "Value for `mirrored` was `"
              + mirroredValue
              + "`, but must be true or false"
              + c.where());
    }
    ModelRef ref = Catalog.model(db, tx, model);
    model = ref.name(); // null or "" named the only graph
    // Arguments before the stored part is read: a null part name would fail inside the lookup.
    PartArguments.requirePartName(part);
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException(
          "Argument `image` "
              + (image == null ? "was null" : "is empty")
              + "; give an Image id or an image path");
    }
    StoredPart stored = stored(cypher(tx), model, part);
    AogParameters params = PartParameters.stored(stored.info());
    if (mirroredValue != null) {
      params = params.withTryMirrored((Boolean) mirroredValue);
    }
    ImageRef img =
        ImageRef.resolve(
            db, tx, image, b == null ? null : new Box(b[0], b[1], b[2], b[3]), "Image");
    LoadedModel loaded = ModelCache.get(tx, ref, XgraphSettings.modelRoot(db));
    int[] inferences = {0};
    PatternResponses r = responses(tx, ref, loaded, img, source, false, inferences);
    String from = inferences[0] == 0 ? "stored" : "cnn";
    // The mirror: its stored inference (xg.image.inferAndStore {mirrored: true}) unless the
    // caller asks for the CNN; without one the CNN runs, also under responses: 'stored'.
    PatternResponses flipped =
        params.tryMirrored()
            ? responses(
                tx, ref, loaded, img, "cnn".equals(source) ? "cnn" : "auto", true, inferences)
            : null;
    PartLocalization loc = new PartLocalizer(params).localize(stored.model(), r, flipped);
    List<Map<String, Object>> votes = new ArrayList<>();
    for (PartLocalization.Vote v : loc.votes()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("patternId", (long) v.patternIndex());
      m.put("key", StoredValues.patternKey(model, v.patternIndex()));
      m.put("x", v.target().x());
      m.put("y", v.target().y());
      m.put("mass", v.mass());
      votes.add(m);
    }
    Point onImage = img.fromCrop(loc.point());
    int t = loc.templateIndex();
    return Stream.of(
        new PartLocalizeResult(
            part,
            image,
            loc.point().x(),
            loc.point().y(),
            onImage.x(),
            onImage.y(),
            loc.score(),
            t,
            t < 0 ? null : stored.model().templates().get(t).sourceImageId(),
            loc.mirrored(),
            votes,
            from));
  }

  // ---------------------------------------------------------------- list

  /** {@code xg.part.list}: the parts of the current version of a model. */
  public static Stream<PartResult> list(
      GraphDatabaseService db, Transaction tx, String model, Map<String, Object> configuration) {
    new ConfigReader("xg.part.list", configuration).done();
    String graph = Catalog.model(db, tx, model).name();
    return CypherPartStore.list(cypher(tx), graph).stream()
        .map(
            p ->
                new PartResult(
                    p.name(),
                    CypherPartStore.partKey(graph, p.name()),
                    p.modelVersion(),
                    p.templateCount(),
                    p.usesCount(),
                    p.learnedAt(),
                    CypherValues.map(p.properties().get("parameters")),
                    CypherValues.list(p.properties().get("annotations"))));
  }

  // ---------------------------------------------------------------- responses

  private static StoredPart stored(CypherSession.Tx cypher, String model, String part) {
    Optional<StoredPart> found = CypherPartStore.read(cypher, model, part);
    if (found.isPresent()) {
      return found.get();
    }
    List<String> names = CypherPartStore.list(cypher, model).stream().map(PartInfo::name).toList();
    throw new IllegalArgumentException(
        "Part `"
            + part
            + "` of model `"
            + model
            + "` does not exist; stored parts: "
            + (names.isEmpty() ? "none" : names)
            + ". Learn it with xg.part.learn (parts are deleted when the model is re-written).");
  }

  /**
   * The image's responses (of its mirrored crop when {@code mirrored}): stored {@code INFERRED_ON}
   * of the current model version and that orientation when present (and {@code source} allows),
   * else the CNN and graph.
   */
  private static PatternResponses responses(
      Transaction tx,
      ModelRef ref,
      LoadedModel loaded,
      ImageRef img,
      String source,
      boolean mirrored,
      int[] inferences) {
    if (!"cnn".equals(source) && img.node() != null) {
      PatternResponses r = storedResponses(ref, loaded.graph(), img, mirrored);
      if (r != null) {
        return r;
      }
    }
    if ("stored".equals(source)) {
      throw new IllegalArgumentException(
          "Image `"
              + img.given()
              + "` has no stored inference of model `"
              + ref.name()
              + "` version "
              + ref.version()
              + "; run CALL xg.image.inferAndStore first, or use responses: 'auto'");
    }
    return cnn(loaded, img, mirrored, inferences);
  }

  private static PatternResponses cnn(
      LoadedModel loaded, ImageRef img, boolean mirrored, int[] inferences) {
    inferences[0]++;
    return ResponseBridge.fromInference(
        img.key(), loaded.graph(), loaded.infer(img.file(), img.box(), mirrored));
  }

  private static final String[] STORED_KEYS = {
    "model", "modelVersion", ImageInference.MIRRORED, "x", "y", "score", "fired"
  };

  private static PatternResponses storedResponses(
      ModelRef ref, ExplanatoryGraph graph, ImageRef img, boolean mirrored) {
    int p = graph.patternCount();
    float[] x = new float[p];
    float[] y = new float[p];
    float[] s = new float[p];
    boolean[] fired = new boolean[p];
    boolean any = false;
    for (Relationship r :
        img.node().getRelationships(Direction.INCOMING, ImageInference.INFERRED_ON)) {
      // One property read per relationship (an image holds ~9 k per orientation and model).
      Map<String, Object> v = r.getProperties(STORED_KEYS);
      if (!ref.name().equals(v.get("model"))
          || !(v.get("modelVersion") instanceof Number ver)
          || ver.longValue() != ref.version()
          || mirrored != Boolean.TRUE.equals(v.get(ImageInference.MIRRORED))) {
        continue;
      }
      any = true;
      int id = ((Number) r.getStartNode().getProperty("id")).intValue();
      if (id < 0 || id >= p) {
        continue;
      }
      x[id] = ((Number) v.get("x")).floatValue();
      y[id] = ((Number) v.get("y")).floatValue();
      s[id] = ((Number) v.get("score")).floatValue();
      fired[id] = Boolean.TRUE.equals(v.get("fired")) && s[id] > 0 && Float.isFinite(s[id]);
    }
    return any ? new PatternResponses(img.key(), x, y, s, fired) : null;
  }

  /** The model's training image ids (its train split), sorted. */
  private static List<String> trainingImages(ModelRef ref) {
    Object v = ref.node().getProperty("trainingImageIds", null);
    List<String> ids = new ArrayList<>();
    if (v instanceof String[] a) {
      ids.addAll(Arrays.asList(a));
    } else if (v instanceof List<?> l) {
      l.forEach(o -> ids.add(String.valueOf(o)));
    }
    ids.sort(String::compareTo);
    return ids;
  }

  private static void requirePlane(ExplanatoryGraph graph) {
    int size = graph.layers().get(0).geometry().inputSize();
    if (size != ImagePlane.SIZE) {
      throw new IllegalStateException(
          "Model `"
              + graph.modelName()
              + "` has a "
              + size
              + " pixel input, but parts live on the "
              + ImagePlane.SIZE
              + " pixel crop plane");
    }
  }

  /** Runs Cypher in the procedure's own transaction, for the shared part statements. */
  static CypherSession.Tx cypher(Transaction tx) {
    return (query, params, rows) -> {
      try (Result result = tx.execute(query, params)) {
        while (result.hasNext()) {
          rows.accept(result.next());
        }
      }
    };
  }
}
