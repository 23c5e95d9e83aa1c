package io.xgraph.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PicturesTest {

  @Test
  void patchCutsTheBoxAndScalesIt() {
    BufferedImage img = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
    for (int y = 10; y < 20; y++) {
      for (int x = 20; x < 30; x++) {
        img.setRGB(x, y, 0xFF0000);
      }
    }
    BufferedImage p = Pictures.patch(img, List.of(20, 10, 10, 10), 30);
    assertEquals(30, p.getWidth());
    assertEquals(0xFF0000, p.getRGB(15, 15) & 0xFFFFFF);
    assertEquals(0xFF0000, p.getRGB(1, 28) & 0xFFFFFF);
  }

  @Test
  void markDrawsInTheFirstPaletteColourAtThePoint() {
    BufferedImage img = new BufferedImage(50, 50, BufferedImage.TYPE_INT_RGB);
    Map<String, double[]> pts = new LinkedHashMap<>();
    pts.put("p", new double[] {25, 25});
    BufferedImage m = Pictures.mark(img, pts);
    assertEquals(Pictures.PALETTE.get(0).getRGB() & 0xFFFFFF, m.getRGB(25, 25) & 0xFFFFFF);
    assertEquals(0, img.getRGB(25, 25) & 0xFFFFFF, "the input stays unmarked");
  }

  @Test
  void histogramsDrawOnePanelPerSeriesAndRejectEmptyData() {
    Map<String, double[]> s = new LinkedHashMap<>();
    s.put("a", new double[] {0, 1, 1, 2, Double.NaN});
    s.put("b", new double[] {3, 3, 3});
    BufferedImage h = Pictures.histograms("t", "x", s, 4);
    BufferedImage one = Pictures.histograms("t", "x", Map.of("a", new double[] {1}), 4);
    assertNotEquals(h.getWidth(), one.getWidth());
    boolean coloured = false;
    for (int x = 0; x < h.getWidth() && !coloured; x++) {
      for (int y = 0; y < h.getHeight(); y++) {
        if ((h.getRGB(x, y) & 0xFFFFFF) == (Pictures.PALETTE.get(1).getRGB() & 0xFFFFFF)) {
          coloured = true;
          break;
        }
      }
    }
    assertEquals(true, coloured, "the second panel's bars use the second colour");
    assertThrows(
        IllegalArgumentException.class,
        () -> Pictures.histograms("t", "x", Map.of("a", new double[] {Double.NaN}), 4));
    assertThrows(
        IllegalArgumentException.class,
        () -> Pictures.row(List.of(new BufferedImage(2, 2, 1)), List.of()));
  }
}
