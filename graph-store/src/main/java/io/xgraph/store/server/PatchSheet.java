package io.xgraph.store.server;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A patch sheet: a title, an optional note, then one row per pattern: a label column (the pattern,
 * its part label) and its top image patches, each captioned. Pure drawing.
 */
public final class PatchSheet {

  private PatchSheet() {}

  /** One pattern's row: label lines, then tiles with their captions. */
  public record Row(List<String> label, List<BufferedImage> tiles, List<String> captions) {}

  private static final Color INK = new Color(0x20, 0x20, 0x20);

  private static final Color NOTE = new Color(0x9a, 0x3b, 0x00);

  /** The sheet, tiles drawn at {@code tile} pixels, the label column {@code labelWidth} wide. */
  public static BufferedImage render(
      String title, String note, List<Row> rows, int tile, int labelWidth) {
    int gap = 6;
    for (Row r : rows) {
      for (String line : r.label()) {
        // Bold lines run about a tenth wider than the plain measure.
        labelWidth = Math.max(labelWidth, FiringHeatmap.textWidth(line, 10) * 11 / 10 + 2 * gap);
      }
    }
    int columns = rows.stream().mapToInt(r -> r.tiles().size()).max().orElse(0);
    int labelLines = rows.stream().mapToInt(r -> r.label().size()).max().orElse(0);
    int cell = Math.max(tile + 14, labelLines * 12 + 4) + gap;
    int head = 24 + (note == null ? 0 : 16);
    int width =
        Math.max(
            gap + labelWidth + columns * (tile + gap),
            2 * gap
                + Math.max(
                    FiringHeatmap.textWidth(title, 13),
                    note == null ? 0 : FiringHeatmap.textWidth(note, 11)));
    int height = head + gap + Math.max(1, rows.size()) * cell;
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = FiringHeatmap.graphics(out);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(INK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.drawString(title, gap, 17);
    if (note != null) {
      g.setColor(NOTE);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.drawString(note, gap, 34);
    }
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      int top = head + gap + r * cell;
      g.setColor(INK);
      int y = top + 11;
      for (int i = 0; i < row.label().size(); i++) {
        // The first line names the pattern, the second its part label.
        g.setFont(new Font(Font.SANS_SERIF, i == 1 ? Font.BOLD : Font.PLAIN, 10));
        g.drawString(row.label().get(i), gap, y);
        y += 12;
      }
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
      for (int c = 0; c < row.tiles().size(); c++) {
        int left = gap + labelWidth + c * (tile + gap);
        g.drawImage(row.tiles().get(c), left, top, tile, tile, null);
        if (c < row.captions().size()) {
          g.drawString(row.captions().get(c), left, top + tile + 10);
        }
      }
    }
    g.dispose();
    return out;
  }
}
