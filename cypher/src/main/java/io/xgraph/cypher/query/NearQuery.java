package io.xgraph.cypher.query;

import io.xgraph.cypher.config.ConfigReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The neighbourhood query of {@code xg.pattern.near}: patterns whose prior position (muX, muY) lies
 * within {@code radius} pixels of a point, the closest {@code limitPerLayer} per layer.
 *
 * @param x point, input-plane x, pixels
 * @param y point, input-plane y, pixels
 * @param radius largest distance kept, pixels
 * @param limitPerLayer rows per layer at most
 * @param minScore lowest meanScore kept
 * @param layer only this layer index, or -1 for every layer
 */
public record NearQuery(
    double x, double y, double radius, int limitPerLayer, double minScore, int layer) {

  /** Hard maximum of {@code limitPerLayer}. */
  public static final int MAX_LIMIT = 10_000;

  /** One selected pattern: table row, distance and rank within its layer (0 = closest). */
  public record Hit(int row, double distance, int rank) {}

  /** Reads and validates the arguments and configuration of {@code xg.pattern.near}. */
  public static NearQuery parse(
      ConfigReader c, String model, PatternTable table, Double x, Double y) {
    int size = table.inputSize();
    checkCoordinate("x", x, size);
    checkCoordinate("y", y, size);
    double radius = c.number("radius", 32, 0, 2.0 * size);
    int limit = (int) c.integer("limitPerLayer", 10, 1, MAX_LIMIT);
    double minScore = c.number("minScore", Double.NEGATIVE_INFINITY, -1e12, 1e12);
    int layer = LayerChoice.read(c, model, table.layers());
    c.done();
    return new NearQuery(x, y, radius, limit, minScore, layer);
  }

  private static void checkCoordinate(String name, Double v, int size) {
    if (v == null || !Double.isFinite(v) || v < 0 || v > size) {
      throw new IllegalArgumentException(
          "Argument `"
              + name
              + (v == null ? "` was null" : "` was `" + v + "`")
              + ", but must be a number within the range [0, "
              + size
              + "] (pixels of the model's "
              + size
              + "x"
              + size
              + " input plane).");
    }
  }

  /** Hits ordered by layer, then distance, then id. */
  public List<Hit> select(PatternTable t) {
    List<List<Integer>> byLayer = new ArrayList<>();
    for (int l = 0; l < t.layers().size(); l++) {
      byLayer.add(new ArrayList<>());
    }
    double[] dist = new double[t.size()];
    for (int r = 0; r < t.size(); r++) {
      if ((layer >= 0 && t.layer(r) != layer) || t.meanScore(r) < minScore) {
        continue;
      }
      dist[r] = Math.hypot(t.muX(r) - x, t.muY(r) - y);
      if (dist[r] <= radius) {
        byLayer.get(t.layer(r)).add(r);
      }
    }
    List<Hit> out = new ArrayList<>();
    for (List<Integer> rows : byLayer) {
      rows.sort(Comparator.<Integer>comparingDouble(r -> dist[r]).thenComparingInt(t::id));
      for (int k = 0; k < Math.min(limitPerLayer, rows.size()); k++) {
        out.add(new Hit(rows.get(k), dist[rows.get(k)], k));
      }
    }
    return out;
  }
}
