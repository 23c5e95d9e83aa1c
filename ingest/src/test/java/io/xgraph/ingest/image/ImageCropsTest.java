package io.xgraph.ingest.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.data.Point;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cropping, resizing, greyscale, part mapping, background crops and bad files. */
class ImageCropsTest {

  @TempDir Path tmp;

  private Path png(BufferedImage image, String name) throws Exception {
    Path p = tmp.resolve(name);
    ImageIO.write(image, "png", p.toFile());
    return p;
  }

  /** A 40x20 image whose left half is red and right half blue. */
  private BufferedImage halves() {
    BufferedImage b = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 40; x++) {
        b.setRGB(x, y, x < 20 ? 0xff0000 : 0x0000ff);
      }
    }
    return b;
  }

  @Test
  void cropsTheBoxAndResizes() throws Exception {
    ImageCrops.Decoded d = ImageCrops.decode(png(halves(), "h.png"));
    assertEquals(40, d.width());
    // The right half only: all blue.
    int[] right = ImageCrops.crop(d, ImageCrops.checkedBox(d, new Box(20, 0, 20, 20)), 8);
    for (int p : right) {
      assertEquals(0x0000ff, p);
    }
    // The whole image: left columns red, right columns blue.
    int[] whole = ImageCrops.crop(d, ImageCrops.checkedBox(d, null), 8);
    assertEquals(0xff0000, whole[0]);
    assertEquals(0x0000ff, whole[7]);
  }

  /** Decoding only the rows and columns around the box gives the same crop as the full image. */
  @Test
  void regionDecodingMatchesFullDecoding() throws Exception {
    BufferedImage b = new BufferedImage(97, 61, BufferedImage.TYPE_INT_RGB);
    java.util.Random r = new java.util.Random(3);
    for (int y = 0; y < 61; y++) {
      for (int x = 0; x < 97; x++) {
        b.setRGB(x, y, r.nextInt(1 << 24));
      }
    }
    Path file = png(b, "noise.png");
    Box box = new Box(13.5, 7, 50.25, 40);
    ImageCrops.Decoded full = ImageCrops.decode(file);
    int[] expected = ImageCrops.crop(full, box, 32);
    ImageCrops.Region region = ImageCrops.decode(file, (w, h) -> box);
    assertEquals(12, region.image().x0());
    assertEquals(97, region.image().width());
    assertTrue(region.image().regionWidth() < 97);
    assertEquals(
        java.util.Arrays.toString(expected),
        java.util.Arrays.toString(ImageCrops.crop(region.image(), box, 32)));
  }

  @Test
  void greyscaleBecomesRgb() throws Exception {
    BufferedImage g = new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY);
    g.getRaster().setSample(3, 4, 0, 200);
    ImageCrops.Decoded d = ImageCrops.decode(png(g, "g.png"));
    assertEquals(0xc8c8c8, d.rgb()[4 * 10 + 3] & 0xffffff);
    int[] crop = ImageCrops.crop(d, ImageCrops.checkedBox(d, null), 10);
    assertEquals(0xc8c8c8, crop[4 * 10 + 3]);
  }

  /**
   * Box x=100, w=200 to 224: scale 1.12. The box's left edge (pixel centre 99.5 in index
   * coordinates, i.e. the edge between pixels 99 and 100) maps to -0.5, the right edge (299.5) to
   * 223.5, the centre 199.5 to 111.5.
   */
  @Test
  void partsMapIntoCropCoordinates() {
    Box box = new Box(100, 50, 200, 100);
    Point centre = ImageCrops.toCrop(new Point(199.5, 99.5), box, 224);
    assertEquals(111.5, centre.x(), 1e-9);
    assertEquals(111.5, centre.y(), 1e-9);
    assertEquals(-0.5, ImageCrops.toCrop(new Point(99.5, 49.5), box, 224).x(), 1e-9);
    assertEquals(223.5, ImageCrops.toCrop(new Point(299.5, 149.5), box, 224).y(), 1e-9);
    Map<Integer, Point> parts = ImageCrops.partsInCrop(Map.of(6, new Point(199.5, 99.5)), box, 224);
    assertEquals(111.5, parts.get(6).x(), 1e-9);
  }

  @Test
  void boxOutsideTheImageIsAUserError() throws Exception {
    ImageCrops.Decoded d = ImageCrops.decode(png(halves(), "h.png"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ImageCrops.checkedBox(d, new Box(30, 0, 20, 20)));
    assertTrue(e.getMessage().contains("h.png"), e.getMessage());
    assertTrue(e.getMessage().contains("40x20"), e.getMessage());
    assertTrue(e.getMessage().contains("bounding_boxes.txt"), e.getMessage());
    // One pixel of overhang (CUB rounding) is clipped, not refused.
    assertEquals(new Box(0, 0, 40, 20), ImageCrops.checkedBox(d, new Box(-0.5, 0, 40.5, 20.5)));
  }

  @Test
  void corruptAndNonImageFilesAreUnreadable() throws Exception {
    Path text = tmp.resolve("notes.jpg");
    Files.writeString(text, "not an image");
    UnreadableImageException e =
        assertThrows(UnreadableImageException.class, () -> ImageCrops.decode(text));
    assertTrue(e.getMessage().contains("notes.jpg"), e.getMessage());
    Path full = png(halves(), "full.png");
    byte[] bytes = Files.readAllBytes(full);
    Path truncated = tmp.resolve("truncated.png");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 3));
    assertThrows(UnreadableImageException.class, () -> ImageCrops.decode(truncated));
  }

  /**
   * A 500x400 image with the object at x 150..350 (w 200), y 100..300: bands left 150x400 and right
   * 150x400 (trimmed to aspect 1.5: 150x225), above 500x100 (-> 150x100), below 500x100. The left
   * band wins (first of equal areas): x 0, y (400-225)/2 = 87.5 -> 87, 150x225.
   */
  @Test
  void backgroundCropIsTheLargestBoxFreeBand() {
    Box b = BackgroundCrops.pick(500, 400, new Box(150, 100, 200, 200));
    assertEquals(new Box(0, 87, 150, 225), b);
    // An object filling the image leaves no band of 64 px.
    assertNull(BackgroundCrops.pick(500, 400, new Box(20, 20, 460, 360)));
  }
}
