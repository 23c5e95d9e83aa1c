package io.xgraph.cli;

import io.xgraph.ingest.image.Box;
import io.xgraph.ingest.image.ImageCrops;
import io.xgraph.learner.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Drawing helpers of the picture commands: the model's 224 object crop of an image, receptive-field
 * patches cut from it, captioned tiles, contact sheets and PNG output. Everything runs headless.
 */
final class Pictures {

  static {
    System.setProperty("java.awt.headless", "true");
  }

  /** Fill of a patch outside the crop. */
  static final Color OUTSIDE = new Color(0x80, 0x80, 0x80);

  static final Color BACKGROUND = Color.WHITE;

  static final Color INK = new Color(0x20, 0x20, 0x20);

  private Pictures() {}

  /**
   * The object crop as the model saw it: {@code box} (x, y, w, h on the original image; null = the
   * whole image) cut from {@code file} and resized to {@code size x size} with ingest's own
   * bilinear crop, so positions on the model's input plane are pixel positions here.
   *
   * @throws IllegalArgumentException when the file is missing (names the file and the fix)
   */
  static BufferedImage crop(Path file, double[] box, int size) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "Image file `"
              + file
              + "` does not exist: give the dataset folder the images were ingested from with"
              + " --dataset DIR");
    }
    ImageCrops.Region region =
        ImageCrops.decode(
            file,
            (w, h) ->
                ImageCrops.checkedBox(
                    file, w, h, box == null ? null : new Box(box[0], box[1], box[2], box[3])));
    int[] rgb = ImageCrops.crop(region.image(), region.box(), size);
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, size, size, rgb, 0, size);
    return out;
  }

  /**
   * The {@code side x side} square of {@code crop} centred on ({@code cx}, {@code cy}) (pixel
   * centres, 0-based): patch pixel (i, j) is crop pixel (x0 + j, y0 + i) with x0 = round(cx - (side
   * - 1) / 2); pixels beyond the crop are {@link #OUTSIDE}.
   */
  static BufferedImage patch(BufferedImage crop, double cx, double cy, int side) {
    BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    int x0 = patchOrigin(cx, side);
    int y0 = patchOrigin(cy, side);
    for (int i = 0; i < side; i++) {
      for (int j = 0; j < side; j++) {
        int x = x0 + j;
        int y = y0 + i;
        boolean inside = x >= 0 && y >= 0 && x < crop.getWidth() && y < crop.getHeight();
        out.setRGB(j, i, inside ? crop.getRGB(x, y) : OUTSIDE.getRGB());
      }
    }
    return out;
  }

  /** Left (or top) pixel of a {@code side} patch centred on {@code c}. */
  static int patchOrigin(double c, int side) {
    return (int) Math.round(c - (side - 1) / 2.0);
  }

  /** {@code image} scaled to {@code side x side} (bilinear). */
  static BufferedImage scaled(BufferedImage image, int side) {
    BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, side, side, null);
    g.dispose();
    return out;
  }

  /** A picture with its caption lines. */
  record Tile(BufferedImage image, List<String> caption) {}

  static Font font(int size) {
    return new Font(Font.SANS_SERIF, Font.PLAIN, size);
  }

  static Graphics2D graphics(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    return g;
  }

  /**
   * A sheet: a title line, then rows of tiles (each row may start with a label column), captions
   * under each tile. Tiles are drawn at {@code tileSide} pixels.
   */
  static BufferedImage sheet(
      String title, List<String> rowLabels, List<List<Tile>> rows, int tileSide, int labelWidth) {
    int gap = 6;
    int captionLines = 0;
    int columns = 0;
    for (List<Tile> row : rows) {
      columns = Math.max(columns, row.size());
      for (Tile t : row) {
        captionLines = Math.max(captionLines, t.caption().size());
      }
    }
    int lineHeight = 12;
    int titleHeight = title == null ? 0 : 22;
    int cellHeight = tileSide + captionLines * lineHeight + gap;
    int width = gap + labelWidth + columns * (tileSide + gap);
    if (title != null) {
      // Wide enough for the title: measure it on a scratch image.
      Graphics2D probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
      width = Math.max(width, 2 * gap + probe.getFontMetrics(font(13)).stringWidth(title));
      probe.dispose();
    }
    int height = titleHeight + gap + rows.size() * cellHeight;
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = graphics(out);
    g.setColor(BACKGROUND);
    g.fillRect(0, 0, width, height);
    g.setColor(INK);
    if (title != null) {
      g.setFont(font(13));
      g.drawString(title, gap, 16);
    }
    g.setFont(font(10));
    for (int r = 0; r < rows.size(); r++) {
      int top = titleHeight + gap + r * cellHeight;
      if (rowLabels != null && r < rowLabels.size()) {
        int y = top + 12;
        for (String line : rowLabels.get(r).split("\n")) {
          g.drawString(line, gap, y);
          y += lineHeight;
        }
      }
      List<Tile> row = rows.get(r);
      for (int c = 0; c < row.size(); c++) {
        int left = gap + labelWidth + c * (tileSide + gap);
        Tile t = row.get(c);
        g.drawImage(t.image(), left, top, tileSide, tileSide, null);
        int y = top + tileSide + 10;
        for (String line : t.caption()) {
          g.drawString(line, left, y);
          y += lineHeight;
        }
      }
    }
    g.dispose();
    return out;
  }

  /**
   * Writes {@code image} as PNG, creating the parent folder; completely or not at all (a full disk
   * is named with the space needed, an earlier picture of that name stays).
   */
  static void writePng(BufferedImage image, Path file) {
    AtomicFiles.write(
        file,
        out -> {
          if (!ImageIO.write(image, "png", out)) {
            throw new IllegalStateException("No PNG writer in this Java runtime for " + file);
          }
        });
  }

  /** A cross of arm {@code r} at (x, y). */
  static void cross(Graphics2D g, double x, double y, double r, Color color) {
    g.setColor(color);
    g.setStroke(new BasicStroke(2f));
    g.drawLine((int) (x - r), (int) (y - r), (int) (x + r), (int) (y + r));
    g.drawLine((int) (x - r), (int) (y + r), (int) (x + r), (int) (y - r));
  }

  /** A circle of radius {@code r} at (x, y). */
  static void circle(Graphics2D g, double x, double y, double r, Color color) {
    g.setColor(color);
    g.setStroke(new BasicStroke(2f));
    g.drawOval((int) Math.round(x - r), (int) Math.round(y - r), (int) (2 * r), (int) (2 * r));
  }
}
