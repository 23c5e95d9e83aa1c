package io.xgraph.cypher.results;

import org.neo4j.procedure.Description;

/** One layer of a stored model (row of {@code xg.layer.list}). */
public final class LayerResult {
  @Description("Model name.")
  public final String model;

  @Description("Layer (tensor) name in the ONNX graph.")
  public final String name;

  @Description("Position in the model's layer list, 0 = lowest.")
  public final long index;

  @Description("Number of filters.")
  public final long channels;

  @Description("Feature map height, units.")
  public final long mapH;

  @Description("Feature map width, units.")
  public final long mapW;

  @Description("Input pixels between neighbouring units.")
  public final double stride;

  @Description("Centre of unit (0, 0) on the input plane, pixels.")
  public final double firstCenter;

  @Description("Side of the receptive field, input pixels.")
  public final double receptiveField;

  @Description("Side of the square model input, pixels.")
  public final long inputSize;

  @Description("Number of patterns of the layer.")
  public final long patternCount;

  public LayerResult(
      String model,
      String name,
      long index,
      long channels,
      long mapH,
      long mapW,
      double stride,
      double firstCenter,
      double receptiveField,
      long inputSize,
      long patternCount) {
    this.model = model;
    this.name = name;
    this.index = index;
    this.channels = channels;
    this.mapH = mapH;
    this.mapW = mapW;
    this.stride = stride;
    this.firstCenter = firstCenter;
    this.receptiveField = receptiveField;
    this.inputSize = inputSize;
    this.patternCount = patternCount;
  }
}
