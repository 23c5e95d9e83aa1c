package io.xgraph.learner.meaning;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.data.Point;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Part purity of the graph against the raw filters as the journal version compares them: every
 * detector judged by its top-K held-out images by score, the graph represented by its strongest
 * patterns (as many as the layer has filters), each against shuffled keypoints. Two more views keep
 * the comparison honest: the strongest pattern of each filter paired with that filter (the same
 * filters on both sides), and all patterns.
 */
public final class PurityComparison {

  private PurityComparison() {}

  /**
   * One layer's detectors on the held-out images.
   *
   * @param geometry the layer
   * @param channel filter of each pattern row
   * @param strength each pattern's mean score over the training images (selects the strongest)
   * @param graphX inferred x per pattern and image
   * @param graphY inferred y
   * @param graphJudged the images each pattern is judged on (its top-K, or its firings)
   * @param rawX raw filter argmax x per filter and image
   * @param rawY raw filter argmax y
   * @param rawJudged the images each raw filter is judged on
   */
  public record Input(
      LayerGeometry geometry,
      int[] channel,
      double[] strength,
      float[][] graphX,
      float[][] graphY,
      boolean[][] graphJudged,
      float[][] rawX,
      float[][] rawY,
      boolean[][] rawJudged) {}

  /** Purity of one set of detectors with the true and the shuffled keypoints. */
  public record Pair(LayerPurity truth, LayerPurity shuffled) {}

  /**
   * One layer.
   *
   * @param raw the layer's raw filters
   * @param strongest the graph's strongest patterns, as many as the layer has filters (the
   *     journal's)
   * @param rawOnStrongestFilters the raw filters that the strongest patterns come from, each once:
   *     whether the strongest patterns are purer than their own filters, not only than all filters
   * @param perFilter the strongest pattern of each filter
   * @param all all the graph's patterns
   * @param pairedGraphOnly filters (rated on both sides) whose strongest pattern tracks a part and
   *     the raw filter does not
   * @param pairedRawOnly ...the raw filter tracks and its strongest pattern does not
   * @param pairedBoth ...both track
   * @param filtersRated filters with at least one rated pattern
   * @param filtersTracking filters with at least one tracking pattern (true keypoints)
   * @param filtersTrackingShuffled the same against shuffled keypoints
   * @param partsPerTrackingFilter mean number of distinct parts that the tracking patterns of a
   *     tracking filter follow (each pattern counted by its best part): the graph's claim is that a
   *     filter's several parts become separate patterns
   */
  public record Row(
      String layer,
      double radius,
      Pair raw,
      Pair strongest,
      Pair rawOnStrongestFilters,
      Pair perFilter,
      Pair all,
      int pairedGraphOnly,
      int pairedRawOnly,
      int pairedBoth,
      int filtersRated,
      int filtersTracking,
      int filtersTrackingShuffled,
      double partsPerTrackingFilter) {}

  /**
   * The rule on top-K images: on the part within {@code radiusFraction} of the receptive field,
   * tracking at {@code minShare}, rated when the part is visible on at least half of the K images.
   */
  public static TrackingRule rule(double radiusFraction, double minShare, int k) {
    return new TrackingRule(radiusFraction, minShare, (k + 1) / 2);
  }

  /**
   * Compares every layer.
   *
   * @param parts visible keypoints of the held-out images (the columns of the inputs)
   * @param partIds the parts to measure
   * @param rule when a detector tracks a part ({@link #rule} for top-K images)
   * @param seed seed of the shuffled-keypoint control
   */
  public static List<Row> compare(
      List<Input> layers,
      List<Map<Integer, Point>> parts,
      int[] partIds,
      TrackingRule rule,
      long seed) {
    List<Map<Integer, Point>> shuffled = PartTracking.shuffled(parts, seed);
    List<Row> rows = new ArrayList<>();
    for (Input in : layers) {
      String name = in.geometry().name();
      double r = rule.radius(in.geometry());
      boolean[][] gTop = in.graphJudged();
      boolean[][] rTop = in.rawJudged();
      PartTracking.Track[][] g =
          PartTracking.measure(in.graphX(), in.graphY(), gTop, parts, partIds, r);
      PartTracking.Track[][] gs =
          PartTracking.measure(in.graphX(), in.graphY(), gTop, shuffled, partIds, r);
      PartTracking.Track[][] raw =
          PartTracking.measure(in.rawX(), in.rawY(), rTop, parts, partIds, r);
      PartTracking.Track[][] raws =
          PartTracking.measure(in.rawX(), in.rawY(), rTop, shuffled, partIds, r);
      int filters = in.geometry().channels();
      int[] strongest = TopFirings.strongest(in.strength(), filters);
      int[] perFilter = TopFirings.strongestPerFilter(in.channel(), in.strength(), filters);
      int[] present = IntStream.of(perFilter).filter(v -> v >= 0).toArray();
      int[] strongestFilters =
          IntStream.of(strongest).map(v -> in.channel()[v]).distinct().toArray();
      int graphOnly = 0;
      int rawOnly = 0;
      int both = 0;
      for (int c = 0; c < filters; c++) {
        int v = perFilter[c];
        if (v < 0 || PartTracking.best(g[v], rule) == null || !rated(raw[c], rule)) {
          continue;
        }
        boolean gt = tracks(g[v], rule);
        boolean rt = tracks(raw[c], rule);
        graphOnly += gt && !rt ? 1 : 0;
        rawOnly += rt && !gt ? 1 : 0;
        both += gt && rt ? 1 : 0;
      }
      FilterCoverage truth = coverage(g, in.channel(), filters, rule);
      FilterCoverage chance = coverage(gs, in.channel(), filters, rule);
      rows.add(
          new Row(
              name,
              r,
              pair(name, r, raw, raws, null, rule),
              pair(name, r, g, gs, strongest, rule),
              pair(name, r, raw, raws, strongestFilters, rule),
              pair(name, r, g, gs, present, rule),
              pair(name, r, g, gs, null, rule),
              graphOnly,
              rawOnly,
              both,
              truth.rated,
              truth.tracking,
              chance.tracking,
              truth.partsPerTracking));
    }
    return rows;
  }

  private static boolean rated(PartTracking.Track[] row, TrackingRule rule) {
    return PartTracking.best(row, rule) != null;
  }

  private static boolean tracks(PartTracking.Track[] row, TrackingRule rule) {
    for (PartTracking.Track t : row) {
      if (rule.tracks(t)) {
        return true;
      }
    }
    return false;
  }

  private static Pair pair(
      String layer,
      double radius,
      PartTracking.Track[][] truth,
      PartTracking.Track[][] shuffled,
      int[] rows,
      TrackingRule rule) {
    return new Pair(
        LayerPurity.of(layer, radius, pick(truth, rows), rule),
        LayerPurity.of(layer, radius, pick(shuffled, rows), rule));
  }

  private static PartTracking.Track[][] pick(PartTracking.Track[][] t, int[] rows) {
    if (rows == null) {
      return t;
    }
    PartTracking.Track[][] out = new PartTracking.Track[rows.length][];
    for (int j = 0; j < rows.length; j++) {
      out[j] = t[rows[j]];
    }
    return out;
  }

  private record FilterCoverage(int rated, int tracking, double partsPerTracking) {}

  /** Filters with a rated / a tracking pattern, and the distinct best parts of the latter. */
  private static FilterCoverage coverage(
      PartTracking.Track[][] t, int[] channel, int filters, TrackingRule rule) {
    boolean[] rated = new boolean[filters];
    List<Set<Integer>> parts = new ArrayList<>();
    for (int c = 0; c < filters; c++) {
      parts.add(new HashSet<>());
    }
    for (int v = 0; v < t.length; v++) {
      PartTracking.Track best = PartTracking.best(t[v], rule);
      if (best == null) {
        continue;
      }
      rated[channel[v]] = true;
      if (rule.tracks(best)) {
        parts.get(channel[v]).add(best.part());
      }
    }
    int nRated = 0;
    int tracking = 0;
    int partSum = 0;
    for (int c = 0; c < filters; c++) {
      nRated += rated[c] ? 1 : 0;
      int p = parts.get(c).size();
      tracking += p > 0 ? 1 : 0;
      partSum += p;
    }
    return new FilterCoverage(
        nRated, tracking, tracking == 0 ? Double.NaN : (double) partSum / tracking);
  }
}
