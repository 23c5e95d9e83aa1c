package io.xgraph.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.store.internal.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Learning parameters survive the JSON property exactly, Java types included. */
class JsonTest {

  @Test
  void plainJsonIsReadableAndHintsRestoreTypes() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("i", 7);
    p.put("l", 7L);
    p.put("f", 0.25f);
    p.put("d", 0.1);
    p.put("inf", Double.POSITIVE_INFINITY);
    p.put("s", "a\"b\\c\n");
    p.put("b", true);
    p.put("list", List.of(1L, 2L));
    String json = Json.write(p);
    assertEquals(
        "{\"i\":7,\"l\":7,\"f\":0.25,\"d\":0.1,\"inf\":\"Infinity\",\"s\":\"a\\\"b\\\\c\\n\","
            + "\"b\":true,\"list\":[1,2]}",
        json);
    Map<String, Object> hints = Json.typeHints(p);
    assertEquals(List.of("l", "f", "inf", "list"), List.copyOf(hints.keySet()));
    @SuppressWarnings("unchecked")
    Map<String, Object> back = (Map<String, Object>) Json.read(json);
    Json.applyHints(back, hints);
    assertEquals(p, back);
    assertTrue(back.get("l") instanceof Long);
  }
}
