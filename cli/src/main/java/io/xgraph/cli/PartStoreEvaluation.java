package io.xgraph.cli;

import io.xgraph.evaluation.PartEvaluation;
import io.xgraph.ingest.ImageFeatureExtractor;
import io.xgraph.ingest.SharedData;
import io.xgraph.ingest.image.Box;
import io.xgraph.ingest.image.Preprocessing;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.ingest.store.StoredImage;
import io.xgraph.learner.aog.AnnotatedExample;
import io.xgraph.learner.aog.AogParameters;
import io.xgraph.learner.aog.EvaluationInput;
import io.xgraph.learner.aog.EvaluationReport;
import io.xgraph.learner.aog.FewShotEvaluation;
import io.xgraph.learner.aog.ImagePlane;
import io.xgraph.learner.aog.PartLocalizer;
import io.xgraph.learner.aog.PartModel;
import io.xgraph.learner.aog.PartTemplateLearner;
import io.xgraph.learner.aog.PatternResponses;
import io.xgraph.learner.aog.bridge.PartDefinition;
import io.xgraph.learner.aog.bridge.ResponseBridge;
import io.xgraph.learner.data.Point;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.ModelInfo;
import io.xgraph.store.WriteListener;
import io.xgraph.store.server.EmbeddedServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Result;

/**
 * {@code xgraph part eval --through-store}: the few-shot protocol run through the {@code xg.part.*}
 * procedures of an embedded Neo4j store, on the same draws as {@code part eval}.
 *
 * <p>Per draw, {@code xg.part.learn} gets the shots' part points (crop plane) and, as unannotated
 * images, the train split's other images in part eval's order ({@code unannotatedImages}); then
 * {@code xg.part.localize} runs on every test image with the part. Every image's inference, and its
 * mirror's, is stored once beforehand with {@code xg.image.inferAndStore} (so the procedures read
 * {@code INFERRED_ON} instead of running the CNN per call; the responses are the same).
 *
 * <p>Three figures per part, same draws: part eval's (responses from the feature store's maps), the
 * learner kernel on the procedures' inputs (the CNN run on the image files, as the procedures run
 * it, through this JVM's graph and {@link PartTemplateLearner}), and the procedures'. The second
 * and third must agree point for point; the first differs by the inputs only (see
 * docs/parts-in-neo4j.md, "Accuracy"). The figures and their tables are {@link PartStoreReport}.
 */
final class PartStoreEvaluation {

  private PartStoreEvaluation() {}

  /**
   * Runs the parts of {@code inputs} through the procedures of the embedded store {@code storeDir}
   * (the graph is written there first unless the store already holds it).
   *
   * @param inputs per part, part eval's input (same images, split and part points)
   * @param partEval per part, part eval's report on those inputs (its draws are re-used)
   */
  static PartStoreReport.Report run(
      FeatureStore features,
      ExplanatoryGraph graph,
      Map<PartDefinition, EvaluationInput> inputs,
      Map<PartDefinition, EvaluationReport> partEval,
      PartEvaluation.Settings s,
      boolean mirrored,
      Path storeDir,
      String data,
      Path dataset,
      PrintStream log) {
    Path shared = SharedData.locate(data);
    Path cub = SharedData.dataset(dataset, ImageRootOptions.recorded(features), data);
    Path onnx = shared.resolve("models").resolve(features.modelName() + ".onnx");
    long t0 = System.nanoTime();
    ensureStored(storeDir, graph, features, onnx, log);
    InProcessProcedures.setRoots(cub, onnx.getParent());
    Map<String, PatternResponses> cnn = new HashMap<>();
    Map<String, PatternResponses> cnnMirrored = new HashMap<>();
    learnerInputs(features, graph, cub, onnx, mirrored, cnn, cnnMirrored, log);
    String model = graph.modelName();
    List<PartStoreReport.PartFigures> figures = new ArrayList<>();
    long[] calls = new long[2];
    double prepare;
    double procedureSeconds = 0;
    long modelVersion;
    try (EmbeddedServer server =
        EmbeddedServer.start(InProcessProcedures.serverOptions(storeDir))) {
      GraphDatabaseService db = server.database();
      modelVersion =
          ((Number)
                  single(
                          db,
                          "MATCH (m:ExplanatoryGraph {name: $m}) RETURN m.version AS v",
                          Map.of("m", model))
                      .get("v"))
              .longValue();
      storeInferences(db, features, model, modelVersion, mirrored, log);
      prepare = (System.nanoTime() - t0) / 1e9;
      // The mirror exactly when part eval had flipped crops, so that like is compared with like.
      AogParameters params = s.params().withTryMirrored(mirrored);
      for (Map.Entry<PartDefinition, EvaluationInput> e : inputs.entrySet()) {
        PartDefinition part = e.getKey();
        EvaluationInput in = e.getValue();
        EvaluationReport rep = partEval.get(part);
        List<String> tests = in.testIds().stream().filter(in.partPoints()::containsKey).toList();
        int draws = rep.draws().size();
        double[] viaProcedures = new double[draws];
        double[] viaLearner = new double[draws];
        double[] viaPartEval = new double[draws];
        double[] mean = new double[draws];
        long identical = 0;
        long compared = 0;
        double maxDiff = 0;
        for (int d = 0; d < draws; d++) {
          EvaluationReport.Draw draw = rep.draws().get(d);
          List<String> chosen = draw.annotatedImageIds();
          viaPartEval[d] = draw.meanNormalizedDistance().get(FewShotEvaluation.AOG_GRAPH);
          mean[d] = draw.meanNormalizedDistance().get(FewShotEvaluation.MEAN);
          Set<String> chosenSet = new HashSet<>(chosen);
          List<String> unannotated =
              in.trainIds().stream().filter(id -> !chosenSet.contains(id)).toList();
          // The learner kernel on the procedures' inputs.
          List<AnnotatedExample> shots = new ArrayList<>();
          for (String id : chosen) {
            shots.add(
                new AnnotatedExample(
                    cnn.get(id),
                    in.partPoints().get(id),
                    params.tryMirrored() ? cnnMirrored.get(id) : null));
          }
          PartModel learned =
              new PartTemplateLearner(params)
                  .learn(part.name(), shots, unannotated.stream().map(cnn::get).toList());
          PartLocalizer localizer = new PartLocalizer(params);
          // The procedures.
          long t1 = System.nanoTime();
          List<Map<String, Object>> annotations = new ArrayList<>();
          for (String id : chosen) {
            Point p = in.partPoints().get(id);
            annotations.add(Map.of("image", id, "x", p.x(), "y", p.y()));
          }
          Map<String, Object> config = new LinkedHashMap<>();
          config.put("coordinates", "crop");
          config.put("replace", true);
          config.put("unannotatedImages", unannotated);
          config.put("mirrored", params.tryMirrored());
          single(
              db,
              "CALL xg.part.learn($model, $part, $annotations, $config) YIELD templates"
                  + " RETURN templates",
              Map.of(
                  "model",
                  model,
                  "part",
                  part.name(),
                  "annotations",
                  annotations,
                  "config",
                  config));
          calls[0]++;
          Map<String, Point> located = new HashMap<>();
          db.executeTransactionally(
              "UNWIND $ids AS id CALL xg.part.localize($model, $part, id, {responses: 'stored'})"
                  + " YIELD x, y RETURN id, x, y",
              Map.of("ids", tests, "model", model, "part", part.name()),
              (Result r) -> {
                r.stream()
                    .forEach(
                        row ->
                            located.put(
                                (String) row.get("id"),
                                new Point(
                                    ((Number) row.get("x")).doubleValue(),
                                    ((Number) row.get("y")).doubleValue())));
                return null;
              });
          calls[1] += tests.size();
          procedureSeconds += (System.nanoTime() - t1) / 1e9;
          double sumProc = 0;
          double sumLearner = 0;
          for (String id : tests) {
            Point truth = in.partPoints().get(id);
            Point viaProc = located.get(id);
            if (viaProc == null) {
              throw new IllegalStateException(
                  "xg.part.localize returned no row for test image `" + id + "`");
            }
            Point viaKernel =
                localizer
                    .localize(
                        learned, cnn.get(id), params.tryMirrored() ? cnnMirrored.get(id) : null)
                    .point();
            sumProc += ImagePlane.normalizedDistance(viaProc, truth);
            sumLearner += ImagePlane.normalizedDistance(viaKernel, truth);
            double diff = viaProc.distance(viaKernel);
            maxDiff = Math.max(maxDiff, diff);
            compared++;
            if (diff <= 1e-6) {
              identical++;
            }
          }
          viaProcedures[d] = sumProc / tests.size();
          viaLearner[d] = sumLearner / tests.size();
          log.printf(
              Locale.ROOT,
              "through the store, %s draw %d/%d: part eval %.4f, learner on CNN inputs %.4f,"
                  + " procedures %.4f%n",
              part.name(),
              d + 1,
              draws,
              viaPartEval[d],
              viaLearner[d],
              viaProcedures[d]);
        }
        figures.add(
            new PartStoreReport.PartFigures(
                part,
                tests.size(),
                viaPartEval,
                viaLearner,
                viaProcedures,
                identical,
                compared,
                maxDiff,
                mean));
      }
    }
    return new PartStoreReport.Report(
        model,
        modelVersion,
        storeDir,
        s.shots(),
        s.draws(),
        s.seed(),
        mirrored,
        figures,
        prepare,
        procedureSeconds,
        calls[0],
        calls[1]);
  }

  /** Writes the graph (with the images' paths and boxes) unless the store already holds it. */
  private static void ensureStored(
      Path storeDir, ExplanatoryGraph graph, FeatureStore features, Path onnx, PrintStream log) {
    try (GraphStore store = GraphStores.openEmbedded(storeDir)) {
      Optional<ModelInfo> m = store.model(graph.modelName());
      if (m.isPresent()
          && m.get().patternCount() == graph.patternCount()
          && m.get().parentCount() == graph.edgeCount()
          && m.get().trainingImageCount() == graph.trainingImageIds().size()) {
        log.printf(
            "store %s holds model %s v%d with this graph's size; re-using it%n",
            storeDir, graph.modelName(), m.get().version());
        return;
      }
      log.printf("writing the graph to the store %s%n", storeDir);
      store.write(
          graph,
          StoreCommandSupport.provenance(features, onnx),
          StoreCommandSupport.images(features),
          WriteListener.NONE);
    }
  }

  /** Stores the inference of every image and of its mirror (skipped where already stored). */
  private static void storeInferences(
      GraphDatabaseService db,
      FeatureStore features,
      String model,
      long version,
      boolean withMirror,
      PrintStream log) {
    List<StoredImage> images = features.storedImages();
    int done = 0;
    int ran = 0;
    for (StoredImage im : images) {
      for (boolean mirrored : withMirror ? new boolean[] {false, true} : new boolean[] {false}) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", im.record().id());
        p.put("m", model);
        p.put("v", version);
        p.put("mirrored", mirrored);
        boolean stored =
            (Boolean)
                single(
                        db,
                        "OPTIONAL MATCH (i:Image {id: $id})<-[r:INFERRED_ON]-()"
                            + " WHERE r.model = $m AND r.modelVersion = $v"
                            + " AND coalesce(r.mirrored, false) = $mirrored"
                            + " RETURN count(r) > 0 AS stored",
                        p)
                    .get("stored");
        if (stored) {
          continue;
        }
        Box b = im.box();
        Map<String, Object> config = new HashMap<>();
        config.put("imageId", im.record().id());
        config.put("box", List.of(b.x(), b.y(), b.w(), b.h()));
        config.put("mirrored", mirrored);
        single(
            db,
            "CALL xg.image.inferAndStore($m, $path, $config) YIELD key RETURN count(key) AS n",
            Map.of("m", model, "path", im.file(), "config", config));
        ran++;
      }
      done++;
      if (done % 50 == 0 || done == images.size()) {
        log.printf(
            "stored inferences: %d/%d images (%d CNN + graph runs)%n", done, images.size(), ran);
      }
    }
  }

  /**
   * The learner kernel's inputs as the procedures compute them: the CNN on the image file cropped
   * to the stored box (and its mirror), normalised with the graph's negative sigma, through the
   * graph's own inference.
   */
  private static void learnerInputs(
      FeatureStore features,
      ExplanatoryGraph graph,
      Path cub,
      Path onnx,
      boolean withMirror,
      Map<String, PatternResponses> out,
      Map<String, PatternResponses> outMirrored,
      PrintStream log) {
    List<String> layers = new ArrayList<>();
    List<float[]> sigma = new ArrayList<>();
    for (GraphLayer l : graph.layers()) {
      layers.add(l.geometry().name());
      sigma.add(l.negativeSigma());
    }
    GraphInference inference = new GraphInference(graph);
    List<StoredImage> images = features.storedImages();
    try (ImageFeatureExtractor extractor =
        ImageFeatureExtractor.open(
            onnx,
            layers,
            Preprocessing.byId(features.preprocessing()),
            sigma,
            // The procedures' session threads (ModelCache), so the CNN sums in the same order.
            Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())))) {
      int done = 0;
      for (StoredImage im : images) {
        String id = im.record().id();
        Path file = cub.resolve(im.file());
        out.put(
            id,
            ResponseBridge.fromInference(
                id, graph, inference.infer(extractor.extractFlat(file, im.box(), false))));
        if (withMirror) {
          outMirrored.put(
              id,
              ResponseBridge.fromInference(
                  id, graph, inference.infer(extractor.extractFlat(file, im.box(), true))));
        }
        if (++done % 50 == 0 || done == images.size()) {
          log.printf("learner inputs from the CNN: %d/%d images%n", done, images.size());
        }
      }
    }
  }

  private static Map<String, Object> single(
      GraphDatabaseService db, String cypher, Map<String, Object> params) {
    return db.executeTransactionally(
        cypher,
        params,
        (Result r) -> {
          if (!r.hasNext()) {
            throw new IllegalStateException("No row from: " + cypher);
          }
          return new HashMap<>(r.next());
        });
  }
}
