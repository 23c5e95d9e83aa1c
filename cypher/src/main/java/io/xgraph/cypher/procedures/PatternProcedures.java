package io.xgraph.cypher.procedures;

import io.xgraph.cypher.query.PatternQueries;
import io.xgraph.cypher.results.NearResult;
import io.xgraph.cypher.results.PatchResult;
import io.xgraph.cypher.results.PatternResult;
import io.xgraph.cypher.results.TopImageResult;
import java.util.Map;
import java.util.stream.Stream;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;
import org.neo4j.procedure.Context;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;

/** {@code xg.pattern.*}: finding patterns and where they fire. */
public class PatternProcedures {

  // Numeric arguments are boxed: with a primitive, a Cypher null fails inside Neo4j with a
  // ClassCastException before any of our checks can name the argument.

  @Context public GraphDatabaseService db;

  @Context public Transaction tx;

  @Procedure(name = "xg.pattern.lookup", mode = Mode.READ)
  @Description(
      "Finds the patterns of a model by layer, channel, score range and prior-position region,"
          + " ordered and paged.")
  public Stream<PatternResult> lookup(
      @Name(value = "model", description = ParameterTexts.MODEL) String model,
      @Name(
              value = "configuration",
              defaultValue = "{}",
              description =
                  "layer (name or 0-based index), channel (integer), minScore/maxScore (meanScore"
                      + " range), minX/maxX/minY/maxY (muX/muY bounds, input-plane pixels), skip"
                      + " (>= 0), limit (1..10000, default 100), orderBy (score|id|channel,"
                      + " default score), descending (default true for score, else false).")
          Map<String, Object> configuration) {
    return CallFailures.refusingCleanly(() -> PatternQueries.lookup(db, tx, model, configuration));
  }

  @Procedure(name = "xg.pattern.topImages", mode = Mode.READ)
  @Description(
      "Returns the training images where a pattern fires strongest, with position, score and"
          + " patch box.")
  public Stream<TopImageResult> topImages(
      @Name(
              value = "patternKey",
              description = "Pattern key '<model>:<id>', as returned by xg.pattern.lookup.")
          String patternKey,
      @Name(
              value = "k",
              defaultValue = "10",
              description = "Number of images, 1..1000 (the learner keeps 20 per pattern).")
          Long k,
      @Name(
              value = "configuration",
              defaultValue = "{}",
              description = "minScore (lowest score kept, default none).")
          Map<String, Object> configuration) {
    return CallFailures.refusingCleanly(
        () -> PatternQueries.topImages(tx, patternKey, k, configuration));
  }

  @Procedure(name = "xg.pattern.patch", mode = Mode.READ)
  @Description(
      "Returns the image patch (PNG) of one of a pattern's top images, and its URL when the store"
          + " is served by xgraph serve.")
  public Stream<PatchResult> patch(
      @Name(
              value = "patternKey",
              description = "Pattern key '<model>:<id>', as returned by xg.pattern.lookup.")
          String patternKey,
      @Name(
              value = "rank",
              defaultValue = "0",
              description = "Rank of the top image, 0 = strongest (as in xg.pattern.topImages).")
          Long rank,
      @Name(value = "configuration", defaultValue = "{}", description = "No keys yet; give {}.")
          Map<String, Object> configuration) {
    return CallFailures.refusingCleanly(
        () -> Stream.of(PatternQueries.patch(db, tx, patternKey, rank, configuration)));
  }

  @Procedure(name = "xg.pattern.near", mode = Mode.READ)
  @Description(
      "Finds the patterns whose prior position lies near a point of the input plane, closest"
          + " first within each layer.")
  public Stream<NearResult> near(
      @Name(value = "model", description = ParameterTexts.MODEL) String model,
      @Name(value = "x", description = "Point x, input-plane pixels (0..input size).") Double x,
      @Name(value = "y", description = "Point y, input-plane pixels (0..input size).") Double y,
      @Name(
              value = "configuration",
              defaultValue = "{}",
              description =
                  "radius (pixels, default 32), limitPerLayer (1..10000, default 10), minScore"
                      + " (lowest meanScore kept), layer (name or index; default all layers).")
          Map<String, Object> configuration) {
    return CallFailures.refusingCleanly(
        () -> PatternQueries.near(db, tx, model, x, y, configuration));
  }
}
