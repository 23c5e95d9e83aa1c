package io.xgraph.cypher.procedures;

import io.xgraph.cypher.inference.ImageInference;
import io.xgraph.cypher.results.InferredPatternResult;
import java.util.Map;
import java.util.stream.Stream;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;
import org.neo4j.procedure.Context;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;

/** {@code xg.image.*}: running a stored model on a new image. */
public class ImageProcedures {

  private static final String INFER_CONFIGURATION =
      "box ([x, y, w, h] object box in original-image pixels, cropped first; default the stored"
          + " Image's box when imagePath is a stored Image's id or path; a new image needs a box or"
          + " wholeImage: true), wholeImage (default false: true runs the whole image),"
          + " limit (rows returned, strongest first; default "
          + ImageInference.DEFAULT_LIMIT
          + ", at most "
          + ImageInference.MAX_LIMIT
          + "; each row's total tells how many there were), onlyFired (default true), layer"
          + " (name or index; default all layers),"
          + " mirrored (default false: true runs the left-right mirror of the crop, positions on"
          + " the mirrored crop; stored with mirrored: true for xg.part.localize)";

  @Context public GraphDatabaseService db;

  @Context public Transaction tx;

  @Procedure(name = "xg.image.infer", mode = Mode.READ)
  @Description(
      "Runs a stored model's CNN and explanatory graph on one image (a stored Image's id or a path"
          + " under server.xgraph.image_root) and returns the patterns that fire, strongest first,"
          + " with position and score.")
  public Stream<InferredPatternResult> infer(
      @Name(value = "model", description = ParameterTexts.MODEL) String model,
      @Name(value = "imagePath", description = ParameterTexts.IMAGE_PATH) String imagePath,
      @Name(value = "configuration", defaultValue = "{}", description = INFER_CONFIGURATION + ".")
          Map<String, Object> configuration) {
    return CallFailures.refusingCleanly(
        () -> ImageInference.infer(db, tx, model, imagePath, configuration, false));
  }

  @Procedure(name = "xg.image.inferAndStore", mode = Mode.WRITE)
  @Description(
      "Runs xg.image.infer and stores the result as an Image node with"
          + " (:Pattern)-[:INFERRED_ON {x, y, score, fired, model, modelVersion}]->(:Image).")
  public Stream<InferredPatternResult> inferAndStore(
      @Name(value = "model", description = ParameterTexts.MODEL) String model,
      @Name(value = "imagePath", description = ParameterTexts.IMAGE_PATH) String imagePath,
      @Name(
              value = "configuration",
              defaultValue = "{}",
              description =
                  INFER_CONFIGURATION
                      + ", imageId (id of the Image node, default the stored Image's id, else"
                      + " imagePath; an existing node keeps its path and box, its earlier"
                      + " INFERRED_ON of this model are replaced; every row is stored, the limit"
                      + " applies to the rows returned).")
          Map<String, Object> configuration) {
    return CallFailures.refusingCleanly(
        () -> ImageInference.infer(db, tx, model, imagePath, configuration, true));
  }
}
