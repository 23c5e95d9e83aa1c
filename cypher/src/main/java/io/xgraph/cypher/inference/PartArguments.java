package io.xgraph.cypher.inference;

import io.xgraph.cypher.config.ConfigReader;
import io.xgraph.ingest.image.Box;
import io.xgraph.learner.data.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks of the arguments {@code xg.part.*} take: part names, image ids, points and boxes. */
final class PartArguments {

  private PartArguments() {}

  /** The Image ids of {@code unannotatedImages}, or null when not given. */
  static List<String> imageIds(Object v, ConfigReader c) {
    if (v == null) {
      return null;
    }
    List<String> ids = new ArrayList<>();
    if (v instanceof List<?> l) {
      for (Object o : l) {
        if (!(o instanceof String s) || s.isBlank()) {
          ids = null;
          break;
        }
        ids.add(s);
      }
    } else {
      ids = null;
    }
    if (ids == null || ids.size() > 10_000) {
      throw new IllegalArgumentException(
          "Value for `unannotatedImages` was `"
              + v
              + "`, but must be a list of at most 10000 Image ids (strings)"
              + c.where()
              + ", e.g. ['12', '57']");
    }
    return ids;
  }

  /** Refuses a missing or blank part name. */
  static void requirePartName(String part) {
    if (part == null || part.isBlank()) {
      throw new IllegalArgumentException(
          "Argument `part` "
              + (part == null ? "was null" : "is empty")
              + "; give the part a name, e.g. 'head'");
    }
  }

  /** A finite coordinate {@code key} of an annotation map. */
  static double coordinate(Map<String, Object> a, String key, String what) {
    Object v = a.get(key);
    if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      throw new IllegalArgumentException(
          what + " has " + key + " `" + v + "`; give a finite number (pixels)");
    }
    return n.doubleValue();
  }

  /** An optional object box [x, y, w, h] in original-image pixels. */
  static Box box(Object v, String what) {
    if (v == null) {
      return null;
    }
    if (v instanceof List<?> l && l.size() == 4) {
      double[] b = new double[4];
      for (int i = 0; i < 4; i++) {
        if (!(l.get(i) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
          b = null;
          break;
        }
        b[i] = ((Number) l.get(i)).doubleValue();
      }
      if (b != null && b[2] >= 1 && b[3] >= 1) {
        return new Box(b[0], b[1], b[2], b[3]);
      }
    }
    throw new IllegalArgumentException(
        what + " has box `" + v + "`; give [x, y, w, h] in original-image pixels, w and h >= 1");
  }

  /** A crop-plane point, checked to lie on the 224 x 224 crop. */
  static Point onCrop(Point p, String what) {
    if (ImageRef.offCrop(p)) {
      throw new IllegalArgumentException(
          ImageRef.isOutside(what, p)
              + "the 224 x 224 object crop [-0.5, 223.5] (coordinates: 'crop');"
              + " give a point on the crop, or original-image pixels with coordinates: 'image'");
    }
    return p;
  }
}
