package io.xgraph.cypher.results;

import java.util.List;
import org.neo4j.graphdb.Node;
import org.neo4j.procedure.Description;

/** An image where a pattern fires strongly (row of {@code xg.pattern.topImages}). */
public final class TopImageResult {
  @Description("Pattern key, '<model>:<id>'.")
  public final String patternKey;

  @Description("Rank among the pattern's top images, 0 = strongest.")
  public final long rank;

  @Description("Image id.")
  public final String imageId;

  @Description("Inferred position x, input-plane pixels.")
  public final double x;

  @Description("Inferred position y, input-plane pixels.")
  public final double y;

  @Description("Inference score on the image.")
  public final double score;

  @Description(
      "Patch box [x, y, w, h] on the input plane: the layer's receptive field centred at the"
          + " position, clipped to the plane.")
  public final List<Double> cropBox;

  @Description("Image file path (Image.path), or null if the Image node has none.")
  public final String path;

  @Description("Patch box [x, y, w, h] in original-image pixels, from Image.box; null if unknown.")
  public final List<Double> originalBox;

  @Description("The Image node.")
  public final Node image;

  public TopImageResult(
      String patternKey,
      long rank,
      String imageId,
      double x,
      double y,
      double score,
      List<Double> cropBox,
      String path,
      List<Double> originalBox,
      Node image) {
    this.patternKey = patternKey;
    this.rank = rank;
    this.imageId = imageId;
    this.x = x;
    this.y = y;
    this.score = score;
    this.cropBox = cropBox;
    this.path = path;
    this.originalBox = originalBox;
    this.image = image;
  }
}
