package io.xgraph.cypher.query;

import java.util.List;

/**
 * Patch boxes of a firing: the square of the layer's receptive field centred at the position,
 * clipped to the input plane, and the same box on the original image when the crop box of the
 * object is known. Boxes are {@code [x, y, w, h]} in pixels, x/y the top-left corner.
 */
public final class CropBox {

  private CropBox() {}

  /** The receptive-field square around (x, y), clipped to {@code [0, inputSize]^2}. */
  public static List<Double> onInput(double x, double y, double receptiveField, int inputSize) {
    double half = receptiveField / 2;
    double x0 = clamp(x - half, inputSize);
    double y0 = clamp(y - half, inputSize);
    double x1 = clamp(x + half, inputSize);
    double y1 = clamp(y + half, inputSize);
    return List.of(x0, y0, x1 - x0, y1 - y0);
  }

  /**
   * Maps an input-plane box to the original image, given the object box [bx, by, bw, bh] that was
   * resized (stretched) to the {@code inputSize} square.
   */
  public static List<Double> onOriginal(List<Double> inputBox, double[] objectBox, int inputSize) {
    double sx = objectBox[2] / inputSize;
    double sy = objectBox[3] / inputSize;
    return List.of(
        objectBox[0] + inputBox.get(0) * sx,
        objectBox[1] + inputBox.get(1) * sy,
        inputBox.get(2) * sx,
        inputBox.get(3) * sy);
  }

  private static double clamp(double v, int size) {
    return Math.max(0, Math.min(size, v));
  }
}
