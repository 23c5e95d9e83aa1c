package io.xgraph.cypher.procedures.badinput;

import static io.xgraph.cypher.procedures.badinput.BadInputServer.MODEL;
import static io.xgraph.cypher.procedures.badinput.BadInputServer.NO_MODEL_NOPE;

import java.util.Map;

/**
 * Bad calls of the model, layer and pattern look-ups ({@code xg.model.list}, {@code xg.layer.list},
 * {@code xg.pattern.lookup}, {@code xg.pattern.topImages}, {@code xg.pattern.near}): wrong types,
 * negative and oversized counts, an unknown model or pattern and unknown configuration keys, each
 * with its exact message.
 */
final class LookupBadCalls {

  private LookupBadCalls() {}

  /** Adds the Cypher call -> exact message cases to {@code c}. */
  static void addTo(Map<String, String> c) {
    c.put(
        "CALL xg.model.list({limit: 5})",
        "Unknown configuration key `limit` (in the configuration of xg.model.list). Known keys:"
            + " [].");
    c.put(
        "CALL xg.layer.list('" + MODEL + "', {layer: 1})",
        "Unknown configuration key `layer` (in the configuration of xg.layer.list). Known keys:"
            + " [].");
    c.put(
        "CALL xg.model.list(5)",
        "Type mismatch: expected Map, Node or Relationship but was Integer (line 1, column 20 (offset: 19))");
    c.put("CALL xg.layer.list('nope')", NO_MODEL_NOPE);
    c.put(
        "CALL xg.layer.list(42)",
        "Type mismatch: expected String but was Integer (line 1, column 20 (offset: 19))");
    c.put("CALL xg.pattern.lookup('nope')", NO_MODEL_NOPE);
    c.put(
        "CALL xg.pattern.lookup('" + MODEL + "', {limit: -1})",
        "Value for `limit` was `-1`, but must be within the range [1, 10000] (in the configuration of xg.pattern.lookup).");
    c.put(
        "CALL xg.pattern.lookup('" + MODEL + "', {skip: -5})",
        "Value for `skip` was `-5`, but must be within the range [0, 2147483647] (in the configuration of xg.pattern.lookup).");
    c.put(
        "CALL xg.pattern.lookup('" + MODEL + "', {limit: 1000000000})",
        "Value for `limit` was `1000000000`, but must be within the range [1, 10000] (in the configuration of xg.pattern.lookup).");
    c.put(
        "CALL xg.pattern.lookup('" + MODEL + "', {skip: 1000000000000})",
        "Value for `skip` was `1000000000000`, but must be within the range [0, 2147483647] (in the configuration of xg.pattern.lookup).");
    c.put(
        "CALL xg.pattern.lookup('" + MODEL + "', {limit: 'ten'})",
        "Value for `limit` was `ten`, but must be an integer (in the configuration of xg.pattern.lookup)");
    c.put(
        "CALL xg.pattern.lookup('" + MODEL + "', {minScore: 'high'})",
        "Value for `minScore` was `high`, but must be a finite number (in the configuration of xg.pattern.lookup)");
    c.put(
        "CALL xg.pattern.lookup('" + MODEL + "', {colour: 'red'})",
        "Unknown configuration key `colour` (in the configuration of xg.pattern.lookup). Known keys: [channel, descending, layer, limit, maxScore, maxX, maxY, minScore, minX, minY, orderBy, skip].");
    c.put(
        "CALL xg.pattern.lookup('" + MODEL + "', 'layer 1')",
        "Type mismatch: expected Map, Node or Relationship but was String (line 1, column 37 (offset: 36))");
    c.put(
        "CALL xg.pattern.topImages('nope:0', 3)",
        "Pattern `nope:0` does not exist: keys look like '<model>:<id>' with a stored model, one of ["
            + MODEL
            + "]; find keys with CALL xg.pattern.lookup(model).");
    c.put(
        "CALL xg.pattern.topImages('" + MODEL + ":0', -3)",
        "Argument `k` was `-3`, but must be within the range [1, 1000].");
    c.put(
        "CALL xg.pattern.topImages('" + MODEL + ":0', 0)",
        "Argument `k` was `0`, but must be within the range [1, 1000].");
    c.put(
        "CALL xg.pattern.topImages('" + MODEL + ":0', 1000000000)",
        "Argument `k` was `1000000000`, but must be within the range [1, 1000].");
    c.put(
        "CALL xg.pattern.topImages('" + MODEL + ":0', 'ten')",
        "Type mismatch: expected Integer but was String (line 1, column 42 (offset: 41))");
    c.put(
        "CALL xg.pattern.topImages('" + MODEL + ":0', 3, {minscore: 1})",
        "Unknown configuration key `minscore` (in the configuration of xg.pattern.topImages). Did you mean `minScore`? Known keys: [minScore].");
    c.put(
        "CALL xg.pattern.topImages('" + MODEL + ":0', 3, {minScore: 'a'})",
        "Value for `minScore` was `a`, but must be a finite number (in the configuration of xg.pattern.topImages)");
    c.put("CALL xg.pattern.near('nope', 10, 10)", NO_MODEL_NOPE);
    c.put(
        "CALL xg.pattern.near('" + MODEL + "', 'ten', 10)",
        "Type mismatch: expected Float but was String (line 1, column 35 (offset: 34))");
    c.put(
        "CALL xg.pattern.near('" + MODEL + "', 10, 1000000000)",
        "Argument `y` was `1.0E9`, but must be a number within the range [0, 224] (pixels of the model's 224x224 input plane).");
    c.put(
        "CALL xg.pattern.near('" + MODEL + "', 10, 10, {radius: -1})",
        "Value for `radius` was `-1`, but must be within the range [0, 448] (in the configuration of xg.pattern.near).");
    c.put(
        "CALL xg.pattern.near('" + MODEL + "', 10, 10, {limitPerLayer: -1})",
        "Value for `limitPerLayer` was `-1`, but must be within the range [1, 10000] (in the configuration of xg.pattern.near).");
    c.put(
        "CALL xg.pattern.near('" + MODEL + "', 10, 10, {limitPerLayer: 1000000000})",
        "Value for `limitPerLayer` was `1000000000`, but must be within the range [1, 10000] (in the configuration of xg.pattern.near).");
    c.put(
        "CALL xg.pattern.near('" + MODEL + "', 10, 10, {radius: 1.0e12})",
        "Value for `radius` was `1000000000000`, but must be within the range [0, 448] (in the configuration of xg.pattern.near).");
    c.put(
        "CALL xg.pattern.near('" + MODEL + "', 10, 10, {radious: 5})",
        "Unknown configuration key `radious` (in the configuration of xg.pattern.near). Did you mean `radius`? Known keys: [layer, limitPerLayer, minScore, radius].");
  }
}
