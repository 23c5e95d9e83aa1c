package io.xgraph.learner.aog.bridge;

import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.Point;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A semantic part as the mean of one or more CUB keypoints (1-based CUB part ids, parts.txt).
 *
 * <p>The part centre of an image is the mean of the listed keypoints that are visible on it; an
 * image on which none is visible does not have the part (it is neither a shot nor a test image).
 *
 * @param name the part's name in reports, e.g. "head-forehead"
 * @param keypointIds the CUB keypoint ids averaged, at least one
 */
public record PartDefinition(String name, List<Integer> keypointIds) {

  /** CUB "back" (1). */
  public static final PartDefinition BACK = new PartDefinition("back", List.of(1));

  /** CUB "forehead" (6): the head of the authors' release. */
  public static final PartDefinition HEAD_FOREHEAD =
      new PartDefinition("head-forehead", List.of(6));

  /**
   * Centroid of the visible head keypoints: beak 2, crown 5, forehead 6, left eye 7, nape 10, right
   * eye 11. Throat (15) is left out: it sits below the head, on the neck.
   */
  public static final PartDefinition HEAD_CENTROID =
      new PartDefinition("head-centroid", List.of(2, 5, 6, 7, 10, 11));

  /** CUB "tail" (14). */
  public static final PartDefinition TAIL = new PartDefinition("tail", List.of(14));

  public PartDefinition {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("A part definition needs a non-blank name");
    }
    if (keypointIds == null || keypointIds.isEmpty()) {
      throw new IllegalArgumentException(
          "Part `" + name + "` lists no keypoints: give at least one CUB part id (parts.txt)");
    }
    for (Integer k : keypointIds) {
      if (k == null || k < 1) {
        throw new IllegalArgumentException(
            "Part `"
                + name
                + "` lists keypoint `"
                + k
                + "`: CUB part ids are 1-based integers (parts.txt)");
      }
    }
    keypointIds = List.copyOf(keypointIds);
  }

  /** The four parts of the report, in report order. */
  public static List<PartDefinition> presets() {
    return List.of(HEAD_FOREHEAD, HEAD_CENTROID, BACK, TAIL);
  }

  /**
   * A preset by name, or a custom part written {@code name=id,id,...} (e.g. {@code
   * beak-eyes=2,7,11}).
   */
  public static PartDefinition parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException(
          "Part is blank: use one of " + presetNames() + " or name=id,id,...");
    }
    String s = spec.trim();
    int eq = s.indexOf('=');
    if (eq < 0) {
      for (PartDefinition p : presets()) {
        if (p.name().equals(s.toLowerCase(Locale.ROOT))) {
          return p;
        }
      }
      throw new IllegalArgumentException(
          "Value for `part` was `"
              + s
              + "`, but must be one of "
              + presetNames()
              + " or name=id,id,... (CUB part ids, parts.txt)");
    }
    List<Integer> ids = new ArrayList<>();
    for (String t : s.substring(eq + 1).split(",")) {
      try {
        ids.add(Integer.parseInt(t.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "Value for `part` was `"
                + s
                + "`: `"
                + t.trim()
                + "` is not a CUB part id; write name=id,id,... with 1-based ids (parts.txt)");
      }
    }
    return new PartDefinition(s.substring(0, eq).trim(), ids);
  }

  private static String presetNames() {
    return presets().stream().map(PartDefinition::name).toList().toString();
  }

  /** The part centre on {@code image}, or null when none of the keypoints is visible. */
  public Point centre(ImageRecord image) {
    double sx = 0;
    double sy = 0;
    int n = 0;
    for (int k : keypointIds) {
      Point p = image.parts().get(k);
      if (p != null) {
        sx += p.x();
        sy += p.y();
        n++;
      }
    }
    return n == 0 ? null : new Point(sx / n, sy / n);
  }

  /** Part centres by image id; images without the part are absent. */
  public Map<String, Point> centres(List<ImageRecord> images) {
    Map<String, Point> out = new LinkedHashMap<>();
    for (ImageRecord im : images) {
      Point c = centre(im);
      if (c != null) {
        out.put(im.id(), c);
      }
    }
    return out;
  }
}
