package io.xgraph.notebooks;

import io.xgraph.ingest.image.Box;
import io.xgraph.ingest.image.ImageCrops;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pictures for notebook cells, drawn with java.awt (the Java kernel shows a {@link BufferedImage}
 * inline as a PNG): object crops as the CNN saw them, marked points, rows of captioned tiles and
 * small-multiple histograms. Pure drawing, no state.
 */
public final class Pictures {

  private Pictures() {}

  /** Marker colours, in order: predicted, truth, then others. */
  public static final List<Color> PALETTE =
      List.of(
          new Color(0xE6, 0x19, 0x4B),
          new Color(0x3C, 0xB4, 0x4B),
          new Color(0x43, 0x63, 0xD8),
          new Color(0xF5, 0x82, 0x31),
          new Color(0x91, 0x1E, 0xB4));

  /**
   * The object crop the CNN saw: {@code box} ({@code [x, y, w, h]} of the original image, as stored
   * on {@code Image.box}) resized to {@code size x size}, with ingest's own crop code.
   */
  public static BufferedImage objectCrop(Path imageFile, List<? extends Number> box, int size) {
    if (box == null || box.size() != 4) {
      throw new IllegalArgumentException(
          "Box of image `" + imageFile + "` was `" + box + "`, but must be [x, y, w, h]");
    }
    ImageCrops.Decoded decoded = ImageCrops.decode(imageFile);
    Box b =
        ImageCrops.checkedBox(
            decoded,
            new Box(
                box.get(0).doubleValue(),
                box.get(1).doubleValue(),
                box.get(2).doubleValue(),
                box.get(3).doubleValue()));
    int[] rgb = ImageCrops.crop(decoded, b, size);
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, size, size, rgb, 0, size);
    return out;
  }

  /**
   * A patch of {@code image}: {@code box} ({@code [x, y, w, h]}, pixels of {@code image}) clipped
   * to the image and scaled to {@code size x size}.
   */
  public static BufferedImage patch(BufferedImage image, List<? extends Number> box, int size) {
    int x0 = clamp((int) Math.floor(box.get(0).doubleValue()), 0, image.getWidth() - 1);
    int y0 = clamp((int) Math.floor(box.get(1).doubleValue()), 0, image.getHeight() - 1);
    int x1 =
        clamp(
            (int) Math.ceil(box.get(0).doubleValue() + box.get(2).doubleValue()),
            x0 + 1,
            image.getWidth());
    int y1 =
        clamp(
            (int) Math.ceil(box.get(1).doubleValue() + box.get(3).doubleValue()),
            y0 + 1,
            image.getHeight());
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = graphics(out);
    g.drawImage(image, 0, 0, size, size, x0, y0, x1, y1, null);
    g.dispose();
    return out;
  }

  /**
   * A copy of {@code image} with a ring and a label at each point ({@code [x, y]}), coloured by
   * {@link #PALETTE} in order.
   */
  public static BufferedImage mark(BufferedImage image, Map<String, double[]> points) {
    BufferedImage out =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = graphics(out);
    g.drawImage(image, 0, 0, null);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
    int i = 0;
    for (Map.Entry<String, double[]> e : points.entrySet()) {
      Color c = PALETTE.get(i++ % PALETTE.size());
      double x = e.getValue()[0];
      double y = e.getValue()[1];
      g.setStroke(new BasicStroke(3f));
      g.setColor(Color.WHITE);
      g.drawOval((int) Math.round(x - 7), (int) Math.round(y - 7), 14, 14);
      g.setStroke(new BasicStroke(2f));
      g.setColor(c);
      g.drawOval((int) Math.round(x - 7), (int) Math.round(y - 7), 14, 14);
      g.fillOval((int) Math.round(x - 2), (int) Math.round(y - 2), 5, 5);
      // Labels go right of the point, or left of it near the right edge, so none is cut off.
      int w = g.getFontMetrics().stringWidth(e.getKey());
      int lx = x + 9 + w <= out.getWidth() ? (int) Math.round(x + 9) : (int) Math.round(x - 9 - w);
      int ly = (int) Math.round(Math.max(11, Math.min(out.getHeight() - 2, y + 4)));
      g.drawString(e.getKey(), lx, ly);
    }
    g.dispose();
    return out;
  }

  /** Tiles side by side on a white strip, each with its caption underneath. */
  public static BufferedImage row(List<BufferedImage> tiles, List<String> captions) {
    if (tiles.isEmpty() || tiles.size() != captions.size()) {
      throw new IllegalArgumentException(
          "Got "
              + tiles.size()
              + " tiles and "
              + captions.size()
              + " captions, but need one caption per tile and at least one tile");
    }
    int gap = 6;
    int captionHeight = 16;
    int height = 0;
    int width = gap;
    for (BufferedImage t : tiles) {
      height = Math.max(height, t.getHeight());
      width += t.getWidth() + gap;
    }
    BufferedImage out =
        new BufferedImage(width, height + captionHeight + 2 * gap, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = graphics(out);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.setColor(Color.DARK_GRAY);
    int x = gap;
    for (int i = 0; i < tiles.size(); i++) {
      BufferedImage t = tiles.get(i);
      g.drawImage(t, x, gap, null);
      g.drawString(fit(g.getFontMetrics(), captions.get(i), t.getWidth()), x, gap + height + 13);
      x += t.getWidth() + gap;
    }
    g.dispose();
    return out;
  }

  /**
   * Histograms side by side, one panel per series (e.g. per layer), on a shared x range and bin
   * grid; NaN values are left out and counted in the panel title.
   *
   * @param title the chart's title
   * @param xLabel what the values are
   * @param series values per panel, in panel order
   * @param bins bins per panel
   */
  public static BufferedImage histograms(
      String title, String xLabel, Map<String, double[]> series, int bins) {
    if (series.isEmpty() || bins < 1) {
      throw new IllegalArgumentException(
          "Histogram `" + title + "` needs at least one series and one bin");
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] v : series.values()) {
      for (double d : v) {
        if (Double.isFinite(d)) {
          lo = Math.min(lo, d);
          hi = Math.max(hi, d);
        }
      }
    }
    if (lo > hi) {
      throw new IllegalArgumentException("Histogram `" + title + "` has no finite value");
    }
    if (hi == lo) {
      hi = lo + 1;
    }
    int panelW = 210;
    int panelH = 150;
    int left = 40;
    int top = 42;
    int bottom = 34;
    BufferedImage out =
        new BufferedImage(
            left + series.size() * (panelW + 16),
            top + panelH + bottom,
            BufferedImage.TYPE_INT_RGB);
    Graphics2D g = graphics(out);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString(title, left, 16);
    int px = left;
    int colour = 0;
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      int[] counts = new int[bins];
      int nan = 0;
      for (double d : e.getValue()) {
        if (!Double.isFinite(d)) {
          nan++;
          continue;
        }
        counts[Math.min(bins - 1, (int) ((d - lo) / (hi - lo) * bins))]++;
      }
      int max = 1;
      for (int c : counts) {
        max = Math.max(max, c);
      }
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.setColor(Color.DARK_GRAY);
      String head = e.getKey() + " (n=" + (e.getValue().length - nan) + ")";
      g.drawString(fit(g.getFontMetrics(), head, panelW), px, top - 8);
      g.setColor(PALETTE.get(colour++ % PALETTE.size()));
      double bw = (double) panelW / bins;
      for (int b = 0; b < bins; b++) {
        int h = (int) Math.round((double) counts[b] / max * panelH);
        g.fillRect(px + (int) Math.round(b * bw), top + panelH - h, (int) Math.ceil(bw) - 1, h);
      }
      g.setColor(Color.GRAY);
      g.drawLine(px, top + panelH, px + panelW, top + panelH);
      g.drawLine(px, top, px, top + panelH);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.valueOf(max), px - 4 - g.getFontMetrics().stringWidth("" + max), top + 9);
      g.drawString(number(lo), px, top + panelH + 13);
      String hiText = number(hi);
      g.drawString(hiText, px + panelW - g.getFontMetrics().stringWidth(hiText), top + panelH + 13);
      g.drawString(
          xLabel, px + (panelW - g.getFontMetrics().stringWidth(xLabel)) / 2, top + panelH + 27);
      px += panelW + 16;
    }
    g.dispose();
    return out;
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.3g", v);
  }

  private static String fit(FontMetrics fm, String s, int width) {
    String t = s;
    while (t.length() > 1 && fm.stringWidth(t) > width) {
      t = t.substring(0, t.length() - 2) + "…";
    }
    return t;
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static Graphics2D graphics(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    return g;
  }
}
