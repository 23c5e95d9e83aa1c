package io.xgraph.store.internal;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.GraphStore;
import io.xgraph.store.Provenance;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keys and property values of the stored graph: pattern and layer keys, the properties of a graph's
 * root and layer nodes, and the conversions of values read back (embedded stores return Java
 * arrays, Bolt returns lists).
 */
public final class StoredValues {

  private StoredValues() {}

  /**
   * Whether a PARENT edge stores its own {@code sigma} (schema 2): only when it differs from the
   * parent pattern's {@code sigma}, which it equals in every learned graph (the learner copies it).
   * Readers take {@code coalesce(r.sigma, parent.sigma)}. Saves one of three property records.
   */
  public static boolean storesParentSigma(ParentLink link, Double parentSigma) {
    return parentSigma == null
        || Double.doubleToLongBits(parentSigma) != Double.doubleToLongBits(link.parentSigma());
  }

  /** Globally unique key of a pattern: graph name and the pattern's id within the graph. */
  public static String patternKey(String graph, int id) {
    return graph + ":" + id;
  }

  /** Globally unique key of a layer: graph name and layer name. */
  public static String layerKey(String graph, String layer) {
    return graph + ":" + layer;
  }

  static Map<String, Object> modelProperties(GraphTarget target, String writer) {
    ExplanatoryGraph graph = target.graph();
    Provenance provenance = target.provenance();
    Map<String, Object> m = new HashMap<>(provenance.properties());
    m.put("name", target.name());
    m.put("model", target.model());
    m.put("category", target.category());
    m.put("learnedAt", ZonedDateTime.now(java.time.ZoneOffset.UTC));
    m.put("onnxSha256", graph.modelSha256());
    m.put("writer", writer);
    m.put("schemaVersion", GraphStore.SCHEMA_VERSION);
    m.put("layers", graph.layers().stream().map(l -> l.geometry().name()).toList());
    m.put("layerCount", graph.layers().size());
    m.put("patternCount", graph.patternCount());
    m.put("parentCount", graph.edgeCount());
    m.put("firingCount", firingCount(graph));
    m.put("parameters", Json.write(graph.parameters()));
    Map<String, Object> hints = Json.typeHints(graph.parameters());
    if (!hints.isEmpty()) {
      m.put("parameterTypes", Json.write(hints));
    }
    m.put("trainingImageIds", graph.trainingImageIds());
    m.put("trainingImageCount", graph.trainingImageIds().size());
    m.put("dataset", provenance.dataset());
    m.put("toolVersions", Json.write(provenance.toolVersions()));
    return m;
  }

  static Map<String, Object> layerProperties(GraphTarget target, GraphLayer layer) {
    LayerGeometry g = layer.geometry();
    Map<String, Object> l = new HashMap<>();
    l.put("key", layerKey(target.name(), g.name()));
    l.put("graph", target.name());
    l.put("model", target.model());
    l.put("name", g.name());
    l.put("index", g.index());
    l.put("channels", g.channels());
    l.put("mapH", g.height());
    l.put("mapW", g.width());
    l.put("stride", g.stride());
    l.put("firstCenter", g.firstCenter());
    l.put("receptiveField", g.receptiveField());
    l.put("inputSize", g.inputSize());
    l.put("scoreScale", layer.scoreScale());
    l.put("negativeSigma", layer.negativeSigma());
    l.put("patternCount", layer.patterns().size());
    return l;
  }

  /** Distinct images the graph fires on (Image nodes it may create). */
  static long imageCount(ExplanatoryGraph graph) {
    Set<String> ids = new HashSet<>();
    for (GraphLayer l : graph.layers()) {
      for (Pattern p : l.patterns()) {
        for (Firing f : p.topImages()) {
          ids.add(f.imageId());
        }
      }
    }
    return ids.size();
  }

  static long firingCount(ExplanatoryGraph graph) {
    return graph.layers().stream()
        .flatMap(l -> l.patterns().stream())
        .mapToLong(p -> p.topImages().size())
        .sum();
  }

  static int intOf(Object o) {
    return ((Number) o).intValue();
  }

  static long lng(Object o) {
    return o == null ? 0 : ((Number) o).longValue();
  }

  static double dbl(Object o) {
    return ((Number) o).doubleValue();
  }

  /** float[] embedded; a list of doubles over Bolt (which has no 32-bit floats); double[] too. */
  static float[] floats(Object o) {
    if (o instanceof float[] f) {
      return f;
    }
    if (o instanceof double[] d) {
      float[] out = new float[d.length];
      for (int i = 0; i < d.length; i++) {
        out[i] = (float) d[i];
      }
      return out;
    }
    List<?> list = (List<?>) o;
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) list.get(i)).floatValue();
    }
    return out;
  }

  static List<String> strings(Object o) {
    if (o == null) {
      return List.of();
    }
    if (o instanceof String[] a) {
      return List.of(a);
    }
    return ((List<?>) o).stream().map(String::valueOf).toList();
  }
}
