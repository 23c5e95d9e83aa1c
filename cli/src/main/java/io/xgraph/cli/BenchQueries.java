package io.xgraph.cli;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.neo4j.driver.Query;
import org.neo4j.driver.Session;

/**
 * The xg.pattern.* and xg.image.infer calls that bench cypher and bench load time over Bolt, each
 * with its arguments drawn from a random source, so both benchmarks measure the same calls.
 */
final class BenchQueries {

  private BenchQueries() {}

  /** Every pattern key of {@code model}, by pattern id. */
  static List<String> patternKeys(Session s, String model) {
    return s.run(
            "CALL xg.pattern.lookup($m, {limit: 10000, orderBy: 'id', descending: false})"
                + " YIELD key RETURN key",
            Map.of("m", model))
        .list(r -> r.get("key").asString());
  }

  /** xg.pattern.lookup: 100 rows by score of a random one of the {@code layers}. */
  static Query lookup(String model, int layers, SplittableRandom rnd) {
    return new Query(
        "CALL xg.pattern.lookup($m, {layer: $l, limit: 100}) YIELD key RETURN count(*)",
        Map.of("m", model, "l", rnd.nextInt(layers)));
  }

  /** xg.pattern.topImages: the 10 top images of a random one of the {@code keys}. */
  static Query topImages(List<String> keys, SplittableRandom rnd) {
    return new Query(
        "CALL xg.pattern.topImages($k, 10) YIELD imageId RETURN count(*)",
        Map.of("k", keys.get(rnd.nextInt(keys.size()))));
  }

  /** xg.pattern.near: patterns within 20 pixels of a random point of the 224x224 crop. */
  static Query near(String model, SplittableRandom rnd) {
    return new Query(
        "CALL xg.pattern.near($m, $x, $y, {radius: 20.0}) YIELD key RETURN count(*)",
        Map.of("m", model, "x", 224 * rnd.nextDouble(), "y", 224 * rnd.nextDouble()));
  }

  /**
   * xg.image.infer: the CNN and the graph on {@code image} (a path under the image root, a 224x224
   * crop already, hence the whole image), the default 100 strongest rows.
   */
  static Query infer(String model, String image) {
    return new Query(
        "CALL xg.image.infer($m, $p, {wholeImage: true}) YIELD key RETURN count(*)",
        Map.of("m", model, "p", image));
  }
}
