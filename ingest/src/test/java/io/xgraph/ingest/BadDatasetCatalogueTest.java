package io.xgraph.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.image.Box;
import io.xgraph.ingest.image.ImageCrops;
import io.xgraph.ingest.image.UnreadableImageException;
import io.xgraph.ingest.store.FeatureStore;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input catalogue of ingest (issue "reliability"): every bad image, annotation line and
 * store mismatch gets its exact message (the file, what is wrong, the fix), and what is already in
 * the feature store stays as it was.
 */
class BadDatasetCatalogueTest {

  @TempDir Path tmp;

  private static Path data() {
    return SharedData.locate(null);
  }

  /** Options over all of {@code images} with one thread and no negatives folder. */
  private static IngestOptions options(String alias, List<String> layers, Path images, Path out) {
    return new IngestOptions(model(alias), layers, images, out, null, "all", 0, 1, null);
  }

  private static Path model(String alias) {
    return SharedData.model(data(), alias);
  }

  // ---- single images: decoded or refused with the reason, before any large allocation ----

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
    Path f = png(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "dot.png");
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
    ImageCrops.Decoded g = ImageCrops.decode(png(grey, "grey16.png"));
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
    Path f = png(rgb16, "rgb16.png");
    ImageCrops.Decoded d = ImageCrops.decode(f);
    assertEquals(0xc814ff, d.rgb()[4 * 10 + 3] & 0xffffff);
    int[] crop = ImageCrops.crop(d, ImageCrops.checkedBox(d, null), 10);
    assertEquals(0xc814ff, crop[4 * 10 + 3]);
  }

  // ---- a dataset with bad images: skipped and reported, the good ones stored ----

  /**
   * Two real birds among an empty file, a 1x1 PNG, a 20000x20000 header, a CMYK JPEG and a bird cut
   * in half: the five are skipped with their reason (kept in the store's skipped list), the two
   * birds are stored and counted.
   */
  @Test
  void badImagesAreSkippedWithTheirReasonAndTheRestIsStored() throws IOException {
    Path folder = Files.createDirectories(tmp.resolve("folder"));
    copyBirds(folder, 2);
    Files.createFile(folder.resolve("c-empty.jpg"));
    png(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "dot.png");
    Files.move(tmp.resolve("dot.png"), folder.resolve("d-dot.png"));
    Files.write(folder.resolve("e-huge.png"), hugePng(20000, 20000));
    WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, null);
    writeJpeg(new IIOImage(r, null, null), folder.resolve("f-cmyk.jpg"));
    byte[] bird = Files.readAllBytes(firstBird());
    Files.write(folder.resolve("g-half.jpg"), Arrays.copyOf(bird, bird.length / 2));

    Path out = tmp.resolve("store");
    IngestResult result =
        Ingestor.run(
            options("squeezenet", List.of("fire9/concat_1"), folder, out), IngestListener.SILENT);
    assertEquals(2, result.images());
    List<String> reasons = new ArrayList<>();
    for (String s : FeatureStore.open(out).skipped()) {
      reasons.add(s.substring(s.indexOf("`: ") + 3));
    }
    assertEquals(
        List.of(
            "the file is empty (0 bytes); copy it again from its source",
            "it is 1x1 pixels, below the minimum side of 8 pixels; remove it or give the full-size"
                + " image",
            "its header declares 20000x20000 pixels, more than the limit of 64 megapixels (refused"
                + " before decoding); downscale it, e.g. to 4000 pixels on the long side",
            "it is a CMYK image; only RGB and greyscale images are read: convert it to sRGB (e.g."
                + " `magick IN.jpg -colorspace sRGB OUT.jpg`)",
            "it is truncated: the JPEG data stops after "
                + bird.length / 2
                + " bytes without its end-of-image marker (the decoder would fill the missing rows"
                + " with grey); copy it again from its source"),
        reasons);
    FeatureStore store = FeatureStore.open(out);
    assertEquals(List.of("a-bird0.jpg", "b-bird1.jpg"), ids(store));
    float[] map = new float[store.layers().get(0).size()];
    store.read(0, 1, map); // readable and normalisable
  }

  // ---- CUB annotation files ----

  @Test
  void malformedPartLinesNameTheFileTheLineAndTheFix() throws IOException {
    for (String bad : List.of("1 3 12.5 40", "1 3 12.5 forty 1", "1 3 12.5 40 2", "1 x 1 2 1")) {
      Path cub = miniCub(tmp.resolve("cub-" + bad.hashCode()), 2);
      Files.writeString(cub.resolve("part_locs.txt"), "1 1 20 30 1\n" + bad + "\n");
      Path out = tmp.resolve("out-" + bad.hashCode());
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  Ingestor.run(options("squeezenet", List.of(), cub, out), IngestListener.SILENT));
      assertEquals(
          "Line 2 (`"
              + bad
              + "`) of `"
              + cub.resolve("part_locs.txt")
              + "` is malformed; expected `<image id> <part id> <x> <y> <visible 0|1>`: fix or"
              + " remove that line",
          e.getMessage());
      assertFalse(Files.exists(out), "nothing written before the dataset is read");
    }
  }

  @Test
  void malformedBoxLineIsRefused() throws IOException {
    Path cub = miniCub(tmp.resolve("cub"), 2);
    Files.writeString(cub.resolve("bounding_boxes.txt"), "1 10 10 50 50\n2 10 ten 50 50\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Ingestor.run(
                    options("squeezenet", List.of(), cub, tmp.resolve("o")),
                    IngestListener.SILENT));
    assertEquals(
        "Line 2 (`2 10 ten 50 50`) of `"
            + cub.resolve("bounding_boxes.txt")
            + "` is malformed; expected `<image id> <x> <y> <w> <h>`: fix or remove that line",
        e.getMessage());
  }

  /**
   * Values a CUB file cannot hold, found when the dataset is read (before the model runs or
   * anything is written): a visible part at a negative coordinate, a split other than 0/1, a box of
   * no size or left of the image. Each message names the file, the line number, the line and the
   * rule.
   */
  @Test
  void annotationValuesOutOfRangeNameTheFileTheLineAndTheRule() throws IOException {
    record Case(String table, int line, String text, String message) {}
    List<Case> cases =
        List.of(
            new Case(
                "part_locs.txt",
                2,
                "1 3 -4.0 40.0 1",
                "has a visible part at (-4.0, 40.0), but coordinates are pixels from the top-left"
                    + " of the image, >= 0: fix that line or mark the part not visible (last field"
                    + " 0)"),
            new Case(
                "part_locs.txt",
                2,
                "2 5 30.0 -0.5 1",
                "has a visible part at (30.0, -0.5), but coordinates are pixels from the top-left"
                    + " of the image, >= 0: fix that line or mark the part not visible (last field"
                    + " 0)"),
            new Case(
                "train_test_split.txt",
                2,
                "2 2",
                "has split `2`, but the split is 1 (train) or 0 (test): fix that line"),
            new Case(
                "train_test_split.txt",
                1,
                "1 train",
                "has split `train`, but the split is 1 (train) or 0 (test): fix that line"),
            new Case(
                "bounding_boxes.txt",
                2,
                "2 10.0 10.0 0.0 50.0",
                "has a box of width `0.0` and height `50.0`, but both must be at least 1 pixel: fix"
                    + " that line"),
            new Case(
                "bounding_boxes.txt",
                1,
                "1 -20.0 10.0 50.0 50.0",
                "has a box at x `-20.0`, y `10.0`, but the top-left corner is in pixels from the"
                    + " top-left of the image, >= 0 (one pixel of overhang is clipped): fix that"
                    + " line"));
    for (Case c : cases) {
      Path cub = miniCub(tmp.resolve("cub-" + c.hashCode()), 2);
      List<String> lines = new ArrayList<>(Files.readAllLines(cub.resolve(c.table())));
      if (c.table().equals("part_locs.txt")) {
        lines.add(c.line() - 1, c.text());
      } else {
        lines.set(c.line() - 1, c.text());
      }
      Files.write(cub.resolve(c.table()), lines);
      Path out = tmp.resolve("out-" + c.hashCode());
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  Ingestor.run(options("squeezenet", List.of(), cub, out), IngestListener.SILENT));
      assertEquals(
          "Line "
              + c.line()
              + " (`"
              + c.text()
              + "`) of `"
              + cub.resolve(c.table())
              + "` "
              + c.message(),
          e.getMessage());
      assertFalse(Files.exists(out), "nothing written before the dataset is read");
    }
  }

  /** An invisible part's coordinates are not used, so CUB's "0 0" and any other value pass. */
  @Test
  void invisiblePartsAreNotChecked() throws IOException {
    Path cub = miniCub(tmp.resolve("cub"), 1);
    Files.writeString(cub.resolve("part_locs.txt"), "1 1 -7 -7 0\n1 2 100 90 1\n");
    var images = io.xgraph.ingest.image.Dataset.open(cub).images();
    assertEquals(Map.of(2, new io.xgraph.learner.data.Point(100, 90)), images.get(0).parts());
  }

  /**
   * A visible part beyond the image size is found when the image's header is read: the run stops
   * naming the part, the image, its size and the line; the birds before it stay committed.
   */
  @Test
  void partOutsideTheImageStopsTheRunNamingItsLine() throws IOException {
    Path cub = miniCub(tmp.resolve("cub"), 3);
    List<String> parts = new ArrayList<>(Files.readAllLines(cub.resolve("part_locs.txt")));
    parts.add("3 7 900.0 20.0 1");
    Files.write(cub.resolve("part_locs.txt"), parts);
    Path out = tmp.resolve("store");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Ingestor.run(
                    options("squeezenet", List.of("fire9/concat_1"), cub, out),
                    IngestListener.SILENT));
    String third = Files.readAllLines(cub.resolve("images.txt")).get(2).split(" ")[1];
    assertEquals(
        "Part 7 of image `"
            + cub.resolve("images").resolve(third)
            + "` at (900.0, 20.0) lies outside the 500x347 image; fix line "
            + parts.size()
            + " of `"
            + cub.resolve("part_locs.txt")
            + "` (x y in pixels from the top-left) or mark the part not visible (last field 0)",
        e.getMessage());
    assertEquals(List.of("1", "2"), ids(FeatureStore.open(out)));
  }

  /**
   * A dataset whose only image is an empty file has no negative to compute sigma from: the refusal
   * names that file and why it was skipped, not only "1 unreadable".
   */
  @Test
  void noUsableNegativeNamesTheUnreadableFiles() throws IOException {
    Path folder = Files.createDirectories(tmp.resolve("only-empty"));
    Path empty = Files.createFile(folder.resolve("bird.jpg"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Ingestor.run(
                    options("squeezenet", List.of("fire9/concat_1"), folder, tmp.resolve("o")),
                    IngestListener.SILENT));
    assertEquals(
        "No usable negative image (1 unreadable: Cannot decode image `"
            + empty
            + "`: the file is empty (0 bytes); copy it again from its source, 0 without a"
            + " background band of at least 64 px); fix or remove the unreadable files, or give a"
            + " folder of background images with --negatives DIR",
        e.getMessage());
  }

  /**
   * A box outside its image stops the run with the file, the box, the image size and the fix; the
   * birds before it stay committed and readable.
   */
  @Test
  void boxOutsideTheImageStopsTheRunAndKeepsWhatWasStored() throws IOException {
    Path cub = miniCub(tmp.resolve("cub"), 3);
    List<String> boxes = Files.readAllLines(cub.resolve("bounding_boxes.txt"));
    boxes.set(2, "3 100 100 5000 40");
    Files.write(cub.resolve("bounding_boxes.txt"), boxes);
    Path out = tmp.resolve("store");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Ingestor.run(
                    options("squeezenet", List.of("fire9/concat_1"), cub, out),
                    IngestListener.SILENT));
    String third = Files.readAllLines(cub.resolve("images.txt")).get(2).split(" ")[1];
    assertEquals(
        "Box [x=100.0, y=100.0, w=5000.0, h=40.0] of image `"
            + cub.resolve("images").resolve(third)
            + "` lies outside the 500x347 image; fix the box (x y w h, pixels from the top-left):"
            + " line 3 of `"
            + cub.resolve("bounding_boxes.txt")
            + "`",
        e.getMessage());
    FeatureStore store = FeatureStore.open(out);
    assertEquals(List.of("1", "2"), ids(store));
  }

  // ---- a feature store of another model ----

  @Test
  void aStoreOfAnotherModelIsRefusedAndLeftAsItWas() throws IOException {
    Path cub = miniCub(tmp.resolve("cub"), 2);
    Path out = tmp.resolve("store");
    Ingestor.run(options("squeezenet", List.of("fire9/concat_1"), cub, out), IngestListener.SILENT);
    Map<String, byte[]> before = snapshot(out);

    IllegalArgumentException rerun =
        assertThrows(
            IllegalArgumentException.class,
            () -> Ingestor.run(options("mobilenet", List.of(), cub, out), IngestListener.SILENT));
    assertEquals(
        "Feature store `"
            + out
            + "` was made with layer.0.channels=512 but this run has layer.0.channels=32; give"
            + " another --out directory, or delete `"
            + out
            + "` to start over",
        rerun.getMessage());

    FeatureStore store = FeatureStore.open(out);
    IllegalArgumentException extractor =
        assertThrows(
            IllegalArgumentException.class,
            () -> ImageFeatureExtractor.forStore(store, model("mobilenet"), 1));
    assertTrue(
        extractor.getMessage().startsWith("Model `" + model("mobilenet") + "` (sha256 "),
        extractor.getMessage());
    assertTrue(
        extractor
            .getMessage()
            .contains(
                ") is not the model of feature store `"
                    + out
                    + "` (squeezenet1.1-fp16, sha256 "
                    + store.modelSha256()
                    + "); give the store's model file"),
        extractor.getMessage());
    assertSnapshot(before, snapshot(out));
  }

  // ---- helpers ----

  private static Path firstBird() throws IOException {
    Path cub = SharedData.cubDev(data());
    return cub.resolve("images")
        .resolve(Files.readAllLines(cub.resolve("images.txt")).get(0).split(" ", 2)[1]);
  }

  private static List<String> ids(FeatureStore store) {
    return store.images().stream().map(r -> r.id()).toList();
  }

  private Path png(BufferedImage image, String name) throws IOException {
    Path p = tmp.resolve(name);
    ImageIO.write(image, "png", p.toFile());
    return p;
  }

  private static void writeJpeg(IIOImage image, Path f) throws IOException {
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(f.toFile())) {
      w.setOutput(out);
      w.write(null, image, null);
    } finally {
      w.dispose();
    }
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  /** A valid PNG stream whose header declares {@code w x h} RGB pixels, with one short row. */
  static byte[] hugePng(int w, int h) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a});
    chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put(new byte[] {8, 2, 0, 0, 0}));
    Deflater deflater = new Deflater();
    deflater.setInput(new byte[16]);
    deflater.finish();
    byte[] z = new byte[64];
    int n = deflater.deflate(z);
    chunk(out, "IDAT", ByteBuffer.wrap(z, 0, n).slice());
    chunk(out, "IEND", ByteBuffer.allocate(0));
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, ByteBuffer body)
      throws IOException {
    byte[] data = new byte[body.position() > 0 ? body.position() : body.remaining()];
    body.rewind();
    body.get(data);
    out.write(ByteBuffer.allocate(4).putInt(data.length).array());
    byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    out.write(t);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
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

  /** Copies the first {@code n} shared birds into {@code folder} as a-bird0.jpg, b-bird1.jpg... */
  private static void copyBirds(Path folder, int n) throws IOException {
    Path cub = SharedData.cubDev(data());
    List<String> lines = Files.readAllLines(cub.resolve("images.txt"));
    for (int i = 0; i < n; i++) {
      String rel = lines.get(i).split(" ")[1];
      Files.copy(
          cub.resolve("images").resolve(rel),
          folder.resolve((char) ('a' + i) + "-bird" + i + ".jpg"));
    }
  }

  /** A CUB-layout copy of the first {@code n} shared birds (images, boxes, split, parts). */
  private static Path miniCub(Path dir, int n) throws IOException {
    Path cub = SharedData.cubDev(data());
    Files.createDirectories(dir.resolve("images"));
    List<String> images = Files.readAllLines(cub.resolve("images.txt")).subList(0, n);
    List<String> ids = images.stream().map(l -> l.split(" ")[0]).toList();
    List<String> renumbered = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String rel = images.get(i).split(" ")[1];
      Path target = dir.resolve("images").resolve(rel);
      Files.createDirectories(target.getParent());
      Files.copy(cub.resolve("images").resolve(rel), target);
      renumbered.add((i + 1) + " " + rel);
    }
    Files.write(dir.resolve("images.txt"), renumbered);
    for (String table : List.of("bounding_boxes.txt", "train_test_split.txt", "part_locs.txt")) {
      List<String> kept = new ArrayList<>();
      for (String line : Files.readAllLines(cub.resolve(table))) {
        String[] f = line.trim().split("\\s+", 2);
        int i = ids.indexOf(f[0]);
        if (i >= 0) {
          kept.add((i + 1) + " " + f[1]);
        }
      }
      Files.write(dir.resolve(table), kept);
    }
    return dir;
  }

  private static Map<String, byte[]> snapshot(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        out.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  private static void assertSnapshot(Map<String, byte[]> before, Map<String, byte[]> after) {
    assertEquals(before.keySet(), after.keySet());
    before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
  }
}
