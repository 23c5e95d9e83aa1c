package io.xgraph.ingest;

import static io.xgraph.ingest.BadDatasetFixture.data;
import static io.xgraph.ingest.BadDatasetFixture.firstBird;
import static io.xgraph.ingest.BadDatasetFixture.hugePng;
import static io.xgraph.ingest.BadDatasetFixture.png;
import static io.xgraph.ingest.BadDatasetFixture.writeJpeg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.image.Box;
import io.xgraph.ingest.image.ImageCrops;
import io.xgraph.ingest.image.UnreadableImageException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single image files, decoded or refused with the reason before any large allocation: empty,
 * truncated (JPEG, BMP, PNG), damaged inside, 1x1, a 20000x20000 header, CMYK; 16-bit PNGs are read
 * and every shared bird passes the stricter decoding. Each refusal's exact message names the file,
 * what is wrong and the fix.
 */
class BadImageFileTest {

  @TempDir Path tmp;

  @Test
  void emptyFileIsRefusedByName() throws IOException {
    Path f = Files.createFile(tmp.resolve("empty.jpg"));
    assertEquals(
        "Cannot decode image `"
            + f
            + "`: the file is empty (0 bytes); copy it again from its source",
        assertThrows(UnreadableImageException.class, () -> ImageCrops.decode(f)).getMessage());
  }

  /**
   * A real bird cut in half: Java's decoder returns its full 500x335 size with the missing rows
   * grey (and a decode of a region above the cut does not even warn), so the file is checked for
   * its end-of-image marker first. The same for a cut of only the last two bytes (the marker
   * itself).
   */
  @Test
  void truncatedJpegIsRefusedWithTheByteCount() throws IOException {
    byte[] bird = Files.readAllBytes(firstBird());
    for (int cut : new int[] {bird.length / 2, bird.length - 2}) {
      Path f = Files.write(tmp.resolve("cut-" + cut + ".jpg"), Arrays.copyOf(bird, cut));
      String expected =
          "Cannot decode image `"
              + f
              + "`: it is truncated: the JPEG data stops after "
              + cut
              + " bytes without its end-of-image marker (the decoder would fill the missing rows"
              + " with grey); copy it again from its source";
      assertEquals(
          expected,
          assertThrows(UnreadableImageException.class, () -> ImageCrops.decode(f)).getMessage());
      // Ingest decodes only the region around the box: a region above the cut is refused too.
      assertEquals(
          expected,
          assertThrows(
                  UnreadableImageException.class,
                  () -> ImageCrops.decode(f, (w, h) -> new Box(0, 0, 40, 40)))
              .getMessage());
    }
    // The whole file still decodes: the check does not refuse good birds.
    Path whole = Files.write(tmp.resolve("whole.jpg"), bird);
    assertEquals(500, ImageCrops.decode(whole).width());
  }

  /**
   * A stray restart marker inside the scan data: the file still runs from start to end-of-image,
   * but the decoder stops the scan there and warns (measured: "Corrupt JPEG data: premature end of
   * data segment") while it fills the rest with grey. A decoder warning refuses the image, naming
   * it.
   */
  @Test
  void aDecoderWarningRefusesTheImage() throws IOException {
    byte[] b = Files.readAllBytes(firstBird());
    int scan = -1;
    for (int i = 2; i + 3 < b.length && scan < 0; i++) {
      if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xDA) {
        scan = i + 2 + (((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff)); // after the SOS header
      }
    }
    assertTrue(scan > 0 && scan + 40_002 < b.length, "the bird has no long scan");
    b[scan + 40_000] = (byte) 0xFF;
    b[scan + 40_001] = (byte) 0xD0;
    Path f = Files.write(tmp.resolve("stray-marker.jpg"), b);
    assertEquals(
        "Cannot decode image `"
            + f
            + "`: the decoder reported `Corrupt JPEG data: premature end of data segment`: the file"
            + " is damaged; copy it again from its source or re-encode it",
        assertThrows(UnreadableImageException.class, () -> ImageCrops.decode(f)).getMessage());
  }

  /**
   * Every shared bird passes the completeness check and decodes without a decoder warning (warnings
   * refuse an image), so the stricter decoding drops none of them.
   */
  @Test
  void everySharedBirdIsCompleteAndDecodesWithoutWarning() throws IOException {
    Path cub = SharedData.cubDev(data());
    int n = 0;
    for (String line : Files.readAllLines(cub.resolve("images.txt"))) {
      Path f = cub.resolve("images").resolve(line.split(" ", 2)[1]);
      ImageCrops.Decoded d = ImageCrops.decode(f);
      assertTrue(d.width() >= ImageCrops.MIN_SIDE, f.toString());
      n++;
    }
    assertEquals(282, n);
  }

  /**
   * A truncated BMP or PNG fails in its decoder with an end-of-file error: named as truncated (a
   * BMP region above the cut decoded without complaint before, so other formats are decoded whole).
   */
  @Test
  void truncatedBmpAndPngAreNamedTruncated() throws IOException {
    BufferedImage bird = ImageIO.read(firstBird().toFile());
    BufferedImage rgb =
        new BufferedImage(bird.getWidth(), bird.getHeight(), BufferedImage.TYPE_INT_RGB);
    rgb.getGraphics().drawImage(bird, 0, 0, null);
    for (String format : List.of("bmp", "png")) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      assertTrue(ImageIO.write(rgb, format, bytes));
      byte[] b = bytes.toByteArray();
      Path f = Files.write(tmp.resolve("half." + format), Arrays.copyOf(b, b.length / 2));
      for (ImageCrops.BoxChooser chooser :
          List.<ImageCrops.BoxChooser>of(
              (w, h) -> new Box(0, 0, w, h), (w, h) -> new Box(0, 0, 40, 40))) {
        String m =
            assertThrows(UnreadableImageException.class, () -> ImageCrops.decode(f, chooser))
                .getMessage();
        assertTrue(
            m.startsWith(
                "Cannot decode image `"
                    + f
                    + "`: it is truncated: the file ends before all of its pixels (the decoder"
                    + " said `"),
            m);
        assertTrue(m.endsWith("`); copy it again from its source"), m);
      }
    }
  }

  @Test
  void onePixelImageIsRefused() throws IOException {
    Path f = png(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), tmp.resolve("dot.png"));
    assertEquals(
        "Cannot decode image `"
            + f
            + "`: it is 1x1 pixels, below the minimum side of 8 pixels; remove it or give the"
            + " full-size image",
        assertThrows(UnreadableImageException.class, () -> ImageCrops.decode(f)).getMessage());
  }

  /** A 20000 x 20000 header (1.6 GB of pixels) is refused on the header: the test heap is small. */
  @Test
  void hugeHeadersAreRefusedBeforeDecoding() throws IOException {
    Path png = Files.write(tmp.resolve("huge.png"), hugePng(20000, 20000));
    Path jpg = Files.write(tmp.resolve("huge.jpg"), hugeJpeg(20000, 20000));
    for (Path f : List.of(png, jpg)) {
      long before = usedHeap();
      UnreadableImageException e =
          assertThrows(UnreadableImageException.class, () -> ImageCrops.decode(f));
      assertEquals(
          "Cannot decode image `"
              + f
              + "`: its header declares 20000x20000 pixels, more than the limit of 64 megapixels"
              + " (refused before decoding); downscale it, e.g. to 4000 pixels on the long side",
          e.getMessage());
      // Nothing near the 1.6 GB of the declared pixels was allocated (generous for GC noise).
      assertTrue(usedHeap() - before < 256L << 20, "heap grew " + (usedHeap() - before));
    }
  }

  @Test
  void cmykJpegIsRefusedWithTheConversion() throws IOException {
    WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, null);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        r.setPixel(x, y, new int[] {255, 0, 0, 0});
      }
    }
    Path f = tmp.resolve("cmyk.jpg");
    writeJpeg(new IIOImage(r, null, null), f);
    assertEquals(
        "Cannot decode image `"
            + f
            + "`: it is a CMYK image; only RGB and greyscale images are read: convert it to sRGB"
            + " (e.g. `magick IN.jpg -colorspace sRGB OUT.jpg`)",
        assertThrows(UnreadableImageException.class, () -> ImageCrops.decode(f)).getMessage());
  }

  /** 16-bit PNGs (RGB and grey) are read, scaled to 8 bits: 0xC8C8 is 200. */
  @Test
  void sixteenBitPngsAreReadAsEightBit() throws IOException {
    BufferedImage grey = new BufferedImage(10, 10, BufferedImage.TYPE_USHORT_GRAY);
    grey.getRaster().setSample(3, 4, 0, 0xC8C8);
    ImageCrops.Decoded g = ImageCrops.decode(png(grey, tmp.resolve("grey16.png")));
    assertEquals(0xc8c8c8, g.rgb()[4 * 10 + 3] & 0xffffff);
    assertEquals(0, g.rgb()[0] & 0xffffff);

    var cm =
        new java.awt.image.ComponentColorModel(
            java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB),
            false,
            false,
            java.awt.Transparency.OPAQUE,
            DataBuffer.TYPE_USHORT);
    WritableRaster raster = cm.createCompatibleWritableRaster(10, 10);
    raster.setPixel(3, 4, new int[] {0xC8C8, 0x1414, 0xFFFF});
    BufferedImage rgb16 = new BufferedImage(cm, raster, false, null);
    Path f = png(rgb16, tmp.resolve("rgb16.png"));
    ImageCrops.Decoded d = ImageCrops.decode(f);
    assertEquals(0xc814ff, d.rgb()[4 * 10 + 3] & 0xffffff);
    int[] crop = ImageCrops.crop(d, ImageCrops.checkedBox(d, null), 10);
    assertEquals(0xc814ff, crop[4 * 10 + 3]);
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  /** A real 16x16 JPEG whose start-of-frame is patched to declare {@code w x h}. */
  static byte[] hugeJpeg(int w, int h) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "jpeg", buffer);
    byte[] b = buffer.toByteArray();
    for (int i = 0; i + 8 < b.length; i++) {
      if ((b[i] & 0xff) == 0xff && (b[i + 1] & 0xff) == 0xc0) {
        // FFC0, length (2), precision (1), height (2), width (2)
        b[i + 5] = (byte) (h >> 8);
        b[i + 6] = (byte) h;
        b[i + 7] = (byte) (w >> 8);
        b[i + 8] = (byte) w;
        return b;
      }
    }
    throw new IllegalStateException("no SOF0 marker in the written JPEG");
  }
}
