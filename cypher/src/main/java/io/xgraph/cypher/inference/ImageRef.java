package io.xgraph.cypher.inference;

import io.xgraph.cypher.XgraphSettings;
import io.xgraph.cypher.query.Catalog;
import io.xgraph.ingest.image.Box;
import io.xgraph.ingest.image.ImageCrops;
import io.xgraph.learner.aog.ImagePlane;
import io.xgraph.learner.data.Point;
import java.nio.file.Path;
import java.util.Optional;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Transaction;

/**
 * An image to run: a stored Image node (its path under the image root and its box) or a path under
 * the image root.
 *
 * @param given what the caller wrote
 * @param node the Image node, or null for a plain path
 * @param file the resolved file
 * @param box the crop box in original pixels (checked, clipped to the image)
 * @param width image width, pixels
 * @param height image height, pixels
 */
record ImageRef(String given, Node node, Path file, Box box, int width, int height) {

  /** Id for responses and templates: the Image id, or the path as given. */
  String key() {
    return node != null ? (String) node.getProperty("id") : given;
  }

  static ImageRef resolve(
      GraphDatabaseService db, Transaction tx, String given, Box box, String what) {
    Optional<Path> root = XgraphSettings.imageRoot(db);
    Node node = Catalog.image(tx, given);
    Path file;
    Box b = box;
    if (node != null) {
      if (!(node.getProperty("path", null) instanceof String path)) {
        throw new IllegalArgumentException(
            what
                + ": Image `"
                + given
                + "` has no `path` property, so its pixels cannot be read; give the image"
                + " path instead, or SET its path (relative to `"
                + XgraphSettings.IMAGE_ROOT_NAME
                + "`)");
      }
      try {
        file = ImagePaths.resolve(root, XgraphSettings.IMAGE_ROOT_NAME, path, "image");
      } catch (IllegalArgumentException e) {
        // Stored Image paths are relative to the dataset the store was written from (the CUB
        // folder for the demo store): say so, the bare path alone suggests a typo.
        throw new IllegalArgumentException(
            what
                + ": Image `"
                + given
                + "` is stored with path `"
                + path
                + (e instanceof ImagePaths.NotFound nf
                    ? "`, which is not a file under `"
                        + XgraphSettings.IMAGE_ROOT_NAME
                        + "` ("
                        + nf.root()
                        + ")"
                    : "`, which cannot be read: " + e.getMessage())
                + "; point `"
                + XgraphSettings.IMAGE_ROOT_NAME
                + "` at the folder the stored Image paths are relative to (the dataset folder"
                + " the store was written from)"
                + (what.equals("Training image")
                    ? ", or learn from the annotated images only: {unannotated: 0}"
                    : ""));
      }
      if (b == null) {
        b = storedBox(node.getProperty("box", null));
      }
    } else {
      try {
        file = ImagePaths.resolve(root, XgraphSettings.IMAGE_ROOT_NAME, given, "image");
      } catch (ImagePaths.NotFound e) {
        throw new IllegalArgumentException(
            what
                + ": `"
                + given
                + "` is neither the id of a stored Image node nor an image file under `"
                + XgraphSettings.IMAGE_ROOT_NAME
                + "` ("
                + e.root()
                + "); give a stored Image's id or a path relative to that folder");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(what + ": " + e.getMessage());
      }
    }
    int[] size = new int[2];
    ImageCrops.decode(
        file,
        (w, h) -> {
          size[0] = w;
          size[1] = h;
          return null;
        });
    Box checked = ImageCrops.checkedBox(file, size[0], size[1], b);
    return new ImageRef(given, node, file, checked, size[0], size[1]);
  }

  private static Box storedBox(Object v) {
    if (v instanceof double[] d && d.length == 4) {
      return new Box(d[0], d[1], d[2], d[3]);
    }
    if (v instanceof float[] f && f.length == 4) {
      return new Box(f[0], f[1], f[2], f[3]);
    }
    if (v instanceof long[] l && l.length == 4) {
      return new Box(l[0], l[1], l[2], l[3]);
    }
    return null;
  }

  /** An original-image point on the crop plane, checked to lie on the image and in the box. */
  Point toCrop(Point p, String what) {
    if (p.x() < -0.5 || p.x() > width - 0.5 || p.y() < -0.5 || p.y() > height - 0.5) {
      throw new IllegalArgumentException(
          isOutside(what, p)
              + "image `"
              + given
              + "` ("
              + width
              + " x "
              + height
              + " pixels, x in [-0.5, "
              + (width - 0.5)
              + "], y in [-0.5, "
              + (height - 0.5)
              + "]); give original-image pixel coordinates, or coordinates: 'crop' for the"
              + " 224 x 224 object crop");
    }
    Point c = ImageCrops.toCrop(p, box, ImagePlane.SIZE);
    if (offCrop(c)) {
      throw new IllegalArgumentException(
          isOutside(what, p)
              + "the object box [x, y, w, h] = ["
              + box.x()
              + ", "
              + box.y()
              + ", "
              + box.w()
              + ", "
              + box.h()
              + "] of image `"
              + given
              + "`; the part must lie on the object the model sees (fix the point or the box)");
    }
    return c;
  }

  /** A crop-plane point in original-image pixels (inverse of {@link #toCrop}). */
  Point fromCrop(Point c) {
    return new Point(
        (c.x() + 0.5) * box.w() / ImagePlane.SIZE - 0.5 + box.x(),
        (c.y() + 0.5) * box.h() / ImagePlane.SIZE - 0.5 + box.y());
  }

  /** True when a crop-plane point lies outside the object crop. */
  static boolean offCrop(Point c) {
    return c.x() < ImagePlane.MIN_COORDINATE
        || c.x() > ImagePlane.MAX_COORDINATE
        || c.y() < ImagePlane.MIN_COORDINATE
        || c.y() > ImagePlane.MAX_COORDINATE;
  }

  /** The start of the messages refusing an annotation point: "{what} is at (x, y), outside ". */
  static String isOutside(String what, Point p) {
    return what + " is at (" + p.x() + ", " + p.y() + "), outside ";
  }
}
