package io.xgraph.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TablesTest {

  @Test
  void alignsColumnsInKeyOrderAndRoundsNumbers() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("layer", "fire5");
    a.put("n", 12L);
    a.put("score", 0.123456);
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("layer", "fire9/concat_1");
    b.put("n", 3L);
    b.put("score", 2.0);
    assertEquals(
        "layer           n   score\n"
            + "--------------  --  ------\n"
            + "fire5           12  0.1235\n"
            + "fire9/concat_1  3   2.0\n",
        Tables.text(List.of(a, b)));
    assertEquals("(no rows)\n", Tables.text(List.of()));
  }
}
