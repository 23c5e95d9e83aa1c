package io.xgraph.store.server;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Where the patterns of each layer fire on one image (the journal version's Fig. 6): per layer, a
 * map of the object crop that sums, over the firing patterns, the pattern's score times a Gaussian
 * around its position, drawn as a heat overlay on the dimmed crop, one panel per layer, with a
 * legend naming the number of firing patterns. Pure drawing: the positions come from the caller
 * (the store's FIRES_ON or the learner's inference).
 */
public final class FiringHeatmap {

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private FiringHeatmap() {}

  /** A firing pattern: its position on the object crop (input-plane pixels) and its score. */
  public record Spot(double x, double y, double score) {}

  /**
   * One layer's panel.
   *
   * @param layer the layer's name
   * @param sigma the Gaussian's standard deviation, input-plane pixels (the layer's stride: a
   *     position is known to a grid cell)
   * @param spots the firing patterns
   */
  public record Panel(String layer, double sigma, List<Spot> spots) {}

  /**
   * The score-weighted map of {@code panel} on a {@code side x side} plane, row-major, in score
   * units (not normalised). Each spot adds {@code score * exp(-d^2 / 2 sigma^2)} within 3 sigma.
   */
  public static float[] heat(int side, Panel panel) {
    float[] map = new float[side * side];
    double sigma = Math.max(0.5, panel.sigma());
    int reach = (int) Math.ceil(3 * sigma);
    double twoSigma2 = 2 * sigma * sigma;
    for (Spot s : panel.spots()) {
      if (!(s.score() > 0) || !Double.isFinite(s.x()) || !Double.isFinite(s.y())) {
        continue;
      }
      int cx = (int) Math.round(s.x());
      int cy = (int) Math.round(s.y());
      for (int y = Math.max(0, cy - reach); y <= Math.min(side - 1, cy + reach); y++) {
        double dy = y - s.y();
        for (int x = Math.max(0, cx - reach); x <= Math.min(side - 1, cx + reach); x++) {
          double dx = x - s.x();
          map[y * side + x] += (float) (s.score() * Math.exp(-(dx * dx + dy * dy) / twoSigma2));
        }
      }
    }
    return map;
  }

  /**
   * The figure: a title, then one panel per layer ({@code crop} with its heat overlay, each panel
   * normalised to its own maximum, since scores are scaled per layer) and a legend under each.
   *
   * @param crop the object crop as the CNN saw it (square, input-plane pixels)
   */
  public static BufferedImage render(BufferedImage crop, String title, List<Panel> panels) {
    int side = crop.getWidth();
    int gap = 8;
    int titleHeight = 24;
    int legendHeight = 30;
    int width = Math.max(gap + panels.size() * (side + gap), 2 * gap + textWidth(title, 13));
    int height = titleHeight + side + legendHeight + gap + 14;
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = graphics(out);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(new Color(0x20, 0x20, 0x20));
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.drawString(title, gap, 17);
    for (int i = 0; i < panels.size(); i++) {
      Panel p = panels.get(i);
      int left = gap + i * (side + gap);
      g.drawImage(overlay(crop, heat(side, p)), left, titleHeight, null);
      g.setColor(new Color(0x20, 0x20, 0x20));
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
      g.drawString(p.layer(), left, titleHeight + side + 13);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
      g.drawString(
          String.format(
              Locale.ROOT,
              "%d firing pattern%s, sigma %.0f px",
              p.spots().size(),
              p.spots().size() == 1 ? "" : "s",
              p.sigma()),
          left,
          titleHeight + side + 26);
    }
    drawColourBar(g, gap, height - 12, Math.min(160, width - 2 * gap));
    g.dispose();
    return out;
  }

  /** {@code crop} dimmed, with the normalised map as a coloured, map-weighted overlay. */
  static BufferedImage overlay(BufferedImage crop, float[] map) {
    int side = crop.getWidth();
    float max = 0;
    for (float v : map) {
      max = Math.max(max, v);
    }
    BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int rgb = crop.getRGB(x, Math.min(y, crop.getHeight() - 1));
        // Dim and desaturate the photo so the heat reads on any bird.
        int grey = (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3;
        double base = 0.45 * grey + 40;
        double v = max > 0 ? map[y * side + x] / max : 0;
        Color c = colour(v);
        double a = Math.min(1, 1.2 * Math.sqrt(v));
        int r = (int) Math.round((1 - a) * base + a * c.getRed());
        int gg = (int) Math.round((1 - a) * base + a * c.getGreen());
        int b = (int) Math.round((1 - a) * base + a * c.getBlue());
        out.setRGB(x, y, (r << 16) | (gg << 8) | b);
      }
    }
    return out;
  }

  /** The colour of a normalised value: dark blue, red, orange, then pale yellow at 1. */
  static Color colour(double v) {
    double t = Math.max(0, Math.min(1, v));
    float[][] stops = {
      {0.10f, 0.05f, 0.35f}, {0.75f, 0.10f, 0.30f}, {0.98f, 0.50f, 0.10f}, {1.00f, 0.97f, 0.60f}
    };
    double pos = t * (stops.length - 1);
    int i = Math.min(stops.length - 2, (int) pos);
    double f = pos - i;
    return new Color(
        (float) (stops[i][0] + f * (stops[i + 1][0] - stops[i][0])),
        (float) (stops[i][1] + f * (stops[i + 1][1] - stops[i][1])),
        (float) (stops[i][2] + f * (stops[i + 1][2] - stops[i][2])));
  }

  private static void drawColourBar(Graphics2D g, int left, int top, int width) {
    for (int x = 0; x < width; x++) {
      g.setColor(colour(x / (double) Math.max(1, width - 1)));
      g.fillRect(left + x, top, 1, 6);
    }
    g.setColor(new Color(0x20, 0x20, 0x20));
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
    g.drawString(
        "score-weighted firings: none (left) to the panel's maximum (right)",
        left + width + 6,
        top + 7);
  }

  static int textWidth(String text, int size) {
    Graphics2D probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    int w = probe.getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, size)).stringWidth(text);
    probe.dispose();
    return w;
  }

  static Graphics2D graphics(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    return g;
  }
}
