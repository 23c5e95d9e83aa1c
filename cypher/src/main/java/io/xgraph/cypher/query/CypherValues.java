package io.xgraph.cypher.query;

import io.xgraph.store.internal.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Values decoded from stored JSON, typed as Cypher returns them over every transport. */
public final class CypherValues {

  private CypherValues() {}

  /** Integers as Cypher INTEGER (long) and floats as FLOAT (double), in maps and lists too. */
  public static Object of(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), of(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(CypherValues::of).toList();
    }
    return v;
  }

  /** A stored JSON object as a MAP ({} when absent). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object json) {
    return json instanceof String s && !s.isEmpty()
        ? (Map<String, Object>) of(Json.read(s))
        : new LinkedHashMap<>();
  }

  /** A stored JSON array as a LIST ([] when absent). */
  @SuppressWarnings("unchecked")
  public static List<Object> list(Object json) {
    return json instanceof String s && !s.isEmpty() ? (List<Object>) of(Json.read(s)) : List.of();
  }
}
