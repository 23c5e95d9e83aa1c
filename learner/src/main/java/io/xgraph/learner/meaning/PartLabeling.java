package io.xgraph.learner.meaning;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.data.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Part labels of a graph's patterns with their controls, layer by layer: the graph's patterns, the
 * raw filters of the same layer, and both again against shuffled keypoints. The labels are the
 * patterns that pass the {@link TrackingRule} for a part.
 */
public final class PartLabeling {

  private PartLabeling() {}

  /**
   * One layer's detectors on the held-out images (columns in the order of the keypoint list).
   *
   * @param geometry the layer
   * @param patternIds graph-wide id of each pattern row
   * @param graphX inferred x per pattern and image
   * @param graphY inferred y
   * @param graphFired the learner's firing rule per pattern and image
   * @param rawX raw filter argmax x per filter and image
   * @param rawY raw filter argmax y
   * @param rawFired the raw filters' firing rule ({@link PartTracking#firedByMeanRatio})
   */
  public record LayerInput(
      LayerGeometry geometry,
      int[] patternIds,
      float[][] graphX,
      float[][] graphY,
      boolean[][] graphFired,
      float[][] rawX,
      float[][] rawY,
      boolean[][] rawFired) {}

  /** Per-layer purity of the graph, the raw filters and both against shuffled keypoints. */
  public record Row(
      LayerPurity graph, LayerPurity raw, LayerPurity graphShuffled, LayerPurity rawShuffled) {}

  /** The per-layer table and the labels of the graph's patterns. */
  public record Result(List<Row> rows, List<PartLabel> labels) {}

  /**
   * Labels the patterns of every layer.
   *
   * @param parts visible keypoints of the held-out images
   * @param partIds the parts to label with
   * @param partName name of a part id
   * @param seed seed of the shuffled-keypoint control
   */
  public static Result label(
      List<LayerInput> layers,
      List<Map<Integer, Point>> parts,
      int[] partIds,
      IntFunction<String> partName,
      TrackingRule rule,
      long seed) {
    List<Map<Integer, Point>> shuffled = PartTracking.shuffled(parts, seed);
    List<Row> rows = new ArrayList<>();
    List<PartLabel> labels = new ArrayList<>();
    for (LayerInput in : layers) {
      String name = in.geometry().name();
      double radius = rule.radius(in.geometry());
      PartTracking.Track[][] g =
          PartTracking.measure(in.graphX(), in.graphY(), in.graphFired(), parts, partIds, radius);
      PartTracking.Track[][] gs =
          PartTracking.measure(
              in.graphX(), in.graphY(), in.graphFired(), shuffled, partIds, radius);
      PartTracking.Track[][] r =
          PartTracking.measure(in.rawX(), in.rawY(), in.rawFired(), parts, partIds, radius);
      PartTracking.Track[][] rs =
          PartTracking.measure(in.rawX(), in.rawY(), in.rawFired(), shuffled, partIds, radius);
      rows.add(
          new Row(
              LayerPurity.of(name, radius, g, rule),
              LayerPurity.of(name, radius, r, rule),
              LayerPurity.of(name, radius, gs, rule),
              LayerPurity.of(name, radius, rs, rule)));
      for (int v = 0; v < g.length; v++) {
        for (int k = 0; k < partIds.length; k++) {
          PartTracking.Track t = g[v][k];
          if (rule.tracks(t)) {
            labels.add(
                new PartLabel(
                    in.patternIds()[v],
                    partName.apply(partIds[k]),
                    t.firings(),
                    t.share(),
                    gs[v][k].share(),
                    t.meanDx(),
                    t.meanDy(),
                    t.spread(),
                    radius));
          }
        }
      }
    }
    return new Result(rows, labels);
  }
}
