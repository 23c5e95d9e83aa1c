package io.xgraph.cli;

import io.xgraph.learner.meaning.LayerPurity;
import io.xgraph.learner.meaning.PurityComparison;
import io.xgraph.learner.meaning.TrackingRule;
import java.util.List;

/** The text table of {@code xgraph part labels}' purity comparison (top-K firings). */
final class PurityTable {

  private PurityTable() {}

  /** The table; {@code topK} 0 means each detector was judged on all its firings. */
  static String format(List<PurityComparison.Row> rows, int heldOut, TrackingRule rule, int topK) {
    StringBuilder sb = new StringBuilder();
    if (topK > 0) {
      int minVisible =
          PurityComparison.rule(rule.radiusFraction(), rule.minShare(), topK).minFirings();
      sb.append(
          String.format(
              "Part purity (the journal's protocol): each detector judged on its %d strongest of"
                  + " %d held-out images; it tracks a part when >= %.0f%% of those showing the part"
                  + " (>= %d) are within %.3g x the receptive field of it%n",
              topK, heldOut, 100 * rule.minShare(), minVisible, rule.radiusFraction()));
    } else {
      sb.append(
          String.format(
              "Part purity, each detector judged on all its firings on %d held-out images; it"
                  + " tracks a part when >= %.0f%% of its firings showing the part (>= %d) are"
                  + " within %.3g x the receptive field of it%n",
              heldOut, 100 * rule.minShare(), rule.minFirings(), rule.radiusFraction()));
    }
    sb.append(
        String.format(
            "%-16s %7s  %-17s %-17s %-17s %-17s %-17s%n",
            "layer",
            "radius",
            "raw filters",
            "graph, strongest",
            "their raw filters",
            "graph, 1/filter",
            "graph, all"));
    for (PurityComparison.Row r : rows) {
      sb.append(
          String.format(
              "%-16s %5.1fpx  %-17s %-17s %-17s %-17s %-17s%n",
              r.layer(),
              r.radius(),
              cell(r.raw().truth()),
              cell(r.strongest().truth()),
              cell(r.rawOnStrongestFilters().truth()),
              cell(r.perFilter().truth()),
              cell(r.all().truth())));
      sb.append(
          String.format(
              "%-16s %7s  %-17s %-17s %-17s %-17s %-17s%n",
              "  shuffled kp",
              "",
              cell(r.raw().shuffled()),
              cell(r.strongest().shuffled()),
              cell(r.rawOnStrongestFilters().shuffled()),
              cell(r.perFilter().shuffled()),
              cell(r.all().shuffled())));
    }
    sb.append(
        "(cell: tracking / rated = purity; strongest: the graph's patterns with the highest mean"
            + " training score, as many as the layer has filters; their raw filters: the filters"
            + " those patterns belong to, each once; 1/filter: the strongest pattern of each"
            + " filter)\n");
    sb.append(
        String.format(
            "%-16s %-30s %-34s %s%n",
            "per filter",
            "paired: graph only/raw only/both",
            "filters with a tracking pattern",
            "parts per such filter"));
    for (PurityComparison.Row r : rows) {
      sb.append(
          String.format(
              "%-16s %-30s %-34s %.2f%n",
              r.layer(),
              r.pairedGraphOnly() + " / " + r.pairedRawOnly() + " / " + r.pairedBoth(),
              String.format(
                  "%d/%d = %.3f (shuffled %d)",
                  r.filtersTracking(),
                  r.filtersRated(),
                  r.filtersRated() == 0
                      ? Double.NaN
                      : (double) r.filtersTracking() / r.filtersRated(),
                  r.filtersTrackingShuffled()),
              r.partsPerTrackingFilter()));
    }
    return sb.toString();
  }

  private static String cell(LayerPurity p) {
    return String.format("%d/%d = %.3f", p.tracking(), p.rated(), p.purity());
  }
}
