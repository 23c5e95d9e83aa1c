package io.xgraph.ingest.image;

import io.xgraph.learner.data.Point;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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
  static final double BOX_TOLERANCE = 1.0;

  /**
   * Largest image accepted, in pixels (64 megapixels: the decoded pixels then take at most ~450
   * MB). Checked on the header, before any pixel is decoded, so that a file declaring 20000 x 20000
   * cannot make ingest or the server allocate gigabytes.
   */
  public static final long MAX_PIXELS = 64L * 1024 * 1024;

  /** Smallest image side accepted, in pixels: a smaller image carries no detail for the CNN. */
  public static final int MIN_SIDE = 8;

  static {
    ImageIO.setUseCache(false);
  }

  private ImageCrops() {}

  /**
   * A decoded image region: packed 0xRRGGBB pixels, row-major, of the {@code regionWidth x
   * regionHeight} rectangle at ({@code x0}, {@code y0}) of a {@code width x height} image.
   */
  public record Decoded(
      Path file,
      int width,
      int height,
      int x0,
      int y0,
      int regionWidth,
      int regionHeight,
      int[] rgb) {}

  /** Chooses the crop box once the image size is known (may return null: nothing to crop). */
  @FunctionalInterface
  public interface BoxChooser {
    Box choose(int width, int height);
  }

  /** A decoded crop box: the region around it and the box in image coordinates. */
  public record Region(Decoded image, Box box) {}

  /** Chooses several crop boxes of one image once its size is known (null or empty: none). */
  @FunctionalInterface
  public interface BoxesChooser {
    List<Box> choose(int width, int height);
  }

  /** Several crop boxes decoded once: the region around all of them and the boxes. */
  public record Regions(Decoded image, List<Box> boxes) {}

  /** Decodes the whole of {@code file} to RGB. */
  public static Decoded decode(Path file) {
    Region r = decode(file, (w, h) -> new Box(0, 0, w, h));
    return r.image();
  }

  /**
   * Reads the image size, asks {@code chooser} for the crop box, and decodes only the rows and
   * columns around that box (JPEG decoding dominates ingest's own CPU time). Returns null if the
   * chooser returns null.
   *
   * @throws UnreadableImageException if the file is not a decodable image
   */
  public static Region decode(Path file, BoxChooser chooser) {
    Regions r =
        decodeAll(
            file,
            (w, h) -> {
              Box box = chooser.choose(w, h);
              return box == null ? null : List.of(box);
            });
    return r == null ? null : new Region(r.image(), r.boxes().get(0));
  }

  /**
   * As {@link #decode(Path, BoxChooser)} for several boxes of one image (an object crop and its
   * background negative): the file is decoded once, over the smallest rectangle holding all the
   * boxes. Cropping from the larger region gives the same pixels as decoding each box on its own
   * (the region always extends a pixel beyond each box, so bilinear sampling never clamps at a
   * region edge that is not an image edge).
   */
  public static Regions decodeAll(Path file, BoxesChooser chooser) {
    if (!Files.isRegularFile(file)) {
      throw new UnreadableImageException(file, "file does not exist", null);
    }
    if (sizeOf(file) == 0) {
      throw new UnreadableImageException(
          file, "the file is empty (0 bytes); copy it again from its source", null);
    }
    try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      java.util.Iterator<javax.imageio.ImageReader> readers =
          in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new UnreadableImageException(file, "not an image format Java can read", null);
      }
      javax.imageio.ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int w;
        int h;
        try {
          w = reader.getWidth(0);
          h = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
          throw undecodable(file, e);
        }
        checkSize(file, w, h);
        String format = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
        boolean jpeg = format.equals("jpeg") || format.equals("jpg");
        if (jpeg) {
          // A truncated JPEG decodes without an exception; a region decode does not even warn.
          String incomplete = JpegStructure.incomplete(file);
          if (incomplete != null) {
            throw new UnreadableImageException(file, incomplete, null);
          }
        }
        List<Box> boxes = chooser.choose(w, h); // user errors (box outside) propagate as they are
        if (boxes == null || boxes.isEmpty()) {
          return null;
        }
        int x0 = w;
        int y0 = h;
        int x1 = 0;
        int y1 = 0;
        for (Box box : boxes) {
          x0 = Math.min(x0, Math.max(0, (int) Math.floor(box.x()) - 1));
          y0 = Math.min(y0, Math.max(0, (int) Math.floor(box.y()) - 1));
          x1 = Math.max(x1, Math.min(w, (int) Math.ceil(box.x() + box.w()) + 1));
          y1 = Math.max(y1, Math.min(h, (int) Math.ceil(box.y() + box.h()) + 1));
        }
        if (!jpeg && !format.equals("png")) {
          // Only JPEG (checked above) and PNG (whose reader inflates all of its data, measured)
          // notice a truncation outside the region: other formats (BMP, GIF, ...) are decoded
          // whole so that their decoder sees the end of the file.
          x0 = 0;
          y0 = 0;
          x1 = w;
          y1 = h;
        }
        javax.imageio.ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceRegion(new java.awt.Rectangle(x0, y0, x1 - x0, y1 - y0));
        List<String> warnings = new java.util.ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        BufferedImage image;
        try {
          image = reader.read(0, param);
        } catch (IOException | RuntimeException e) {
          throw undecodable(file, e);
        }
        if (!warnings.isEmpty()) {
          // A decoder warning means it guessed some pixels (corrupt or missing data).
          throw new UnreadableImageException(
              file,
              "the decoder reported `"
                  + String.join("; ", warnings)
                  + "`: the file is damaged; copy it again from its source or re-encode it",
              null);
        }
        if (image.getColorModel().getColorSpace().getType()
            == java.awt.color.ColorSpace.TYPE_CMYK) {
          // Java decodes CMYK JPEGs without their colour profile: the colours come out wrong.
          throw new UnreadableImageException(
              file,
              "it is a CMYK image; only RGB and greyscale images are read: convert it to sRGB"
                  + " (e.g. `magick IN.jpg -colorspace sRGB OUT.jpg`)",
              null);
        }
        return new Regions(
            new Decoded(file, w, h, x0, y0, image.getWidth(), image.getHeight(), toRgb(image)),
            List.copyOf(boxes));
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  /** Refuses images too small to carry detail or too large to decode safely. */
  private static void checkSize(Path file, int w, int h) {
    if (w < MIN_SIDE || h < MIN_SIDE) {
      throw new UnreadableImageException(
          file,
          "it is "
              + w
              + "x"
              + h
              + " pixels, below the minimum side of "
              + MIN_SIDE
              + " pixels; remove it or give the full-size image",
          null);
    }
    if ((long) w * h > MAX_PIXELS) {
      throw new UnreadableImageException(
          file,
          "its header declares "
              + w
              + "x"
              + h
              + " pixels, more than the limit of "
              + MAX_PIXELS / (1024 * 1024)
              + " megapixels (refused before decoding); downscale it, e.g. to 4000 pixels on the"
              + " long side",
          null);
    }
  }

  /**
   * The decoder's failure as a reason: a file that ends early (an {@link java.io.EOFException}
   * anywhere in the causes, as BMP and PNG decoders report a cut) is called truncated; otherwise
   * the decoder's words and their cause, e.g. GIF's "I/O error reading image! (Invalid block length
   * for LZW encoded image data)", which alone say little.
   */
  private static UnreadableImageException undecodable(Path file, Exception e) {
    StringBuilder words = new StringBuilder();
    boolean endedEarly = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      endedEarly |= t instanceof java.io.EOFException;
      String m = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
      words.append(words.length() == 0 ? m : " (" + m + ")");
      if (t.getCause() == t) {
        break;
      }
    }
    String reason =
        endedEarly
            ? "it is truncated: the file ends before all of its pixels (the decoder said `"
                + words
                + "`); copy it again from its source"
            : words + "; the file is damaged or not an image: copy it again from its source";
    return new UnreadableImageException(file, reason, e);
  }

  /** A failure to open or read the file itself (not its decoding), with the system's words. */
  private static UnreadableImageException unreadable(Path file, Exception e) {
    return new UnreadableImageException(
        file, e.getMessage() == null ? e.toString() : e.getMessage(), e);
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
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
        && image.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferByte bytes
        && image.getRaster().getParent() == null) {
      // The usual JPEG result: read the bytes directly (getRGB converts pixel by pixel, slowly).
      byte[] b = bytes.getData();
      int[] out = new int[w * h];
      for (int i = 0, j = 0; i < out.length; i++, j += 3) {
        out[i] = ((b[j + 2] & 0xff) << 16) | ((b[j + 1] & 0xff) << 8) | (b[j] & 0xff);
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
    return checkedBox(image.file(), image.width(), image.height(), box);
  }

  /** As {@link #checkedBox(Decoded, Box)} for an image of the given size. */
  public static Box checkedBox(Path file, int width, int height, Box box) {
    return checkedBox(
        file,
        width,
        height,
        box,
        "its line in bounding_boxes.txt, or the `box` of the procedure call");
  }

  /**
   * As {@link #checkedBox(Path, int, int, Box)}; {@code where} says where the box was given (e.g.
   * "line 3 of `.../bounding_boxes.txt`"), for the message.
   */
  public static Box checkedBox(Path file, int width, int height, Box box, String where) {
    if (box == null) {
      return new Box(0, 0, width, height);
    }
    boolean inside =
        box.w() >= 1
            && box.h() >= 1
            && box.x() >= -BOX_TOLERANCE
            && box.y() >= -BOX_TOLERANCE
            && box.x() + box.w() <= width + BOX_TOLERANCE
            && box.y() + box.h() <= height + BOX_TOLERANCE;
    if (!inside) {
      throw new IllegalArgumentException(
          "Box "
              + box
              + " of image `"
              + file
              + "` lies outside the "
              + width
              + "x"
              + height
              + " image; fix the box (x y w h, pixels from the top-left): "
              + where);
    }
    double x0 = Math.max(0, box.x());
    double y0 = Math.max(0, box.y());
    double x1 = Math.min(width, box.x() + box.w());
    double y1 = Math.min(height, box.y() + box.h());
    return new Box(x0, y0, x1 - x0, y1 - y0);
  }

  /**
   * The horizontal flip of a {@code size x size} row-major crop: column c becomes column size - 1 -
   * c (the mirrored image of the paper's part protocol).
   */
  public static int[] flipHorizontally(int[] rgb, int size) {
    if (rgb.length != size * size) {
      throw new IllegalArgumentException(
          "Crop has " + rgb.length + " pixels, expected " + size + " x " + size);
    }
    int[] out = new int[rgb.length];
    for (int r = 0; r < size; r++) {
      int base = r * size;
      for (int c = 0; c < size; c++) {
        out[base + size - 1 - c] = rgb[base + c];
      }
    }
    return out;
  }

  /** Crops {@code box} (already checked) and resizes it to {@code size x size}, bilinear. */
  public static int[] crop(Decoded image, Box box, int size) {
    int w = image.regionWidth();
    int h = image.regionHeight();
    int[] src = image.rgb();
    // Sample positions are in image coordinates; the region starts at (x0, y0).
    double ox = box.x() - image.x0();
    double oy = box.y() - image.y0();
    int[] out = new int[size * size];
    double sx = box.w() / size;
    double sy = box.h() / size;
    int[] x0 = new int[size];
    int[] x1 = new int[size];
    float[] fx = new float[size];
    for (int j = 0; j < size; j++) {
      double x = Math.min(Math.max(ox + (j + 0.5) * sx - 0.5, 0), w - 1);
      x0[j] = (int) Math.floor(x);
      x1[j] = Math.min(x0[j] + 1, w - 1);
      fx[j] = (float) (x - x0[j]);
    }
    for (int i = 0; i < size; i++) {
      double y = Math.min(Math.max(oy + (i + 0.5) * sy - 0.5, 0), h - 1);
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
