package io.xgraph.cypher.testing;

import io.xgraph.cypher.ModelFiles;
import io.xgraph.cypher.XgraphSettings;
import io.xgraph.ingest.IngestListener;
import io.xgraph.ingest.IngestOptions;
import io.xgraph.ingest.Ingestor;
import io.xgraph.ingest.SharedData;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.ingest.store.StoredImage;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.em.ExplanatoryGraphLearner;
import io.xgraph.learner.em.LayerCheckpoints;
import io.xgraph.learner.em.LearnListener;
import io.xgraph.learner.em.LearnerParameters;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.Provenance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.harness.Neo4j;

/**
 * A graph learned on real birds, shared by the test classes of one JVM: the first {@link #IMAGES}
 * training birds of ../shared/data/cub200-dev through SqueezeNet 1.1 into a feature store under
 * target/ (kept between runs, ingest resumes), then learned with {@link #PARAMETERS}.
 *
 * <p>Reduced for test time (mostly the time to write the graph into Neo4j): 24 images instead of
 * 150, three layers (fire7, fire8, fire9; fire5 dropped), {@link #ITERATIONS} EM iterations per
 * layer instead of 20 and 10 top images per pattern instead of 20.
 */
public final class BirdFixture {

  public static final int IMAGES = 24;
  public static final int ITERATIONS = 4;
  public static final List<String> LAYERS =
      List.of("fire7/concat_1", "fire8/concat_1", "fire9/concat_1");
  public static final LearnerParameters PARAMETERS =
      LearnerParameters.defaults().withIterations(ITERATIONS).withTopImageCount(10);
  public static final String ONNX_FILE = "squeezenet1.1-fp16.onnx";

  private static BirdFixture instance;

  public final Path data;
  public final Path cub;
  public final Path modelRoot;
  public final FeatureStore store;
  public final ExplanatoryGraph graph;
  public final double ingestSeconds;
  public final double learnSeconds;

  private BirdFixture() {
    data = SharedData.locate(null);
    cub = SharedData.cubDev(data);
    modelRoot = SharedData.model(data, "squeezenet").getParent();
    long t0 = System.nanoTime();
    store = ingestedStore();
    long t1 = System.nanoTime();
    graph =
        new ExplanatoryGraphLearner(PARAMETERS, 2)
            .learn(store, LearnListener.silent(), LayerCheckpoints.none());
    long t2 = System.nanoTime();
    ingestSeconds = (t1 - t0) / 1e9;
    learnSeconds = (t2 - t1) / 1e9;
  }

  /**
   * The feature store of the first {@link #IMAGES} training birds (ingested on first use, kept in
   * target/ and resumed afterwards).
   */
  public static synchronized FeatureStore ingestedStore() {
    Path data = SharedData.locate(null);
    Path dir = Path.of("target", "test-bird-store-" + IMAGES + "-fire789").toAbsolutePath();
    Ingestor.run(
        new IngestOptions(
            SharedData.model(data, "squeezenet"),
            LAYERS,
            SharedData.cubDev(data),
            dir,
            null,
            "train",
            IMAGES,
            2,
            null),
        IngestListener.SILENT);
    return FeatureStore.open(dir);
  }

  /**
   * A small graph on SqueezeNet's real layers and normalisation (from the bird feature store): one
   * pattern per layer, chained child to parent, all with {@code meanScore}; inference on it runs
   * the real CNN and graph code.
   */
  public static ExplanatoryGraph realGeometryGraph(String name, double meanScore) {
    FeatureStore store = ingestedStore();
    List<GraphLayer> layers = new ArrayList<>();
    int k = store.layers().size();
    for (LayerGeometry g : store.layers()) {
      int id = g.index();
      List<ParentLink> parents =
          id + 1 < k ? List.of(new ParentLink(id + 1, 0, 0, 20, 0.5)) : List.of();
      layers.add(
          new GraphLayer(
              g,
              store.negativeSigma(g.index()),
              1.0,
              List.of(new Pattern(id, id, 0, 0, 112, 112, 20, meanScore, parents, List.of()))));
    }
    return new ExplanatoryGraph(
        name, store.modelSha256(), layers, LearnerParameters.defaults().toMap(), List.of());
  }

  /** Provenance naming the ONNX file and the store's preprocessing. */
  public static Provenance modelFileProvenance(String dataset) {
    return ModelFiles.withModelFile(
        Provenance.of(dataset), ONNX_FILE, ingestedStore().preprocessing());
  }

  /** The shared fixture, built on first use. */
  public static synchronized BirdFixture get() {
    if (instance == null) {
      instance = new BirdFixture();
    }
    return instance;
  }

  /** The provenance a learn command writes: dataset and the model file properties. */
  public Provenance provenance() {
    return ModelFiles.withModelFile(
        Provenance.of("cub200-dev train, first " + IMAGES), ONNX_FILE, store.preprocessing());
  }

  /**
   * A test server whose image root is the cub folder and model root the models folder, with the
   * graph written in (see {@link #writeTo}); {@code bolt} also opens a Bolt connector.
   */
  public Neo4j startServer(boolean bolt) {
    Neo4j neo4j =
        Harness.start(
            bolt,
            b ->
                b.withConfig(XgraphSettings.IMAGE_ROOT, cub.toString())
                    .withConfig(XgraphSettings.MODEL_ROOT, modelRoot.toString()));
    writeTo(neo4j.defaultDatabaseService());
    return neo4j;
  }

  /** The stored image's object box as the [x, y, w, h] list Image.box and the procedures use. */
  public static List<Double> boxList(StoredImage s) {
    return List.of(s.box().x(), s.box().y(), s.box().w(), s.box().h());
  }

  /**
   * Writes the graph into {@code db} and gives the training Image nodes their path (relative to the
   * cub folder, the image root of the tests) and object box, as the cli does.
   */
  public void writeTo(GraphDatabaseService db) {
    try (GraphStore gs = GraphStores.embedded(db, "bird test", true)) {
      gs.write(graph, provenance());
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (StoredImage s : store.storedImages()) {
      rows.add(Map.of("id", s.record().id(), "path", relativePath(s), "box", boxList(s)));
    }
    db.executeTransactionally(
        "UNWIND $rows AS r MATCH (i:Image {id: r.id}) SET i.path = r.path, i.box = r.box",
        Map.of("rows", rows));
  }

  /** The stored image's file relative to the cub folder. */
  public String relativePath(StoredImage s) {
    return relativePath(cub, s);
  }

  /** The stored image's file relative to {@code cub}. */
  public static String relativePath(Path cub, StoredImage s) {
    Path file = Path.of(s.file());
    Path abs = file.isAbsolute() ? file : cub.resolve(file);
    return cub.toAbsolutePath().normalize().relativize(abs.toAbsolutePath().normalize()).toString();
  }
}
