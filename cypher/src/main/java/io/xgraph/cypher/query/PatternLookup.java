package io.xgraph.cypher.query;

import io.xgraph.cypher.config.ConfigReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The filter, order and page of {@code xg.pattern.lookup}, and its selection over a {@link
 * PatternTable}.
 *
 * @param layer layer index, or -1 for all layers
 * @param channel filter index, or -1 for all
 * @param minScore lowest meanScore kept
 * @param maxScore highest meanScore kept
 * @param minX left bound of the prior position muX, input-plane pixels
 * @param maxX right bound of muX
 * @param minY top bound of muY
 * @param maxY bottom bound of muY
 * @param skip rows skipped after ordering
 * @param limit rows returned at most
 * @param orderBy score, id or channel
 * @param descending order direction
 */
public record PatternLookup(
    int layer,
    int channel,
    double minScore,
    double maxScore,
    double minX,
    double maxX,
    double minY,
    double maxY,
    long skip,
    int limit,
    String orderBy,
    boolean descending) {

  /** Hard maximum of {@code limit}: larger pages must be fetched with skip. */
  public static final int MAX_LIMIT = 10_000;

  /** Default page size. */
  public static final int DEFAULT_LIMIT = 100;

  static final Set<String> ORDERS = Set.of("score", "id", "channel");

  /** Reads and validates the configuration of {@code xg.pattern.lookup}. */
  public static PatternLookup parse(ConfigReader c, String model, PatternTable table) {
    int layer = LayerChoice.read(c, model, table.layers());
    long maxChannel =
        layer >= 0
            ? table.layers().get(layer).channels() - 1
            : table.layers().stream().mapToInt(LayerInfo::channels).max().orElse(1) - 1;
    int channel = (int) c.integer("channel", -1, -1, maxChannel);
    double minScore = c.number("minScore", Double.NEGATIVE_INFINITY, -1e12, 1e12);
    double maxScore = c.number("maxScore", Double.POSITIVE_INFINITY, -1e12, 1e12);
    int size = table.inputSize();
    double minX = c.number("minX", 0, 0, size);
    double maxX = c.number("maxX", size, 0, size);
    double minY = c.number("minY", 0, 0, size);
    double maxY = c.number("maxY", size, 0, size);
    long skip = c.integer("skip", 0, 0, Integer.MAX_VALUE);
    int limit = (int) c.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    String orderBy = c.text("orderBy", "score", ORDERS);
    boolean descending = c.flag("descending", orderBy.equals("score"));
    c.done();
    if (minScore > maxScore) {
      throw new IllegalArgumentException(
          "Values for `minScore` and `maxScore` were `"
              + minScore
              + "` and `"
              + maxScore
              + "`, but minScore must not exceed maxScore"
              + c.where()
              + ".");
    }
    if (minX > maxX || minY > maxY) {
      throw new IllegalArgumentException(
          "Region [minX, maxX] x [minY, maxY] was ["
              + minX
              + ", "
              + maxX
              + "] x ["
              + minY
              + ", "
              + maxY
              + "], but each minimum must not exceed its maximum"
              + c.where()
              + ".");
    }
    return new PatternLookup(
        layer,
        channel,
        minScore,
        maxScore,
        minX,
        maxX,
        minY,
        maxY,
        skip,
        limit,
        orderBy,
        descending);
  }

  /**
   * One page of rows.
   *
   * @param rows rows of the table on this page, in order
   * @param total rows that pass the filter, on all pages
   */
  public record Page(List<Integer> rows, int total) {}

  /** Rows of {@code table} that pass the filter, ordered, paged. */
  public Page select(PatternTable t) {
    List<Integer> rows = new ArrayList<>();
    for (int r = 0; r < t.size(); r++) {
      if ((layer < 0 || t.layer(r) == layer)
          && (channel < 0 || t.channel(r) == channel)
          && t.meanScore(r) >= minScore
          && t.meanScore(r) <= maxScore
          && t.muX(r) >= minX
          && t.muX(r) <= maxX
          && t.muY(r) >= minY
          && t.muY(r) <= maxY) {
        rows.add(r);
      }
    }
    Comparator<Integer> primary =
        switch (orderBy) {
          case "score" -> Comparator.comparingDouble(t::meanScore);
          case "channel" -> Comparator.<Integer>comparingInt(t::layer).thenComparingInt(t::channel);
          default -> Comparator.comparingInt(t::id);
        };
    if (descending) {
      primary = primary.reversed();
    }
    // Ties broken by id ascending so that pages are stable.
    rows.sort(primary.thenComparingInt(t::id));
    int from = (int) Math.min(rows.size(), skip);
    int to = (int) Math.min(rows.size(), skip + limit);
    return new Page(rows.subList(from, to), rows.size());
  }
}
