package io.xgraph.learner.data;

/**
 * Where the units of one conv layer sit on the model's input image plane.
 *
 * <p>Unit (row, col), 0-based, is centred at pixel ({@code firstCenter + col * stride}, {@code
 * firstCenter + row * stride}) of the {@code inputSize x inputSize} input. Values are derived from
 * the ONNX graph by the ingest module, never typed in per network.
 *
 * @param name layer (tensor) name in the ONNX graph
 * @param index position of the layer in the chosen list, 0 = lowest
 * @param channels number of filters (C)
 * @param height map height in units (H)
 * @param width map width in units (W)
 * @param stride distance in input pixels between neighbouring units
 * @param firstCenter centre of unit (0, 0) on the input plane, pixels
 * @param receptiveField side of the theoretical receptive field, pixels
 * @param inputSize side of the square model input, pixels
 */
public record LayerGeometry(
    String name,
    int index,
    int channels,
    int height,
    int width,
    double stride,
    double firstCenter,
    double receptiveField,
    int inputSize) {

  public LayerGeometry {
    if (channels <= 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "Layer `"
              + name
              + "` has shape "
              + channels
              + "x"
              + height
              + "x"
              + width
              + ", expected all > 0");
    }
    if (!(stride > 0)) {
      throw new IllegalArgumentException(
          "Layer `" + name + "` has stride " + stride + ", expected > 0");
    }
  }

  /** Image-plane x (pixels) of the centre of column {@code col} (may be fractional). */
  public double x(double col) {
    return firstCenter + col * stride;
  }

  /** Image-plane y (pixels) of the centre of row {@code row} (may be fractional). */
  public double y(double row) {
    return firstCenter + row * stride;
  }

  /** Fractional column whose centre is at image-plane x. */
  public double col(double x) {
    return (x - firstCenter) / stride;
  }

  /** Fractional row whose centre is at image-plane y. */
  public double row(double y) {
    return (y - firstCenter) / stride;
  }

  /** Number of values of one image's map: C * H * W. */
  public int size() {
    return channels * height * width;
  }
}
