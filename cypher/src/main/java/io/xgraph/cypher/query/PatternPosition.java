package io.xgraph.cypher.query;

import io.xgraph.cypher.inference.ImageInference;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.Transaction;

/**
 * The stored position of one pattern on one image, for {@code xg.pattern.position}: the training
 * firing (FIRES_ON) when the image is one of the pattern's top images, else the stored inference of
 * the pattern's graph on it (INFERRED_ON, the crop as is), else nothing.
 */
public final class PatternPosition {

  private static final RelationshipType FIRES_ON = RelationshipType.withName("FIRES_ON");

  private PatternPosition() {}

  /**
   * {x, y, score, source, fired} (x, y on the 224-pixel input plane of the crop), or null.
   *
   * @throws IllegalArgumentException the pattern key does not exist (named, with how to find keys)
   */
  public static Map<String, Object> of(Transaction tx, String patternKey, String imageId) {
    Node pattern = PatternQueries.patternNode(tx, patternKey);
    if (imageId == null || imageId.isBlank()) {
      return null;
    }
    Object graph = pattern.getProperty("graph", null);
    Map<String, Object> inferred = null;
    for (Relationship r : pattern.getRelationships(Direction.OUTGOING, FIRES_ON)) {
      if (imageId.equals(r.getEndNode().getProperty("id", null))) {
        return position(r, "FIRES_ON", true);
      }
    }
    for (Relationship r :
        pattern.getRelationships(Direction.OUTGOING, ImageInference.INFERRED_ON)) {
      if (imageId.equals(r.getEndNode().getProperty("id", null))
          && (graph == null || graph.equals(r.getProperty("model", null)))
          && !Boolean.TRUE.equals(r.getProperty(ImageInference.MIRRORED, false))) {
        inferred = position(r, "INFERRED_ON", Boolean.TRUE.equals(r.getProperty("fired", false)));
      }
    }
    return inferred;
  }

  private static Map<String, Object> position(Relationship r, String source, boolean fired) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("x", ((Number) r.getProperty("x")).doubleValue());
    m.put("y", ((Number) r.getProperty("y")).doubleValue());
    m.put("score", ((Number) r.getProperty("score")).doubleValue());
    m.put("fired", fired);
    m.put("source", source);
    return m;
  }
}
