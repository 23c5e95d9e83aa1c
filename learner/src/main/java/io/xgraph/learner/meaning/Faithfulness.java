package io.xgraph.learner.meaning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Faithfulness of patterns by occlusion: which patterns to occlude on an image, and the per-layer
 * and per-pattern means of the resulting drops of the image's top class score. The occlusion runs
 * themselves (the CNN) happen elsewhere; this class only chooses and counts.
 *
 * <p>Per layer it keeps four groups of drops: the <b>strongest</b> firing patterns of each image,
 * the <b>control</b> (for each of those, a random region of the same size on the same image), and
 * the strongest firing patterns that are <b>labelled</b> (track a part) and <b>unlabelled</b>. The
 * paired difference strongest minus control is kept too: it is the figure the control exists for.
 */
public final class Faithfulness {

  private Faithfulness() {}

  /**
   * The indices of the {@code n} patterns with the highest score among those that fired and that
   * {@code eligible} admits (null admits all), best first; ties go to the lower index.
   */
  public static int[] strongest(float[] score, boolean[] fired, boolean[] eligible, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("Cannot choose " + n + " patterns; n must be >= 0");
    }
    List<Integer> candidates = new ArrayList<>();
    for (int v = 0; v < score.length; v++) {
      if (fired[v] && (eligible == null || eligible[v])) {
        candidates.add(v);
      }
    }
    candidates.sort(
        (a, b) -> {
          int c = Float.compare(score[b], score[a]);
          return c != 0 ? c : Integer.compare(a, b);
        });
    return candidates.stream().limit(n).mapToInt(Integer::intValue).toArray();
  }

  /** Drop of a score: {@code before - after} (positive when occlusion lowers it). */
  public static double drop(double before, double after) {
    return before - after;
  }

  /** The groups a layer's drops are kept in. */
  public enum Group {
    STRONGEST,
    CONTROL,
    LABELLED,
    UNLABELLED
  }

  /**
   * One layer's figures.
   *
   * @param layer layer name
   * @param side side of the occluded square, pixels (before clipping to the input)
   * @param strongest drops of the strongest firing patterns
   * @param control drops of random same-size regions, one per strongest-pattern occlusion
   * @param difference paired differences strongest minus its control
   * @param differenceByImage the same averaged per image first (n = images): the occlusions of one
   *     image are not independent, so this is the conservative standard error
   * @param labelled drops of the strongest firing patterns that track a part
   * @param unlabelled drops of the strongest firing patterns that track none
   */
  public record Row(
      String layer,
      double side,
      DropSummary strongest,
      DropSummary control,
      DropSummary difference,
      DropSummary differenceByImage,
      DropSummary labelled,
      DropSummary unlabelled) {}

  /** Collects drops per layer and group, and per pattern. */
  public static final class Tally {

    private final List<String> layers;
    private final double[] sides;
    private final Values[][] groups;
    private final Values[] differences;
    private final List<Map<Integer, double[]>> differenceByImage = new ArrayList<>();
    private final Map<Integer, double[]> perPattern = new TreeMap<>();
    private final Map<Integer, Integer> patternLayer = new TreeMap<>();

    /**
     * @param layers layer names, lowest first
     * @param sides occluded square side per layer, pixels
     */
    public Tally(List<String> layers, double[] sides) {
      if (layers.size() != sides.length) {
        throw new IllegalArgumentException(
            layers.size() + " layers but " + sides.length + " occlusion sides");
      }
      this.layers = List.copyOf(layers);
      this.sides = sides.clone();
      this.groups = new Values[layers.size()][Group.values().length];
      this.differences = new Values[layers.size()];
      for (int l = 0; l < layers.size(); l++) {
        for (int g = 0; g < Group.values().length; g++) {
          groups[l][g] = new Values();
        }
        differences[l] = new Values();
        differenceByImage.add(new TreeMap<>());
      }
    }

    /** Adds one drop to a group of a layer. */
    public void add(int layer, Group group, double drop) {
      groups[layer][group.ordinal()].add(drop);
    }

    /**
     * Adds a strongest pattern's drop on image {@code image} with its control's, and their paired
     * difference.
     */
    public void addPaired(int layer, int image, double patternDrop, double controlDrop) {
      add(layer, Group.STRONGEST, patternDrop);
      add(layer, Group.CONTROL, controlDrop);
      differences[layer].add(patternDrop - controlDrop);
      double[] s = differenceByImage.get(layer).computeIfAbsent(image, k -> new double[2]);
      s[0] += patternDrop - controlDrop;
      s[1]++;
    }

    /** Adds one occlusion of pattern {@code patternId} (of {@code layer}) and of its control. */
    public void addPattern(int layer, int patternId, double drop, double controlDrop) {
      double[] s = perPattern.computeIfAbsent(patternId, k -> new double[3]);
      s[0]++;
      s[1] += drop;
      s[2] += controlDrop;
      patternLayer.put(patternId, layer);
    }

    /** The per-layer figures, lowest layer first. */
    public List<Row> rows() {
      List<Row> out = new ArrayList<>();
      for (int l = 0; l < layers.size(); l++) {
        out.add(
            new Row(
                layers.get(l),
                sides[l],
                groups[l][Group.STRONGEST.ordinal()].summary(),
                groups[l][Group.CONTROL.ordinal()].summary(),
                differences[l].summary(),
                DropSummary.of(
                    differenceByImage.get(l).values().stream()
                        .mapToDouble(s -> s[0] / s[1])
                        .toArray()),
                groups[l][Group.LABELLED.ordinal()].summary(),
                groups[l][Group.UNLABELLED.ordinal()].summary()));
      }
      return out;
    }

    /** Every occluded pattern's mean drop and mean control drop, by pattern id. */
    public List<PatternOcclusion> patterns() {
      List<PatternOcclusion> out = new ArrayList<>();
      perPattern.forEach(
          (id, s) ->
              out.add(
                  new PatternOcclusion(
                      id, (int) s[0], s[1] / s[0], s[2] / s[0], sides[patternLayer.get(id)])));
      return out;
    }
  }

  /** A growable array of doubles. */
  private static final class Values {
    private double[] v = new double[16];
    private int n;

    void add(double x) {
      if (n == v.length) {
        v = Arrays.copyOf(v, 2 * n);
      }
      v[n++] = x;
    }

    DropSummary summary() {
      return DropSummary.of(v, n);
    }
  }
}
