package io.xgraph.cli;

import io.xgraph.evaluation.StabilityEvaluation;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A grouped bar chart of stability per layer (release form, held-out test images): the graph, the
 * raw-filter baseline and the graph with positions pinned at mu. Lower bars are better.
 */
final class StabilityChart {

  static final int WIDTH = 760;
  static final int HEIGHT = 420;

  /** Series colours: graph, raw filters, graph at mu. */
  static final Color[] COLORS = {
    new Color(0x1f, 0x77, 0xb4), new Color(0xff, 0x7f, 0x0e), new Color(0x99, 0x99, 0x99)
  };

  static final String[] SERIES = {"graph", "raw filters", "graph at mu (control)"};

  private StabilityChart() {}

  /** The chart of {@code e}'s test split, per layer and over all layers. */
  static BufferedImage draw(StabilityEvaluation.Evaluation e, String title) {
    List<String> groups = new ArrayList<>(e.layerNames());
    groups.add("all layers");
    int n = groups.size();
    double[][] values = new double[3][n];
    for (int l = 0; l < n - 1; l++) {
      values[0][l] = e.graphTest().releasePerLayer()[l];
      values[1][l] = e.rawTest().releasePerLayer()[l];
      values[2][l] = e.fixedTest().releasePerLayer()[l];
    }
    values[0][n - 1] = e.graphTest().release();
    values[1][n - 1] = e.rawTest().release();
    values[2][n - 1] = e.fixedTest().release();
    return draw(title, groups, values);
  }

  /** Bars of {@code values[series][group]}. */
  static BufferedImage draw(String title, List<String> groups, double[][] values) {
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = Pictures.graphics(img);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    int left = 60;
    int right = WIDTH - 20;
    int top = 60;
    int bottom = HEIGHT - 50;
    double max = 0;
    for (double[] s : values) {
      for (double v : s) {
        if (Double.isFinite(v)) {
          max = Math.max(max, v);
        }
      }
    }
    double axisMax = niceCeiling(max);
    g.setColor(Pictures.INK);
    g.setFont(Pictures.font(14));
    g.drawString(title, left, 22);
    g.setFont(Pictures.font(11));
    g.drawString(
        "stability of inference positions, held-out test images (release form; lower is better)",
        left,
        40);
    // Axis with five ticks.
    for (int t = 0; t <= 5; t++) {
      double v = axisMax * t / 5;
      int y = bottom - (int) Math.round((bottom - top) * v / axisMax);
      g.setColor(new Color(0xe6, 0xe6, 0xe6));
      g.drawLine(left, y, right, y);
      g.setColor(Pictures.INK);
      String label = String.format(Locale.ROOT, "%.3f", v);
      g.drawString(label, left - 6 - g.getFontMetrics().stringWidth(label), y + 4);
    }
    g.drawLine(left, top, left, bottom);
    g.drawLine(left, bottom, right, bottom);
    int groupWidth = (right - left) / groups.size();
    int barWidth = (groupWidth - 20) / values.length;
    FontMetrics fm = g.getFontMetrics();
    for (int k = 0; k < groups.size(); k++) {
      int gx = left + k * groupWidth + 10;
      for (int s = 0; s < values.length; s++) {
        double v = values[s][k];
        if (!Double.isFinite(v)) {
          continue;
        }
        int h = (int) Math.round((bottom - top) * v / axisMax);
        int x = gx + s * barWidth;
        g.setColor(COLORS[s % COLORS.length]);
        g.fillRect(x, bottom - h, barWidth - 3, h);
        g.setColor(Pictures.INK);
        g.setFont(Pictures.font(9));
        String label = String.format(Locale.ROOT, "%.3f", v);
        g.drawString(
            label, x + (barWidth - 3 - g.getFontMetrics().stringWidth(label)) / 2, bottom - h - 3);
      }
      g.setFont(Pictures.font(11));
      String name = groups.get(k);
      g.drawString(name, gx + (groupWidth - 20 - fm.stringWidth(name)) / 2, bottom + 16);
    }
    // Legend.
    int lx = left;
    for (int s = 0; s < values.length; s++) {
      g.setColor(COLORS[s % COLORS.length]);
      g.fillRect(lx, HEIGHT - 22, 12, 12);
      g.setColor(Pictures.INK);
      String name = SERIES[s % SERIES.length];
      g.drawString(name, lx + 16, HEIGHT - 12);
      lx += 16 + fm.stringWidth(name) + 24;
    }
    g.dispose();
    return img;
  }

  /** The smallest 1, 2 or 5 times a power of ten at least {@code v}. */
  static double niceCeiling(double v) {
    if (!(v > 0)) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }
}
