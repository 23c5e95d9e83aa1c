package io.xgraph.cypher.inference;

import io.xgraph.cypher.ModelFiles;
import io.xgraph.cypher.XgraphSettings;
import io.xgraph.cypher.query.ModelRef;
import io.xgraph.ingest.ImageFeatureExtractor;
import io.xgraph.ingest.image.Preprocessing;
import io.xgraph.ingest.onnx.CnnModel;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.store.internal.EmbeddedSession;
import io.xgraph.store.internal.StoredGraphRead;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neo4j.graphdb.Transaction;

/**
 * Loaded models by {@link ModelRef#cacheKey()}: the first call on a model version reads the graph
 * and opens the ONNX session; later calls reuse both. Loading a newer version of a model closes the
 * older one.
 */
final class ModelCache {

  /** ONNX Runtime intra-op threads per session. */
  static final int ONNX_THREADS =
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  private static final Map<String, LoadedModel> LOADED = new HashMap<>();

  private ModelCache() {}

  /** The loaded model of {@code ref}, loading it through {@code tx} on first use. */
  static synchronized LoadedModel get(Transaction tx, ModelRef ref, Optional<Path> modelRoot) {
    LoadedModel m = LOADED.get(ref.cacheKey());
    if (m != null) {
      return m;
    }
    m = load(tx, ref, modelRoot);
    String prefix = ref.database() + "\u0000" + ref.name() + "\u0000";
    for (String key : new ArrayList<>(LOADED.keySet())) {
      if (key.startsWith(prefix)) {
        LOADED.remove(key).close();
      }
    }
    LOADED.put(ref.cacheKey(), m);
    return m;
  }

  private static LoadedModel load(Transaction tx, ModelRef ref, Optional<Path> modelRoot) {
    String onnxFile =
        property(
            ref,
            ModelFiles.ONNX_FILE,
            "the ONNX file name under `"
                + XgraphSettings.MODEL_ROOT_NAME
                + "`, e.g. 'squeezenet1.1-fp16.onnx'");
    String profile =
        property(
            ref,
            ModelFiles.PREPROCESSING,
            "one of " + Arrays.stream(Preprocessing.values()).map(Preprocessing::id).toList());
    Preprocessing preprocessing;
    try {
      preprocessing = Preprocessing.byId(profile);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Model `"
              + ref.name()
              + "` has "
              + ModelFiles.PREPROCESSING
              + " = `"
              + profile
              + "`, which is not a known profile; set it to one of "
              + Arrays.stream(Preprocessing.values()).map(Preprocessing::id).toList(),
          e);
    }
    Path file =
        ImagePaths.resolve(modelRoot, XgraphSettings.MODEL_ROOT_NAME, onnxFile, "ONNX model");
    String sha = CnnModel.sha256(CnnModel.readModel(file));
    if (!sha.equals(ref.onnxSha256())) {
      throw new IllegalArgumentException(
          "The ONNX file `"
              + file
              + "` has sha256 "
              + sha
              + ", but model `"
              + ref.name()
              + "` was learned with the file of sha256 "
              + ref.onnxSha256()
              + "; put that file under `"
              + XgraphSettings.MODEL_ROOT_NAME
              + "` or fix the Model's `"
              + ModelFiles.ONNX_FILE
              + "` property");
    }
    // The store's reader, on the procedure's transaction; inference needs no top images.
    ExplanatoryGraph graph = StoredGraphRead.read(EmbeddedSession.over(tx), ref.name(), false);
    List<String> layers = new ArrayList<>();
    List<float[]> sigma = new ArrayList<>();
    for (GraphLayer l : graph.layers()) {
      layers.add(l.geometry().name());
      sigma.add(l.negativeSigma());
    }
    ImageFeatureExtractor extractor =
        ImageFeatureExtractor.open(file, layers, preprocessing, sigma, ONNX_THREADS);
    try {
      return new LoadedModel(graph, extractor);
    } catch (RuntimeException e) {
      extractor.close();
      throw e;
    }
  }

  private static String property(ModelRef ref, String key, String expected) {
    Object v = ref.node().getProperty(key, null);
    if (!(v instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException(
          "Model `"
              + ref.name()
              + "` has no `"
              + key
              + "` property, which xg.image.infer needs ("
              + expected
              + "); write the graph with io.xgraph.cypher.ModelFiles.withModelFile(...) in its"
              + " provenance, or set it: MATCH (m:ExplanatoryGraph {name: '"
              + ref.name()
              + "'}) SET m."
              + key
              + " = ...");
    }
    return s;
  }

  /** Closes every loaded model (tests, shutdown). */
  static synchronized void clear() {
    Map<String, LoadedModel> copy = new HashMap<>(LOADED);
    LOADED.clear();
    copy.values().forEach(LoadedModel::close);
  }
}
