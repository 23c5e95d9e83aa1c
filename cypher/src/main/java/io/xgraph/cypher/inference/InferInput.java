package io.xgraph.cypher.inference;

import io.xgraph.cypher.query.Catalog;
import io.xgraph.cypher.query.ModelRef;
import java.util.ArrayList;
import java.util.List;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.ResourceIterator;
import org.neo4j.graphdb.Transaction;

/**
 * Which image {@code xg.image.infer} reads and which part of it: a stored Image (given by its
 * dataset id or its path) brings its own path and object box; a new image needs the caller to say
 * which box to crop, or that the whole image is meant, since the graph was learned on object crops.
 *
 * @param path image path relative to the image root
 * @param box [x, y, w, h] in original-image pixels, or null for the whole image
 * @param stored the stored Image node, or null for a new image
 */
public record InferInput(String path, double[] box, Node stored) {

  /**
   * Resolves the {@code imagePath} argument.
   *
   * @param givenBox the configuration's {@code box}, or null
   * @param wholeImage the configuration's {@code wholeImage} flag
   * @param where " (in the configuration of ...)", for messages
   * @throws IllegalArgumentException both a box and wholeImage, or a new image with neither
   */
  static InferInput of(
      Transaction tx,
      ModelRef ref,
      String given,
      double[] givenBox,
      boolean wholeImage,
      String where) {
    if (givenBox != null && wholeImage) {
      throw new IllegalArgumentException(
          "Both `box` and `wholeImage: true` were given"
              + where
              + "; give the object box, or wholeImage: true to use the whole image, not both.");
    }
    Node stored = given == null || given.isBlank() ? null : find(tx, ref, given);
    String path = stored == null ? given : (String) stored.getProperty("path", given);
    double[] box = givenBox;
    if (box == null && !wholeImage && stored != null) {
      box = storedBox(stored);
    }
    return new InferInput(path, box, stored);
  }

  /**
   * Refuses a new image (or a stored one without a box) when neither a box nor wholeImage was
   * given; called once the file is known to exist, so a missing file is reported as such.
   */
  void requireCrop(String given, boolean wholeImage, String where) {
    if (box != null || wholeImage) {
      return;
    }
    throw new IllegalArgumentException(
        "Image `"
            + given
            + "` "
            + (stored == null ? "is not a stored Image (by id or path)" : "has no stored `box`")
            + ", so its object box is unknown"
            + where
            + "; give {box: [x, y, w, h]} (original-image pixels) or {wholeImage: true}.");
  }

  /** The stored image of that id, else of that path; of the graph's dataset when several. */
  private static Node find(Transaction tx, ModelRef ref, String given) {
    Object dataset = ref.node().getProperty("dataset", null);
    Node byId = pick(tx, "id", given, dataset);
    return byId != null ? byId : pick(tx, "path", given, dataset);
  }

  private static Node pick(Transaction tx, String key, String value, Object dataset) {
    List<Node> found = new ArrayList<>();
    try (ResourceIterator<Node> it = tx.findNodes(Catalog.IMAGE, key, value)) {
      it.forEachRemaining(found::add);
    }
    if (found.size() > 1) {
      for (Node n : found) {
        if (dataset != null && dataset.equals(n.getProperty("dataset", null))) {
          return n;
        }
      }
    }
    return found.isEmpty() ? null : found.get(0);
  }

  private static double[] storedBox(Node image) {
    Object b = image.getProperty("box", null);
    if (b instanceof double[] d && d.length == 4) {
      return d.clone();
    }
    if (b instanceof float[] f && f.length == 4) {
      return new double[] {f[0], f[1], f[2], f[3]};
    }
    if (b instanceof long[] l && l.length == 4) {
      return new double[] {l[0], l[1], l[2], l[3]};
    }
    return null;
  }
}
