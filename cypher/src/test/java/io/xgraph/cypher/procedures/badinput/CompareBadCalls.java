package io.xgraph.cypher.procedures.badinput;

import static io.xgraph.cypher.procedures.badinput.BadInputServer.MODEL;
import static io.xgraph.cypher.procedures.badinput.BadInputServer.NO_MODEL_NOPE;

import java.util.Map;

/**
 * Bad calls of the comparison procedures ({@code xg.model.compare}, {@code
 * xg.pattern.counterparts}): wrong types, an unknown model or pattern key and unknown configuration
 * keys, each with its exact message.
 */
final class CompareBadCalls {

  private CompareBadCalls() {}

  /** Adds the Cypher call -> exact message cases to {@code c}. */
  static void addTo(Map<String, String> c) {
    String m = "'" + MODEL + "'";
    c.put("CALL xg.model.compare(" + m + ", 'nope')", NO_MODEL_NOPE);
    c.put(
        "CALL xg.model.compare(" + m + ", " + m + ", {tabel: 'all'})",
        "Unknown configuration key `tabel` (in the configuration of xg.model.compare). Did you mean `table`? Known keys: [table].");
    c.put(
        "CALL xg.model.compare(" + m + ", " + m + ", {table: 'everything'})",
        "Value for `table` was `everything`, but must be one of [all, layerPair, model, part] (in the configuration of xg.model.compare)");
    c.put(
        "CALL xg.model.compare(" + m + ", 42)",
        "Type mismatch: expected String but was Integer (line 1, column 36 (offset: 35))");
    c.put("CALL xg.pattern.counterparts('" + MODEL + ":0', 'nope')", NO_MODEL_NOPE);
    c.put(
        "CALL xg.pattern.counterparts('" + MODEL + ":1000000000', " + m + ")",
        "Pattern `"
            + MODEL
            + ":1000000000` does not exist: model `"
            + MODEL
            + "` has no such pattern; find keys with CALL xg.pattern.lookup('"
            + MODEL
            + "').");
    c.put(
        "CALL xg.pattern.counterparts('no-colon', " + m + ")",
        "Pattern `no-colon` does not exist: keys look like '<model>:<id>' with a stored model, one of ["
            + MODEL
            + "]; find keys with CALL xg.pattern.lookup(model).");
    c.put(
        "CALL xg.pattern.counterparts('" + MODEL + ":0', " + m + ", {k: 5})",
        "Unknown configuration key `k` (in the configuration of xg.pattern.counterparts). Known keys: [].");
    c.put(
        "CALL xg.pattern.counterparts(42, " + m + ")",
        "Type mismatch: expected String but was Integer (line 1, column 30 (offset: 29))");
  }
}
