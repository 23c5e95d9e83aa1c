package io.xgraph.ingest.onnx;

import io.xgraph.learner.data.LayerGeometry;

/**
 * Shape and image-plane geometry of one spatial tensor of an ONNX graph, per axis.
 *
 * <p>Coordinates are pixel indices of the model input (pixel i has its centre at i). Unit (row,
 * col) is centred at ({@code startX + col * strideX}, {@code startY + row * strideY}); its
 * theoretical receptive field is {@code fieldX x fieldY} pixels wide, padding included.
 *
 * @param name tensor name
 * @param opType operator that produces the tensor ("Input" for the image)
 * @param elemType ONNX element type (1 float, 2 uint8, 3 int8, 10 float16)
 * @param channels number of channels
 * @param height map height
 * @param width map width
 * @param strideY distance between rows, input pixels
 * @param strideX distance between columns, input pixels
 * @param startY centre row of unit (0, 0), input pixels
 * @param startX centre column of unit (0, 0), input pixels
 * @param fieldY receptive field height, pixels
 * @param fieldX receptive field width, pixels
 * @param inputSize side of the square model input
 */
public record TensorGeometry(
    String name,
    String opType,
    int elemType,
    int channels,
    int height,
    int width,
    double strideY,
    double strideX,
    double startY,
    double startX,
    double fieldY,
    double fieldX,
    int inputSize) {

  /** True when rows and columns share stride, first centre and receptive field. */
  public boolean isSquare() {
    return strideX == strideY && startX == startY && fieldX == fieldY;
  }

  /**
   * The contract's geometry record for this tensor as layer {@code index}.
   *
   * @throws IllegalArgumentException when the geometry differs between rows and columns, which the
   *     contract (one stride, one first centre) cannot express
   */
  public LayerGeometry toLayerGeometry(String layerName, int index, int channelCount) {
    if (!isSquare()) {
      throw new IllegalArgumentException(
          "Layer `"
              + layerName
              + "` has non-square geometry (stride "
              + strideY
              + "x"
              + strideX
              + ", first centre "
              + startY
              + "x"
              + startX
              + ", receptive field "
              + fieldY
              + "x"
              + fieldX
              + "); only layers with equal row and column geometry are supported: choose another"
              + " layer");
    }
    return new LayerGeometry(
        layerName, index, channelCount, height, width, strideX, startX, fieldX, inputSize);
  }
}
