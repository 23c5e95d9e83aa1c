package io.xgraph.cypher.results;

import java.util.List;
import java.util.Map;
import org.neo4j.procedure.Description;

/** Where a part is on one image (row of {@code xg.part.localize}). */
public final class PartLocalizeResult {
  @Description("Part name.")
  public final String part;

  @Description("The image as given (Image id or path).")
  public final String image;

  @Description("Predicted part x on the 224 x 224 object crop (model input plane), pixels.")
  public final double x;

  @Description("Predicted part y on the object crop, pixels.")
  public final double y;

  @Description("Predicted part x in original-image pixels (through the crop box).")
  public final double imageX;

  @Description("Predicted part y in original-image pixels.")
  public final double imageY;

  @Description("Winning template's vote maximum times its reliability; 0 when nothing voted.")
  public final double score;

  @Description("Index of the winning template, -1 when nothing voted (point = mean annotation).")
  public final long template;

  @Description("Source image id of the winning template, or null.")
  public final String templateImage;

  @Description("Whether the winning votes came from the mirrored image.")
  public final boolean mirrored;

  @Description(
      "Votes of the winning template: patternId, key, x, y (target on the crop, unflipped), mass.")
  public final List<Map<String, Object>> votes;

  @Description("Where the image's responses came from: 'stored' (INFERRED_ON) or 'cnn'.")
  public final String responses;

  public PartLocalizeResult(
      String part,
      String image,
      double x,
      double y,
      double imageX,
      double imageY,
      double score,
      long template,
      String templateImage,
      boolean mirrored,
      List<Map<String, Object>> votes,
      String responses) {
    this.part = part;
    this.image = image;
    this.x = x;
    this.y = y;
    this.imageX = imageX;
    this.imageY = imageY;
    this.score = score;
    this.template = template;
    this.templateImage = templateImage;
    this.mirrored = mirrored;
    this.votes = votes;
    this.responses = responses;
  }
}
