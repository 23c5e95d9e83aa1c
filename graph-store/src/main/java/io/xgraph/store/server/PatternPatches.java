package io.xgraph.store.server;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.Transaction;

/**
 * The image patch of a pattern's top image: the layer's receptive field around the position
 * inferred on that image ({@code FIRES_ON.x, y}, input-plane pixels), mapped back onto the original
 * image through its object box ({@code Image.box}, stretched to the input square as the CNN saw
 * it), as a PNG of {@link #SIZE} x {@link #SIZE} pixels.
 */
public final class PatternPatches {

  /** Side of a patch PNG, pixels. */
  public static final int SIZE = 112;

  private static final Label PATTERN = Label.label("Pattern");
  private static final RelationshipType FIRES_ON = RelationshipType.withName("FIRES_ON");
  private static final RelationshipType HAS_PATTERN = RelationshipType.withName("HAS_PATTERN");

  private PatternPatches() {}

  /**
   * Where a patch lies: the image file, the receptive-field box on the input plane and the object
   * box the input plane was cut from (null: the whole image).
   */
  record Source(
      String imageId,
      Path file,
      double x,
      double y,
      double w,
      double h,
      double input,
      double[] box) {}

  /** A rendered patch and the id of the image it was cut from. */
  public record Patch(String imageId, byte[] png) {}

  /**
   * The PNG patch of {@code patternKey}'s top image of rank {@code rank} (0 = strongest).
   *
   * @throws IllegalArgumentException naming what is missing (pattern, rank, image path, file)
   */
  public static byte[] png(GraphDatabaseService db, Path imageRoot, String patternKey, long rank) {
    try (Transaction tx = db.beginTx()) {
      return patch(tx, imageRoot, patternKey, rank).png();
    }
  }

  /** As {@link #png(GraphDatabaseService, Path, String, long)}, in a running transaction. */
  public static Patch patch(Transaction tx, Path imageRoot, String patternKey, long rank) {
    Source s = source(tx, imageRoot, patternKey, rank);
    BufferedImage image;
    try {
      image = ImageIO.read(s.file().toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read image " + s.file(), e);
    }
    if (image == null) {
      throw new IllegalArgumentException("The image " + s.file() + " is not a readable picture");
    }
    BufferedImage out = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    // Without an object box the whole image was stretched to the input square.
    double[] box =
        s.box() != null ? s.box() : new double[] {0, 0, image.getWidth(), image.getHeight()};
    double sx = box[2] / s.input();
    double sy = box[3] / s.input();
    int x0 = (int) Math.round(box[0] + s.x() * sx);
    int y0 = (int) Math.round(box[1] + s.y() * sy);
    int x1 = (int) Math.round(box[0] + (s.x() + s.w()) * sx);
    int y1 = (int) Math.round(box[1] + (s.y() + s.h()) * sy);
    g.drawImage(image, 0, 0, SIZE, SIZE, x0, y0, Math.max(x1, x0 + 1), Math.max(y1, y0 + 1), null);
    g.dispose();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(out, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Patch(s.imageId(), bytes.toByteArray());
  }

  static Source source(Transaction tx, Path imageRoot, String patternKey, long rank) {
    if (imageRoot == null) {
      throw new IllegalArgumentException(
          "No image folder is configured: start xgraph serve with --image-root DIR (the dataset"
              + " the store's images came from).");
    }
    Node pattern = patternKey == null ? null : tx.findNode(PATTERN, "key", patternKey);
    if (pattern == null) {
      throw new IllegalArgumentException(
          "No pattern `" + patternKey + "` in the store; keys read '<graph>:<id>'.");
    }
    Relationship firing = null;
    for (Relationship f : pattern.getRelationships(Direction.OUTGOING, FIRES_ON)) {
      if (((Number) f.getProperty("rank", -1L)).longValue() == rank) {
        firing = f;
      }
    }
    if (firing == null) {
      throw new IllegalArgumentException(
          "Pattern `" + patternKey + "` has no top image of rank " + rank + " (0 = strongest).");
    }
    Relationship has = pattern.getSingleRelationship(HAS_PATTERN, Direction.INCOMING);
    Node layer = has.getStartNode();
    double rf = ((Number) layer.getProperty("receptiveField")).doubleValue();
    double input = ((Number) layer.getProperty("inputSize")).doubleValue();
    Node image = firing.getEndNode();
    if (!(image.getProperty("path", null) instanceof String path)) {
      throw new IllegalArgumentException(
          "Image `"
              + image.getProperty("id", "?")
              + "` has no path in the store (written without its dataset); write the graph again"
              + " from its feature store.");
    }
    Path file = insideRoot(imageRoot, path);
    double[] box = box(image.getProperty("box", null));
    double px = ((Number) firing.getProperty("x")).doubleValue();
    double py = ((Number) firing.getProperty("y")).doubleValue();
    double ix0 = Math.max(0, px - rf / 2);
    double iy0 = Math.max(0, py - rf / 2);
    double ix1 = Math.min(input, px + rf / 2);
    double iy1 = Math.min(input, py + rf / 2);
    return new Source(
        String.valueOf(image.getProperty("id", "")),
        file,
        ix0,
        iy0,
        ix1 - ix0,
        iy1 - iy0,
        input,
        box);
  }

  static Path insideRoot(Path root, String relative) {
    try {
      Path realRoot = root.toRealPath();
      Path file = realRoot.resolve(relative).normalize();
      if (!file.startsWith(realRoot) || !Files.isRegularFile(file)) {
        throw new IllegalArgumentException(
            "The image `" + relative + "` is not a file under the image folder " + realRoot);
      }
      Path real = file.toRealPath();
      if (!real.startsWith(realRoot)) {
        throw new IllegalArgumentException(
            "The image `" + relative + "` leads outside the image folder " + realRoot);
      }
      return real;
    } catch (IOException e) {
      throw new IllegalArgumentException("The image folder " + root + " cannot be read: " + e, e);
    }
  }

  static double[] box(Object b) {
    if (b instanceof double[] d && d.length == 4) {
      return d;
    }
    if (b instanceof float[] f && f.length == 4) {
      return new double[] {f[0], f[1], f[2], f[3]};
    }
    if (b instanceof long[] l && l.length == 4) {
      return new double[] {l[0], l[1], l[2], l[3]};
    }
    if (b instanceof int[] n && n.length == 4) {
      return new double[] {n[0], n[1], n[2], n[3]};
    }
    return null;
  }
}
