package io.xgraph.cypher.query;

import io.xgraph.cypher.config.ConfigReader;
import java.util.List;

/** Resolves the {@code layer} configuration key: a layer name or a 0-based layer index. */
public final class LayerChoice {

  private LayerChoice() {}

  /**
   * The index of the chosen layer, or -1 when the key is absent.
   *
   * @throws IllegalArgumentException naming the value and listing the model's layers
   */
  public static int read(ConfigReader config, String model, List<LayerInfo> layers) {
    Object v = config.raw("layer");
    if (v == null) {
      return -1;
    }
    List<String> names = layers.stream().map(LayerInfo::name).toList();
    if (v instanceof String s) {
      int i = names.indexOf(s);
      if (i < 0) {
        throw new IllegalArgumentException(
            "Value for `layer` was `"
                + s
                + "`, but model `"
                + model
                + "` has the layers "
                + names
                + " (give a name or an index 0.."
                + (names.size() - 1)
                + ")"
                + config.where()
                + "."
                + ConfigReader.hint(s, new java.util.HashSet<>(names)));
      }
      return layers.get(i).index();
    }
    if (v instanceof Long || v instanceof Integer) {
      long i = ((Number) v).longValue();
      if (i < 0 || i >= layers.size()) {
        throw new IllegalArgumentException(
            "Value for `layer` was `"
                + i
                + "`, but must be within the range [0, "
                + (layers.size() - 1)
                + "] (model `"
                + model
                + "` has the layers "
                + names
                + ")"
                + config.where()
                + ".");
      }
      return (int) i;
    }
    throw new IllegalArgumentException(
        "Value for `layer` was `"
            + v
            + "`, but must be a layer name (string) or a layer index (integer), one of "
            + names
            + config.where()
            + ".");
  }
}
