package io.xgraph.cli;

import io.xgraph.learner.meaning.PartLabel;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.Pattern;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The part-label captions of a patch sheet: each pattern's stored labels (TRACKS), best share
 * first, as "beak 82%"; "no part label" when it tracks none. Labels are null when the graph was
 * read from a graph file (they live in a store only).
 */
final class PartCaptions {

  private final List<PartLabel> labels;
  private final Map<Integer, List<PartLabel>> byPattern = new HashMap<>();

  PartCaptions(List<PartLabel> labels) {
    this.labels = labels;
    if (labels != null) {
      for (PartLabel l : labels) {
        byPattern.computeIfAbsent(l.patternId(), k -> new ArrayList<>()).add(l);
      }
      byPattern
          .values()
          .forEach(ls -> ls.sort(Comparator.comparingDouble(PartLabel::share).reversed()));
    }
  }

  /** Pattern {@code id}'s caption: its best two labels with their shares, or "no part label". */
  String caption(int id) {
    List<PartLabel> ls = byPattern.get(id);
    if (ls == null) {
      return labels == null ? "(labels: read a store)" : "no part label";
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(2, ls.size()); i++) {
      s.append(i == 0 ? "" : ", ")
          .append(ls.get(i).part())
          .append(String.format(Locale.ROOT, " %.0f%%", 100 * ls.get(i).share()));
    }
    if (ls.size() > 2) {
      s.append(" +").append(ls.size() - 2);
    }
    return s.toString();
  }

  /** Whether pattern {@code id} has a stored part label. */
  boolean labelled(int id) {
    return byPattern.containsKey(id);
  }

  /** What the sheet's title adds when no pattern can carry a label. */
  String note() {
    if (labels == null) {
      return " (part labels live in a store: read --store for captions)";
    }
    return labels.isEmpty()
        ? " (no part labels stored: xgraph part labels --store writes them)"
        : "";
  }

  /**
   * Up to {@code n} patterns of {@code layer} tracking {@code part}, best share first.
   *
   * @throws IllegalArgumentException no labels, an unknown part, or none in this layer
   */
  List<Pattern> tracking(GraphLayer layer, String part, int n) {
    if (labels == null || labels.isEmpty()) {
      throw new IllegalArgumentException(
          "--part "
              + part
              + " needs part labels, and "
              + (labels == null
                  ? "a graph file holds none: read the store (--store)"
                  : "the store holds none for this graph")
              + "; xgraph part labels --features F --graph G --store DIR writes them");
    }
    TreeSet<String> parts = new TreeSet<>();
    labels.forEach(l -> parts.add(l.part()));
    if (!parts.contains(part)) {
      throw new IllegalArgumentException(
          "Value for `--part` was `" + part + "`, but the graph's patterns track " + parts);
    }
    Map<Integer, Double> share = new HashMap<>();
    for (PartLabel l : labels) {
      if (l.part().equals(part)) {
        share.put(l.patternId(), l.share());
      }
    }
    List<Pattern> out =
        layer.patterns().stream()
            .filter(p -> share.containsKey(p.id()) && !p.topImages().isEmpty())
            .sorted(Comparator.comparingDouble((Pattern p) -> share.get(p.id())).reversed())
            .limit(n)
            .toList();
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "No pattern of layer "
              + layer.geometry().name()
              + " tracks `"
              + part
              + "`: choose another --layer (xgraph part labels lists the layers' labels)");
    }
    return out;
  }
}
