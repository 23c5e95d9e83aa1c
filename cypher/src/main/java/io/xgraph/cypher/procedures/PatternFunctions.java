package io.xgraph.cypher.procedures;

import io.xgraph.cypher.query.PatternPosition;
import java.util.Map;
import org.neo4j.graphdb.Transaction;
import org.neo4j.procedure.Context;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.UserFunction;

/** {@code xg.pattern.*} functions: scalar answers about one pattern, usable inside expressions. */
public class PatternFunctions {

  @Context public Transaction tx;

  @UserFunction(name = "xg.pattern.position")
  @Description(
      "Returns the stored position of a pattern on an image as a map {x, y, score, fired, source}"
          + " (input-plane pixels of the crop; source FIRES_ON for a top image, else INFERRED_ON"
          + " from xg.image.inferAndStore), or null when none is stored.")
  public Map<String, Object> position(
      @Name(value = "patternKey", description = "Pattern key '<graph>:<id>'.") String patternKey,
      @Name(value = "imageId", description = "Image id (Image.id).") String imageId) {
    return CallFailures.refusingCleanly(() -> PatternPosition.of(tx, patternKey, imageId));
  }
}
