package io.xgraph.cli;

import io.xgraph.evaluation.OcclusionMeasurement;
import io.xgraph.ingest.onnx.OcclusionRunner;
import io.xgraph.learner.meaning.DropSummary;
import io.xgraph.learner.meaning.Faithfulness;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Pattern;
import java.util.List;
import java.util.Locale;

/** The printed output of {@code xgraph part occlusion}: per-layer table, one pattern, cost. */
final class FaithfulnessTable {

  private FaithfulnessTable() {}

  /** The per-layer table of the chosen layers. */
  static String format(List<Faithfulness.Row> rows, List<Integer> layers, int images, int top) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        f(
            "Drop of the top class probability when a region is occluded, on %d held-out images"
                + " (mean ± standard error, n occlusions); strongest = the %d strongest firing"
                + " patterns per image and layer, control = a random square of the same size on"
                + " the same image for each of them; \"per image first\" averages each image's"
                + " differences before the mean (n images: the conservative error)%n",
            images, top));
    sb.append(
        f(
            "%-16s %6s  %-26s %-26s %-26s %-26s %-26s %-26s%n",
            "layer",
            "side",
            "strongest",
            "random (control)",
            "strongest - control",
            "same, per image first",
            "part-labelled",
            "unlabelled"));
    for (int l : layers) {
      Faithfulness.Row r = rows.get(l);
      sb.append(
          f(
              "%-16s %4.0fpx  %-26s %-26s %-26s %-26s %-26s %-26s%n",
              r.layer(),
              r.side(),
              cell(r.strongest()),
              cell(r.control()),
              cell(r.difference()),
              cell(r.differenceByImage()),
              cell(r.labelled()),
              cell(r.unlabelled())));
    }
    return sb.toString();
  }

  /** One pattern's occlusions, one row per image where it fired. */
  static String pattern(
      Pattern p,
      ExplanatoryGraph graph,
      double side,
      List<OcclusionMeasurement.PatternRow> rows,
      int images) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        f(
            "pattern %d (layer %s, channel %d): fired on %d of %d held-out images; occluded square"
                + " %.0f px%n",
            p.id(),
            graph.layers().get(p.layer()).geometry().name(),
            p.channel(),
            rows.size(),
            images,
            side));
    if (rows.isEmpty()) {
      return sb.toString();
    }
    sb.append(
        f(
            "  %-8s %7s %7s %7s %6s %8s %8s %8s%n",
            "image", "score", "x", "y", "class", "p(top)", "drop", "control"));
    double[] drops = new double[rows.size()];
    double[] controls = new double[rows.size()];
    double[] diffs = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      OcclusionMeasurement.PatternRow r = rows.get(i);
      sb.append(
          f(
              "  %-8s %7.2f %7.1f %7.1f %6d %8.4f %8.4f %8.4f%n",
              r.imageId(),
              r.score(),
              r.x(),
              r.y(),
              r.topClass(),
              r.topScore(),
              r.drop(),
              r.controlDrop()));
      drops[i] = r.drop();
      controls[i] = r.controlDrop();
      diffs[i] = r.drop() - r.controlDrop();
    }
    sb.append(
        f(
            "mean drop %s; random same-size region %s; difference %s%n",
            cell(DropSummary.of(drops)),
            cell(DropSummary.of(controls)),
            cell(DropSummary.of(diffs))));
    return sb.toString();
  }

  /** The cost line: CNN time per occlusion, occlusions and images per second. */
  static String cost(
      OcclusionMeasurement.Cost c,
      double wallSeconds,
      double cpuSeconds,
      OcclusionRunner runner,
      int requestedBatch) {
    long runs = c.occlusions() + c.images();
    return f("mean top class probability of the unoccluded images: %.4f%n", c.meanTopScore())
        + f(
            "cost: %d occlusions + %d unoccluded runs on %d images in %.1f s wall, %.1f CPU-s (CNN"
                + " %.1f s wall, image decoding %.1f s):"
                + " %.2f ms of CNN wall and %.2f CPU-ms per occlusion, %.1f occlusions/s, %.2f"
                + " images/s; batch %d%s, %s%n",
            c.occlusions(),
            c.images(),
            c.images(),
            wallSeconds,
            cpuSeconds,
            c.cnnSeconds(),
            c.decodeSeconds(),
            runs == 0 ? Double.NaN : 1000 * c.cnnSeconds() / runs,
            runs == 0 ? Double.NaN : 1000 * cpuSeconds / runs,
            c.occlusions() / Math.max(1e-9, wallSeconds),
            c.images() / Math.max(1e-9, wallSeconds),
            c.batch(),
            c.batch() < requestedBatch ? " (the model takes no batch)" : "",
            runner.appliesSoftmax()
                ? "class probability = softmax of the model's output"
                : "class probability = the model's output");
  }

  private static String cell(DropSummary s) {
    return s.n() == 0 ? "-" : f("%.4f ± %.4f (%d)", s.mean(), s.se(), s.n());
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
