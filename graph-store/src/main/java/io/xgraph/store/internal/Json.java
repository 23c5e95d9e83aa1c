package io.xgraph.store.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal JSON for provenance properties (learning parameters, tool versions), plus type hints so
 * that a parameter map reads back {@code equals} to the one written: JSON alone cannot tell an
 * Integer from a Long or a Float from a Double.
 */
public final class Json {

  private Json() {}

  /** JSON text of a value made of maps, lists, arrays, strings, numbers, booleans and null. */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object v, StringBuilder out) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof String s) {
      quote(s, out);
    } else if (v instanceof Boolean b) {
      out.append(b);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isFinite(d)) {
        out.append(v instanceof Float f ? Float.toString(f) : Double.toString(d));
      } else {
        quote(Double.toString(d), out); // JSON has no NaN/Infinity; the type hint restores it
      }
    } else if (v instanceof Number n) {
      out.append(n.longValue());
    } else if (v instanceof Map<?, ?> m) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        quote(String.valueOf(e.getKey()), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else if (v instanceof Iterable<?> it) {
      out.append('[');
      boolean first = true;
      for (Object o : it) {
        if (!first) {
          out.append(',');
        }
        first = false;
        write(o, out);
      }
      out.append(']');
    } else if (v.getClass().isArray()) {
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < java.lang.reflect.Array.getLength(v); i++) {
        list.add(java.lang.reflect.Array.get(v, i));
      }
      write(list, out);
    } else {
      throw new IllegalArgumentException(
          "Value `"
              + v
              + "` of type "
              + v.getClass().getName()
              + " cannot be stored as JSON: use numbers, strings, booleans, lists or maps");
    }
  }

  private static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * Parses JSON text: objects become LinkedHashMaps, arrays ArrayLists, integral numbers Integer
   * (or Long beyond the int range), other numbers Double.
   */
  public static Object read(String text) {
    Parser p = new Parser(text);
    Object v = p.value();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("trailing characters");
    }
    return v;
  }

  /**
   * Type hints for the entries of {@code map} that would not read back equal from plain JSON (Long,
   * Float, Short, Byte, non-finite doubles), by key; empty when plain JSON suffices.
   */
  public static Map<String, Object> typeHints(Map<String, ?> map) {
    Map<String, Object> hints = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : map.entrySet()) {
      Object decoded = read(write(e.getValue()));
      if (!java.util.Objects.equals(decoded, e.getValue())) {
        hints.put(e.getKey(), typeOf(e.getValue()));
      }
    }
    return hints;
  }

  /** Applies hints made by {@link #typeHints} to a decoded map, in place. */
  @SuppressWarnings("unchecked")
  public static void applyHints(Map<String, Object> decoded, Map<String, Object> hints) {
    for (Map.Entry<String, Object> e : hints.entrySet()) {
      if (decoded.containsKey(e.getKey())) {
        decoded.put(e.getKey(), convert(decoded.get(e.getKey()), e.getValue()));
      }
    }
  }

  private static Object typeOf(Object v) {
    if (v instanceof Iterable<?> it) {
      List<Object> types = new ArrayList<>();
      it.forEach(o -> types.add(typeOf(o)));
      return types;
    }
    if (v == null) {
      return "null";
    }
    return switch (v.getClass().getSimpleName()) {
      case "Integer" -> "int";
      case "Long" -> "long";
      case "Short" -> "short";
      case "Byte" -> "byte";
      case "Float" -> "float";
      case "Double" -> "double";
      default -> "as-is";
    };
  }

  private static Object convert(Object v, Object hint) {
    if (hint instanceof List<?> hs && v instanceof List<?> vs && hs.size() == vs.size()) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < vs.size(); i++) {
        out.add(convert(vs.get(i), hs.get(i)));
      }
      return out;
    }
    if (v == null || !(hint instanceof String tag)) {
      return v;
    }
    if (!(v instanceof Number) && !(v instanceof String && tag.matches("float|double"))) {
      return v;
    }
    double d = v instanceof String s ? Double.parseDouble(s) : ((Number) v).doubleValue();
    return switch (tag) {
      case "int" -> ((Number) v).intValue();
      case "long" -> ((Number) v).longValue();
      case "short" -> ((Number) v).shortValue();
      case "byte" -> ((Number) v).byteValue();
      case "float" -> (float) d;
      case "double" -> d;
      default -> v;
    };
  }

  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("Bad JSON at offset " + pos + ": " + what + " in " + s);
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    Object value() {
      skipSpace();
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(pos);
      if (c == '{') {
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (s.charAt(pos) == '}') {
          pos++;
          return map;
        }
        while (true) {
          skipSpace();
          String key = string();
          skipSpace();
          expect(':');
          map.put(key, value());
          skipSpace();
          if (s.charAt(pos) == ',') {
            pos++;
          } else {
            expect('}');
            return map;
          }
        }
      }
      if (c == '[') {
        pos++;
        List<Object> list = new ArrayList<>();
        skipSpace();
        if (s.charAt(pos) == ']') {
          pos++;
          return list;
        }
        while (true) {
          list.add(value());
          skipSpace();
          if (s.charAt(pos) == ',') {
            pos++;
          } else {
            expect(']');
            return list;
          }
        }
      }
      if (c == '"') {
        return string();
      }
      if (s.startsWith("true", pos)) {
        pos += 4;
        return Boolean.TRUE;
      }
      if (s.startsWith("false", pos)) {
        pos += 5;
        return Boolean.FALSE;
      }
      if (s.startsWith("null", pos)) {
        pos += 4;
        return null;
      }
      int start = pos;
      while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
      String num = s.substring(start, pos);
      if (num.isEmpty()) {
        throw error("unexpected character '" + c + "'");
      }
      if (num.contains(".") || num.contains("e") || num.contains("E")) {
        return Double.parseDouble(num);
      }
      long l = Long.parseLong(num);
      return l == (int) l ? (Object) (int) l : (Object) l;
    }

    void expect(char c) {
      if (pos >= s.length() || s.charAt(pos) != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        if (pos >= s.length()) {
          throw error("unterminated string");
        }
        char c = s.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c == '\\') {
          char e = s.charAt(pos++);
          switch (e) {
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'u' -> {
              out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
              pos += 4;
            }
            default -> out.append(e);
          }
        } else {
          out.append(c);
        }
      }
    }
  }
}
