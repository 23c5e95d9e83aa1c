package io.xgraph.ingest;

import static io.xgraph.ingest.BadDatasetFixture.data;
import static io.xgraph.ingest.BadDatasetFixture.firstBird;
import static io.xgraph.ingest.BadDatasetFixture.hugePng;
import static io.xgraph.ingest.BadDatasetFixture.ids;
import static io.xgraph.ingest.BadDatasetFixture.options;
import static io.xgraph.ingest.BadDatasetFixture.png;
import static io.xgraph.ingest.BadDatasetFixture.writeJpeg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xgraph.ingest.store.FeatureStore;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.IIOImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest runs over folders of bad images: the bad ones are skipped with their reason (kept in the
 * store's skipped list) and the good ones stored; a folder with no usable negative image is refused
 * naming the unreadable files.
 */
class BadImageFolderTest {

  @TempDir Path tmp;

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
    png(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), folder.resolve("d-dot.png"));
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
}
