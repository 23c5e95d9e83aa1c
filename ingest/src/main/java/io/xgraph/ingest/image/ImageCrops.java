package io.xgraph.ingest.image;

import io.xgraph.learner.data.Point;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Decoding images, cropping an object box and resizing it to the model input, and carrying part
 * keypoints into crop coordinates.
 *
 * <p>Coordinates are pixel indices (pixel i has its centre at i), as in the layer geometry. The
 * crop of box (x, y, w, h) to size S maps output pixel j to source position x + (j + 0.5) w / S -
 * 0.5 (bilinear, edges clamped), so a source point px lands at (px + 0.5 - x) S / w - 0.5.
 * Greyscale and palette images come out as RGB.
 */
public final class ImageCrops {

  /** Boxes may overhang the image by this many pixels (CUB boxes are rounded outward). */
  private static final double BOX_TOLERANCE = 1.0;

  static {
    ImageIO.setUseCache(false);
  }

  private ImageCrops() {}

  /** A decoded image: packed 0xRRGGBB pixels, row-major. */
  public record Decoded(Path file, int width, int height, int[] rgb) {}

  /** Decodes {@code file} to RGB. */
  public static Decoded decode(Path file) {
    BufferedImage image;
    try {
      if (!Files.isRegularFile(file)) {
        throw new UnreadableImageException(file, "file does not exist", null);
      }
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      if (e instanceof UnreadableImageException u) {
        throw u;
      }
      throw new UnreadableImageException(
          file, e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
    if (image == null) {
      throw new UnreadableImageException(file, "not an image format Java can read", null);
    }
    int w = image.getWidth();
    int h = image.getHeight();
    return new Decoded(file, w, h, toRgb(image));
  }

  /**
   * Packed sRGB pixels. Greyscale images are replicated into R, G and B as stored: Java's own
   * conversion treats 8-bit grey as linear and brightens it, but JPEG/PNG grey is gamma-encoded
   * like RGB.
   */
  private static int[] toRgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    var cm = image.getColorModel();
    if (cm.getNumComponents() == 1
        && cm.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY) {
      var raster = image.getRaster();
      int bits = cm.getComponentSize(0);
      int[] out = new int[w * h];
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        raster.getSamples(0, y, w, 1, 0, row);
        for (int x = 0; x < w; x++) {
          int v = bits == 8 ? row[x] : Math.round(row[x] * 255f / ((1 << bits) - 1));
          out[y * w + x] = (v << 16) | (v << 8) | v;
        }
      }
      return out;
    }
    return image.getRGB(0, 0, w, h, null, 0, w);
  }

  /**
   * Checks that {@code box} lies on the image (within a pixel) and clips it to the image.
   *
   * @throws IllegalArgumentException naming the file, box and image size otherwise
   */
  public static Box checkedBox(Decoded image, Box box) {
    if (box == null) {
      return new Box(0, 0, image.width(), image.height());
    }
    boolean inside =
        box.w() >= 1
            && box.h() >= 1
            && box.x() >= -BOX_TOLERANCE
            && box.y() >= -BOX_TOLERANCE
            && box.x() + box.w() <= image.width() + BOX_TOLERANCE
            && box.y() + box.h() <= image.height() + BOX_TOLERANCE;
    if (!inside) {
      throw new IllegalArgumentException(
          "Box "
              + box
              + " of image `"
              + image.file()
              + "` lies outside the "
              + image.width()
              + "x"
              + image.height()
              + " image; fix its line in bounding_boxes.txt (x y w h, pixels from the top-left)");
    }
    double x0 = Math.max(0, box.x());
    double y0 = Math.max(0, box.y());
    double x1 = Math.min(image.width(), box.x() + box.w());
    double y1 = Math.min(image.height(), box.y() + box.h());
    return new Box(x0, y0, x1 - x0, y1 - y0);
  }

  /** Crops {@code box} (already checked) and resizes it to {@code size x size}, bilinear. */
  public static int[] crop(Decoded image, Box box, int size) {
    int w = image.width();
    int h = image.height();
    int[] src = image.rgb();
    int[] out = new int[size * size];
    double sx = box.w() / size;
    double sy = box.h() / size;
    int[] x0 = new int[size];
    int[] x1 = new int[size];
    float[] fx = new float[size];
    for (int j = 0; j < size; j++) {
      double x = Math.min(Math.max(box.x() + (j + 0.5) * sx - 0.5, 0), w - 1);
      x0[j] = (int) Math.floor(x);
      x1[j] = Math.min(x0[j] + 1, w - 1);
      fx[j] = (float) (x - x0[j]);
    }
    for (int i = 0; i < size; i++) {
      double y = Math.min(Math.max(box.y() + (i + 0.5) * sy - 0.5, 0), h - 1);
      int y0 = (int) Math.floor(y);
      int y1 = Math.min(y0 + 1, h - 1);
      float fy = (float) (y - y0);
      int row0 = y0 * w;
      int row1 = y1 * w;
      for (int j = 0; j < size; j++) {
        int a = src[row0 + x0[j]];
        int b = src[row0 + x1[j]];
        int c = src[row1 + x0[j]];
        int d = src[row1 + x1[j]];
        int pixel = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
          float top = ((a >> shift) & 0xff) * (1 - fx[j]) + ((b >> shift) & 0xff) * fx[j];
          float bottom = ((c >> shift) & 0xff) * (1 - fx[j]) + ((d >> shift) & 0xff) * fx[j];
          int v = Math.round(top * (1 - fy) + bottom * fy);
          pixel |= Math.min(255, Math.max(0, v)) << shift;
        }
        out[i * size + j] = pixel;
      }
    }
    return out;
  }

  /** A point of the original image in the coordinates of the {@code size} crop of {@code box}. */
  public static Point toCrop(Point p, Box box, int size) {
    return new Point(
        (p.x() + 0.5 - box.x()) * size / box.w() - 0.5,
        (p.y() + 0.5 - box.y()) * size / box.h() - 0.5);
  }

  /** All parts mapped into crop coordinates, in part-id order. */
  public static Map<Integer, Point> partsInCrop(Map<Integer, Point> parts, Box box, int size) {
    Map<Integer, Point> out = new LinkedHashMap<>();
    new java.util.TreeMap<>(parts).forEach((id, p) -> out.put(id, toCrop(p, box, size)));
    return out;
  }
}
