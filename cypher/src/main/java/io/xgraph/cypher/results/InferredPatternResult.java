package io.xgraph.cypher.results;

import java.util.List;
import org.neo4j.procedure.Description;

/** A pattern inferred on a new image (row of {@code xg.image.infer}). */
public final class InferredPatternResult {
  @Description("Pattern key, '<model>:<id>'.")
  public final String key;

  @Description("Pattern id within the model.")
  public final long id;

  @Description("Layer name.")
  public final String layer;

  @Description("Layer index, 0 = lowest.")
  public final long layerIndex;

  @Description("Filter (channel) index within the layer.")
  public final long channel;

  @Description("Inferred position x, input-plane pixels.")
  public final double x;

  @Description("Inferred position y, input-plane pixels.")
  public final double y;

  @Description("Inference score on the image (scaled like meanScore).")
  public final double score;

  @Description("Mean score of the pattern over the training images.")
  public final double meanScore;

  @Description("Whether the pattern fires: score > 0 and score >= firingRatio * meanScore.")
  public final boolean fired;

  @Description("Patch box [x, y, w, h] on the input plane around the position.")
  public final List<Double> cropBox;

  @Description("Image id written by xg.image.inferAndStore; null for xg.image.infer.")
  public final String imageId;

  @Description(
      "Rows before the `limit` (strongest first): more than the rows returned means the limit cut"
          + " the weakest.")
  public final long total;

  public InferredPatternResult(
      String key,
      long id,
      String layer,
      long layerIndex,
      long channel,
      double x,
      double y,
      double score,
      double meanScore,
      boolean fired,
      List<Double> cropBox,
      String imageId,
      long total) {
    this.key = key;
    this.id = id;
    this.layer = layer;
    this.layerIndex = layerIndex;
    this.channel = channel;
    this.x = x;
    this.y = y;
    this.score = score;
    this.meanScore = meanScore;
    this.fired = fired;
    this.cropBox = cropBox;
    this.imageId = imageId;
    this.total = total;
  }

  /** This row with {@code total} set, once all rows are known. */
  public InferredPatternResult withTotal(long total) {
    return new InferredPatternResult(
        key,
        id,
        layer,
        layerIndex,
        channel,
        x,
        y,
        score,
        meanScore,
        fired,
        cropBox,
        imageId,
        total);
  }
}
