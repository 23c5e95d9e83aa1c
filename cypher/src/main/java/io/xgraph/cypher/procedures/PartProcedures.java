package io.xgraph.cypher.procedures;

import io.xgraph.cypher.inference.PartService;
import io.xgraph.cypher.results.PartLearnResult;
import io.xgraph.cypher.results.PartLocalizeResult;
import io.xgraph.cypher.results.PartResult;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;
import org.neo4j.procedure.Context;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;

/**
 * {@code xg.part.*}: few-shot semantic parts (And-Or graphs) on a stored model's patterns, stored
 * as {@code
 * (:ExplanatoryGraph)-[:HAS_PART]->(:Part)-[:HAS_TEMPLATE]->(:PartTemplate)-[:USES]->(:Pattern)}.
 */
public class PartProcedures {

  private static final String LEARN_CONFIGURATION =
      "unannotated (training images of the model whose responses guide the selection, default "
          + PartService.DEFAULT_UNANNOTATED
          + "; each costs one CNN + graph inference unless stored), minAnnotations (default "
          + PartService.DEFAULT_MIN_ANNOTATIONS
          + "), replace (default false), coordinates ('image' = original-image pixels, default;"
          + " 'crop' = the 224 x 224 object crop), mirrored (also learn from and try the mirrored"
          + " image, default true), minPatterns, maxPatterns, kneeCut, kernelSigmaPx,"
          + " agreementRadiusPx, closenessScalePx";

  @Context public GraphDatabaseService db;

  @Context public Transaction tx;

  @Procedure(name = "xg.part.learn", mode = Mode.WRITE)
  @Description(
      "Learns a semantic part from annotated images (one template per image, each selecting the"
          + " patterns whose offsets predict the part) and stores it as"
          + " (:Part)-[:HAS_TEMPLATE]->(:PartTemplate)-[:USES {dx, dy, weight}]->(:Pattern).")
  public Stream<PartLearnResult> learn(
      @Name(value = "model", description = ParameterTexts.MODEL) String model,
      @Name(value = "part", description = "Part name, e.g. 'head'.") String part,
      @Name(
              value = "annotations",
              description =
                  "List of {image, x, y[, box]}: image = id of a stored Image node or a path under"
                      + " server.xgraph.image_root; x, y = the part's point.")
          List<Map<String, Object>> annotations,
      @Name(value = "configuration", defaultValue = "{}", description = LEARN_CONFIGURATION + ".")
          Map<String, Object> configuration) {
    return CallFailures.refusingCleanly(
        () -> PartService.learn(db, tx, model, part, annotations, configuration));
  }

  @Procedure(name = "xg.part.localize", mode = Mode.READ)
  @Description(
      "Localises a stored part on one image: the point (crop plane and original image), score,"
          + " winning template, mirrored flag and the patterns that voted.")
  public Stream<PartLocalizeResult> localize(
      @Name(value = "model", description = ParameterTexts.MODEL) String model,
      @Name(value = "part", description = "Part name, as listed by xg.part.list(model).")
          String part,
      @Name(
              value = "image",
              description =
                  "Id of a stored Image node (its path and box are used; stored INFERRED_ON"
                      + " responses too) or a path under server.xgraph.image_root.")
          String image,
      @Name(
              value = "configuration",
              defaultValue = "{}",
              description =
                  "mirrored (try the mirrored image too; default: as learned), responses ('auto':"
                      + " stored INFERRED_ON of the current model version if any, else the CNN;"
                      + " 'stored'; 'cnn'), box ([x, y, w, h] object box in original-image pixels"
                      + " for a path; default the Image node's box or the whole image).")
          Map<String, Object> configuration) {
    return CallFailures.refusingCleanly(
        () -> PartService.localize(db, tx, model, part, image, configuration));
  }

  @Procedure(name = "xg.part.list", mode = Mode.READ)
  @Description("Lists the parts learned on the current version of a model.")
  public Stream<PartResult> list(
      @Name(value = "model", description = ParameterTexts.MODEL) String model,
      @Name(
              value = "configuration",
              defaultValue = "{}",
              description = "No keys yet; present so that every xg procedure takes one.")
          Map<String, Object> configuration) {
    return CallFailures.refusingCleanly(() -> PartService.list(db, tx, model, configuration));
  }
}
