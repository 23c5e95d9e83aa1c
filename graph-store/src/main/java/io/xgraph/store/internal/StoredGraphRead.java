package io.xgraph.store.internal;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one reader of a stored graph, used by the store (embedded and over Bolt) and by the
 * procedures (their own transaction, through {@link EmbeddedSession#over}): maps the stored
 * properties back to an {@link ExplanatoryGraph}, i.e. the model's parameters, its layers, every
 * pattern with its ranked parent links and, when asked, its top images (inference does not use
 * them, and they are most of the rows). The rows come from {@link StoredGraphRows#of}.
 */
public final class StoredGraphRead {

  private StoredGraphRead() {}

  /**
   * The graph named {@code name} as stored (null when there is none), read in {@code tx}.
   *
   * @param withTopImages whether to read each pattern's ranked firings on the training images
   * @throws IllegalStateException the stored graph is damaged (a pattern of a missing layer)
   */
  public static ExplanatoryGraph read(CypherSession.Tx tx, String name, boolean withTopImages) {
    StoredGraphRows rows = StoredGraphRows.of(tx);
    Map<String, Object> model = rows.model(name);
    if (model == null) {
      return null;
    }
    List<Map<String, Object>> layerRows = new ArrayList<>(rows.layers(name));
    layerRows.sort(Comparator.comparingInt(l -> StoredValues.intOf(l.get("index"))));
    Map<Integer, List<Ranked<Firing>>> firings = new HashMap<>();
    if (withTopImages) {
      rows.topImages(
          name,
          f ->
              firings
                  .computeIfAbsent(StoredValues.intOf(f.get("pattern")), k -> new ArrayList<>())
                  .add(new Ranked<>(rank(f), firing(f))));
    }
    List<List<Pattern>> patternsByLayer = new ArrayList<>();
    layerRows.forEach(l -> patternsByLayer.add(new ArrayList<>()));
    rows.patterns(
        name,
        x -> {
          Pattern pattern = pattern(x, firings.getOrDefault(StoredValues.intOf(x.get("id")), null));
          if (pattern.layer() < 0 || pattern.layer() >= patternsByLayer.size()) {
            throw new IllegalStateException(
                "Pattern `"
                    + x.get("key")
                    + "` names layer "
                    + pattern.layer()
                    + ", but model `"
                    + name
                    + "` has "
                    + patternsByLayer.size()
                    + " layers: the stored graph is damaged; write it again");
          }
          patternsByLayer.get(pattern.layer()).add(pattern);
        });
    List<GraphLayer> layers = new ArrayList<>();
    for (int i = 0; i < layerRows.size(); i++) {
      List<Pattern> patterns = patternsByLayer.get(i);
      patterns.sort(Comparator.comparingInt(Pattern::id));
      layers.add(layer(layerRows.get(i), patterns));
    }
    return new ExplanatoryGraph(
        (String) model.getOrDefault("model", name),
        (String) model.get("onnxSha256"),
        layers,
        parameters(model),
        StoredValues.strings(model.get("trainingImageIds")));
  }

  private static Map<String, Object> parameters(Map<String, Object> model) {
    @SuppressWarnings("unchecked")
    Map<String, Object> parameters =
        (Map<String, Object>) Json.read((String) model.getOrDefault("parameters", "{}"));
    if (model.get("parameterTypes") != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> hints =
          (Map<String, Object>) Json.read((String) model.get("parameterTypes"));
      Json.applyHints(parameters, hints);
    }
    return parameters;
  }

  private static GraphLayer layer(Map<String, Object> l, List<Pattern> patterns) {
    LayerGeometry geometry =
        new LayerGeometry(
            (String) l.get("name"),
            StoredValues.intOf(l.get("index")),
            StoredValues.intOf(l.get("channels")),
            StoredValues.intOf(l.get("mapH")),
            StoredValues.intOf(l.get("mapW")),
            StoredValues.dbl(l.get("stride")),
            StoredValues.dbl(l.get("firstCenter")),
            StoredValues.dbl(l.get("receptiveField")),
            StoredValues.intOf(l.get("inputSize")));
    return new GraphLayer(
        geometry,
        StoredValues.floats(l.get("negativeSigma")),
        StoredValues.dbl(l.get("scoreScale")),
        patterns);
  }

  private static Pattern pattern(Map<String, Object> x, List<Ranked<Firing>> firings) {
    List<Ranked<ParentLink>> links = new ArrayList<>();
    for (Object o : (List<?>) x.get("parents")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> r = (Map<String, Object>) o;
      links.add(
          new Ranked<>(
              rank(r),
              new ParentLink(
                  StoredValues.intOf(r.get("parent")),
                  StoredValues.dbl(r.get("dx")),
                  StoredValues.dbl(r.get("dy")),
                  StoredValues.dbl(r.get("sigma")),
                  StoredValues.dbl(r.get("coactivation")))));
    }
    return new Pattern(
        StoredValues.intOf(x.get("id")),
        StoredValues.intOf(x.get("layer")),
        StoredValues.intOf(x.get("channel")),
        StoredValues.intOf(x.get("slot")),
        StoredValues.dbl(x.get("muX")),
        StoredValues.dbl(x.get("muY")),
        StoredValues.dbl(x.get("sigma")),
        StoredValues.dbl(x.get("meanScore")),
        Ranked.inOrder(links),
        firings == null ? List.of() : Ranked.inOrder(firings));
  }

  private static Firing firing(Map<String, Object> f) {
    return new Firing(
        (String) f.get("image"),
        StoredValues.dbl(f.get("x")),
        StoredValues.dbl(f.get("y")),
        StoredValues.dbl(f.get("score")));
  }

  /** Links and firings written before ranks were stored keep the order they are read in. */
  private static int rank(Map<String, Object> row) {
    return (int) StoredValues.lng(row.get("rank"));
  }

  private record Ranked<T>(int rank, T value) {
    static <T> List<T> inOrder(List<Ranked<T>> items) {
      items.sort(Comparator.comparingInt(Ranked::rank));
      return items.stream().map(Ranked::value).toList();
    }
  }
}
