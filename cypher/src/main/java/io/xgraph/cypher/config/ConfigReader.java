package io.xgraph.cypher.config;

import io.xgraph.ingest.EditDistance;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the {@code configuration} map of one procedure call into typed values.
 *
 * <p>Every read declares its key, so after the reads {@link #done()} can reject keys nobody asked
 * for, with a "Did you mean" hint. Messages name the key, show the bad value and state what is
 * allowed, e.g. {@code Value for `k` was `0`, but must be within the range [1, 1000].}
 *
 * <p>A key whose value is null counts as not given (Cypher's null is "no value"): its default
 * applies, so {@code {limit: $limit}} with the parameter unset means the default limit. A null
 * inside a list value (a box, a list of ids) is refused by the read that expects the list.
 */
public final class ConfigReader {

  private final String procedure;
  private final Map<String, Object> raw;
  private final Set<String> declared = new TreeSet<>();

  public ConfigReader(String procedure, Map<String, Object> raw) {
    this.procedure = procedure;
    this.raw = raw == null ? Map.of() : raw;
  }

  /** An integer in [min, max]; Cypher integers arrive as Long, whole doubles are accepted. */
  public long integer(String key, long defaultValue, long min, long max) {
    Object v = raw(key);
    if (v == null) {
      return defaultValue;
    }
    long value;
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      value = ((Number) v).longValue();
    } else if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
      value = d.longValue();
    } else {
      throw new IllegalArgumentException(valueWas(key, show(v)) + "must be an integer" + where());
    }
    checkRange(key, value, min, max);
    return value;
  }

  /** A finite number in [min, max]. */
  public double number(String key, double defaultValue, double min, double max) {
    Object v = raw(key);
    if (v == null) {
      return defaultValue;
    }
    if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      throw new IllegalArgumentException(
          valueWas(key, show(v)) + "must be a finite number" + where());
    }
    double value = n.doubleValue();
    checkRange(key, value, min, max);
    return value;
  }

  /** A boolean. */
  public boolean flag(String key, boolean defaultValue) {
    Object v = raw(key);
    if (v == null) {
      return defaultValue;
    }
    if (!(v instanceof Boolean b)) {
      throw new IllegalArgumentException(
          valueWas(key, show(v)) + "must be true or false" + where());
    }
    return b;
  }

  /** A string; when {@code allowed} is not empty the value must be one of them. */
  public String text(String key, String defaultValue, Set<String> allowed) {
    Object v = raw(key);
    if (v == null) {
      return defaultValue;
    }
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException(valueWas(key, show(v)) + "must be a string" + where());
    }
    if (!allowed.isEmpty() && !allowed.contains(s)) {
      throw new IllegalArgumentException(
          valueWas(key, s)
              + "must be one of "
              + new TreeSet<>(allowed)
              + hint(s, allowed)
              + where());
    }
    return s;
  }

  /**
   * The raw value of a key of mixed type (declares it); the caller validates it and names the key
   * in its message, using {@link #where()}.
   */
  public Object raw(String key) {
    declared.add(key);
    return raw.get(key);
  }

  /**
   * A list of exactly {@code size} finite numbers, each at least {@code min}, or null if absent.
   */
  public double[] numbers(String key, int size, double min, String meaning) {
    Object v = asList(raw(key));
    if (v == null) {
      return null;
    }
    if (v instanceof List<?> list && list.size() == size) {
      double[] out = new double[size];
      for (int i = 0; i < size; i++) {
        if (!(list.get(i) instanceof Number n)
            || !Double.isFinite(n.doubleValue())
            || n.doubleValue() < min) {
          throw new IllegalArgumentException(
              valueWas(key, show(v))
                  + "element "
                  + i
                  + " must be a finite number >= "
                  + show(min)
                  + " ("
                  + meaning
                  + ")"
                  + where()
                  + ".");
        }
        out[i] = n.doubleValue();
      }
      return out;
    }
    throw new IllegalArgumentException(
        valueWas(key, show(v))
            + "must be a list of "
            + size
            + " numbers ("
            + meaning
            + ")"
            + where()
            + ".");
  }

  /**
   * A stored array property passed on as a value (e.g. {@code {box: i.box}} from an Image node)
   * reaches a procedure as a Java array: read it as the list Cypher shows.
   */
  private static Object asList(Object v) {
    if (v instanceof double[] d) {
      return java.util.Arrays.stream(d).boxed().toList();
    }
    if (v instanceof float[] f) {
      List<Double> out = new java.util.ArrayList<>();
      for (float x : f) {
        out.add((double) x);
      }
      return out;
    }
    if (v instanceof long[] l) {
      return java.util.Arrays.stream(l).boxed().toList();
    }
    return v;
  }

  /** Whether the caller set the key (declares it too). */
  public boolean has(String key) {
    declared.add(key);
    return raw.get(key) != null;
  }

  /**
   * Rejects keys that no read declared.
   *
   * @throws IllegalArgumentException naming the first unknown key, a suggestion and the known keys
   */
  public void done() {
    for (String key : new TreeSet<>(raw.keySet())) {
      if (!declared.contains(key)) {
        throw new IllegalArgumentException(
            "Unknown configuration key `"
                + key
                + "`"
                + where()
                + "."
                + hint(key, declared)
                + " Known keys: "
                + declared
                + ".");
      }
    }
  }

  /** The effective configuration: declared keys with the values given by the caller. */
  public Map<String, Object> given() {
    return Map.copyOf(raw);
  }

  private void checkRange(String key, double value, double min, double max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          valueWas(key, show(value))
              + "must be within the range ["
              + show(min)
              + ", "
              + show(max)
              + "]"
              + where()
              + ".");
    }
  }

  /** "Value for `key` was `shown`, but ": the start of every message refusing a value. */
  private static String valueWas(String key, Object shown) {
    return "Value for `" + key + "` was `" + shown + "`, but ";
  }

  /** " (in the configuration of xg.x.y)", for messages about this configuration. */
  public String where() {
    return " (in the configuration of " + procedure + ")";
  }

  private static String show(Object v) {
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(v);
  }

  /** " Did you mean `x`?" for the closest candidates within an edit distance of 2, else "". */
  public static String hint(String given, Set<String> candidates) {
    List<String> close = new ArrayList<>();
    int best = Integer.MAX_VALUE;
    for (String c : new TreeSet<>(candidates)) {
      int d = EditDistance.of(given.toLowerCase(), c.toLowerCase());
      if (d < best) {
        best = d;
        close.clear();
      }
      if (d == best) {
        close.add(c);
      }
    }
    if (best > Math.max(2, given.length() / 3) || close.isEmpty()) {
      return "";
    }
    return " Did you mean `" + String.join("` or `", new HashSet<>(close)) + "`?";
  }
}
