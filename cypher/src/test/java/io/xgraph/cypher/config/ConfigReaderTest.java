package io.xgraph.cypher.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {

  @Test
  void readsTypedValuesAndDefaults() {
    ConfigReader c =
        new ConfigReader("xg.test", Map.of("k", 5L, "minScore", 0.5, "layer", "fire9/concat_1"));
    assertEquals(5, c.integer("k", 10, 1, 100));
    assertEquals(0.5, c.number("minScore", 0, 0, 100));
    assertEquals("fire9/concat_1", c.text("layer", null, Set.of()));
    assertEquals(7, c.integer("skip", 7, 0, 100));
    assertFalse(c.flag("write", false));
    c.done();
  }

  @Test
  void aStoredArrayPropertyIsReadAsTheListItIsInCypher() {
    // {box: i.box} with Image.box stored as a double[] (embedded writes) or float[].
    ConfigReader c =
        new ConfigReader(
            "xg.test", Map.of("box", new double[] {1, 2, 30, 40}, "b2", new float[] {1, 2, 3, 4}));
    assertArrayEquals(new double[] {1, 2, 30, 40}, c.numbers("box", 4, 0, "box"), 0);
    assertArrayEquals(new double[] {1, 2, 3, 4}, c.numbers("b2", 4, 0, "box"), 0);
    assertThrows(IllegalArgumentException.class, () -> c.numbers("box", 3, 0, "box"));
  }

  @Test
  void outOfRangeNamesKeyValueAndRange() {
    ConfigReader c = new ConfigReader("xg.test", Map.of("k", 1_000_000_000L));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> c.integer("k", 10, 1, 1000));
    assertEquals(
        "Value for `k` was `1000000000`, but must be within the range [1, 1000]"
            + " (in the configuration of xg.test).",
        e.getMessage());
  }

  @Test
  void wrongTypeIsRejected() {
    ConfigReader c = new ConfigReader("xg.test", Map.of("k", "ten", "minScore", Double.NaN));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> c.integer("k", 10, 1, 1000))
            .getMessage()
            .startsWith("Value for `k` was `ten`, but must be an integer"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> c.number("minScore", 0, 0, 1))
            .getMessage()
            .contains("must be a finite number"));
  }

  @Test
  void unknownKeyGetsSuggestion() {
    ConfigReader c = new ConfigReader("xg.test", Map.of("lyer", "x"));
    c.text("layer", null, Set.of());
    c.integer("limit", 10, 1, 100);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::done);
    assertEquals(
        "Unknown configuration key `lyer` (in the configuration of xg.test). Did you mean `layer`?"
            + " Known keys: [layer, limit].",
        e.getMessage());
  }

  @Test
  void enumeratedTextListsAllowedValues() {
    ConfigReader c = new ConfigReader("xg.test", Map.of("orderBy", "scor"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> c.text("orderBy", "score", Set.of("score", "channel")));
    assertTrue(e.getMessage().contains("must be one of [channel, score] Did you mean `score`?"));
  }

  @Test
  void editDistanceIsLevenshtein() {
    assertEquals(3, io.xgraph.ingest.EditDistance.of("kitten", "sitting"));
    assertEquals(0, io.xgraph.ingest.EditDistance.of("", ""));
    assertEquals(4, io.xgraph.ingest.EditDistance.of("", "abcd"));
  }
}
