package io.xgraph.ingest;

import io.xgraph.ingest.store.FeatureStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * What the bad-dataset tests share: the shared birds and models, ingest options, a CUB-layout copy
 * of the first birds to spoil, and writers of bad image files (PNGs, JPEGs, a PNG header declaring
 * any size).
 */
final class BadDatasetFixture {

  private BadDatasetFixture() {}

  static Path data() {
    return SharedData.locate(null);
  }

  /** Options over all of {@code images} with one thread and no negatives folder. */
  static IngestOptions options(String alias, List<String> layers, Path images, Path out) {
    return new IngestOptions(model(alias), layers, images, out, null, "all", 0, 1, null);
  }

  static Path model(String alias) {
    return SharedData.model(data(), alias);
  }

  /** The file of the first shared bird. */
  static Path firstBird() throws IOException {
    Path cub = SharedData.cubDev(data());
    return cub.resolve("images")
        .resolve(Files.readAllLines(cub.resolve("images.txt")).get(0).split(" ", 2)[1]);
  }

  /** The ids of the stored images, in the order stored. */
  static List<String> ids(FeatureStore store) {
    return store.images().stream().map(r -> r.id()).toList();
  }

  /** Writes {@code image} as a PNG to {@code target}. */
  static Path png(BufferedImage image, Path target) throws IOException {
    ImageIO.write(image, "png", target.toFile());
    return target;
  }

  static void writeJpeg(IIOImage image, Path f) throws IOException {
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(f.toFile())) {
      w.setOutput(out);
      w.write(null, image, null);
    } finally {
      w.dispose();
    }
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

  /** A CUB-layout copy of the first {@code n} shared birds (images, boxes, split, parts). */
  static Path miniCub(Path dir, int n) throws IOException {
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
}
