package io.xgraph.cypher.query;

import io.xgraph.cypher.ModelFiles;
import io.xgraph.cypher.config.ConfigReader;
import io.xgraph.cypher.results.LayerResult;
import io.xgraph.cypher.results.ModelResult;
import io.xgraph.store.Provenance;
import io.xgraph.store.internal.Json;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.ResourceIterator;
import org.neo4j.graphdb.Transaction;

/** Facade of {@code xg.model.list} and {@code xg.layer.list}. */
public final class ModelQueries {

  private ModelQueries() {}

  /** Every current model, by name. */
  public static Stream<ModelResult> listModels(Transaction tx, Map<String, Object> configuration) {
    new ConfigReader("xg.model.list", configuration).done();
    List<ModelResult> out = new ArrayList<>();
    try (ResourceIterator<Node> it = tx.findNodes(Catalog.MODEL)) {
      it.forEachRemaining(m -> out.add(model(m)));
    }
    out.sort((a, b) -> a.name.compareTo(b.name));
    return out.stream();
  }

  private static ModelResult model(Node m) {
    Map<String, Object> props = new TreeMap<>(m.getAllProperties());
    Map<String, Object> extra = new TreeMap<>();
    props.forEach(
        (k, v) -> {
          if (!Provenance.RESERVED.contains(k)
              && !k.equals(ModelFiles.ONNX_FILE)
              && !k.equals(ModelFiles.PREPROCESSING)) {
            extra.put(k, v);
          }
        });
    Object layers = props.get("layers");
    return new ModelResult(
        (String) props.get("name"),
        (String) props.getOrDefault("model", props.get("name")),
        (String) props.getOrDefault("category", ""),
        lng(props.get("version")),
        (String) props.get("onnxSha256"),
        (String) props.get(ModelFiles.ONNX_FILE),
        (String) props.get(ModelFiles.PREPROCESSING),
        layers instanceof String[] a ? Arrays.asList(a) : List.of(),
        lng(props.get("patternCount")),
        lng(props.get("parentCount")),
        lng(props.get("firingCount")),
        lng(props.get("trainingImageCount")),
        time(props.get("writtenAt")),
        time(props.get("learnedAt")),
        (String) props.getOrDefault("dataset", ""),
        parameters(props),
        jsonMap(props.get("toolVersions")),
        extra);
  }

  /** The layers of one model, lowest first. */
  public static Stream<LayerResult> listLayers(
      GraphDatabaseService db, Transaction tx, String model, Map<String, Object> configuration) {
    new ConfigReader("xg.layer.list", configuration).done();
    ModelRef ref = Catalog.model(db, tx, model);
    return Catalog.layers(tx, ref.name()).stream()
        .map(
            l ->
                new LayerResult(
                    ref.name(),
                    l.name(),
                    l.index(),
                    l.channels(),
                    l.mapH(),
                    l.mapW(),
                    l.stride(),
                    l.firstCenter(),
                    l.receptiveField(),
                    l.inputSize(),
                    l.patternCount()));
  }

  /** The learning parameters, numbers typed as they were learned (JSON plus type hints). */
  private static Map<String, Object> parameters(Map<String, Object> props) {
    Map<String, Object> parameters = jsonMap(props.get("parameters"));
    Map<String, Object> hints = jsonMap(props.get("parameterTypes"));
    if (!hints.isEmpty()) {
      Json.applyHints(parameters, hints);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> typed = (Map<String, Object>) CypherValues.of(parameters);
    return typed;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> jsonMap(Object text) {
    return text instanceof String s && !s.isEmpty()
        ? (Map<String, Object>) CypherValues.of(Json.read(s))
        : new LinkedHashMap<>();
  }

  private static ZonedDateTime time(Object o) {
    return o instanceof ZonedDateTime t ? t : null;
  }

  private static long lng(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }
}
