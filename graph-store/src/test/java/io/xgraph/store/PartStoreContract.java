package io.xgraph.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.aog.AogParameters;
import io.xgraph.learner.aog.PartLocalization;
import io.xgraph.learner.aog.PartLocalizer;
import io.xgraph.learner.aog.PartModel;
import io.xgraph.learner.aog.PartTemplate;
import io.xgraph.learner.aog.PatternResponses;
import io.xgraph.learner.aog.TemplatePattern;
import io.xgraph.learner.data.Point;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What every back end must do with parts ({@link PartStore}); run embedded and over real Bolt by
 * the classes that implement {@link StoreContracts}. Each test uses its own model names, so they
 * share one database.
 */
interface PartStoreContract extends StoreContract {

  /** Counts of everything a part write could touch, for "the store is untouched" checks. */
  private List<Long> partGraph(String model) {
    Map<String, Object> p = Map.of("m", model);
    return List.of(
        count("MATCH (x:Part {model: $m}) RETURN count(x) AS n", p),
        count("MATCH (x:PartTemplate {graph: $m}) RETURN count(x) AS n", p),
        count("MATCH (:PartTemplate {graph: $m})-[u:USES]->() RETURN count(u) AS n", p),
        count("MATCH (x:Pattern {model: $m}) RETURN count(x) AS n", p),
        count("MATCH (n) RETURN count(n) AS n", Map.of()));
  }

  private long version(String model) {
    return store().model(model).orElseThrow().version();
  }

  /** Three templates over the graph's patterns, with awkward doubles, one mirrored. */
  private static PartModel part(String name, int patternCount, long seed) {
    Random rnd = new Random(seed);
    List<PartTemplate> templates = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      List<TemplatePattern> uses = new ArrayList<>();
      List<Integer> ids = new ArrayList<>();
      for (int i = 0; i < patternCount; i++) {
        ids.add(i);
      }
      java.util.Collections.shuffle(ids, rnd);
      for (int k = 0; k < 5 + t; k++) {
        uses.add(
            new TemplatePattern(
                ids.get(k),
                rnd.nextGaussian() * 40,
                rnd.nextGaussian() * 40,
                0.1 + rnd.nextDouble()));
      }
      templates.add(
          new PartTemplate(
              "img-" + t,
              t == 1,
              new Point(100 + rnd.nextDouble() * 50, 60 + 1.0 / 3),
              t == 0 ? 1.0 : 0.3 + t * 0.1,
              uses));
    }
    return new PartModel(name, patternCount, templates);
  }

  private static PatternResponses responses(String id, int patternCount, long seed) {
    Random rnd = new Random(seed);
    float[] x = new float[patternCount];
    float[] y = new float[patternCount];
    float[] s = new float[patternCount];
    boolean[] f = new boolean[patternCount];
    for (int i = 0; i < patternCount; i++) {
      x[i] = 40 + 140 * rnd.nextFloat();
      y[i] = 40 + 140 * rnd.nextFloat();
      s[i] = rnd.nextFloat();
      f[i] = rnd.nextFloat() < 0.7;
    }
    return new PatternResponses(id, x, y, s, f);
  }

  @Test
  default void aPartWrittenThenReadIsEqualAndLocalisesIdentically() {
    ExplanatoryGraph g = writtenTiny("pt-rt", 3);
    PartModel head = part("head", g.patternCount(), 1);
    PartInfo info =
        store()
            .parts()
            .writePart(
                "pt-rt",
                version("pt-rt"),
                head,
                Map.of("parameters", "{\"a\":1}", "shots", 3),
                false);
    assertEquals(3, info.templateCount());
    assertEquals(5 + 6 + 7, info.usesCount());
    StoredPart back = store().parts().readPart("pt-rt", "head").orElseThrow();
    assertEquals(head, back.model());
    assertEquals(Map.of("parameters", "{\"a\":1}", "shots", 3L), back.info().properties());
    assertEquals(version("pt-rt"), back.info().modelVersion());
    PartLocalizer localizer = new PartLocalizer(AogParameters.defaults());
    for (int i = 0; i < 5; i++) {
      PatternResponses r = responses("q" + i, g.patternCount(), i);
      PatternResponses flipped = responses("q" + i, g.patternCount(), 100 + i);
      PartLocalization a = localizer.localize(head, r, flipped);
      PartLocalization b = localizer.localize(back.model(), r, flipped);
      assertEquals(a, b);
    }
    // The graph a user sees: one USES edge per template pattern, with the offsets.
    assertEquals(
        18,
        count(
            "MATCH (:ExplanatoryGraph {name: 'pt-rt'})-[:HAS_PART]->(:Part {name: 'head'})-[:HAS_TEMPLATE]->"
                + "(:PartTemplate)-[:USES]->(:Pattern {model: 'pt-rt'}) RETURN count(*) AS n",
            Map.of()));
    assertEquals(
        List.of("head"), store().parts().listParts("pt-rt").stream().map(PartInfo::name).toList());
  }

  @Test
  default void aTakenNameIsAUserErrorUnlessReplacing() {
    ExplanatoryGraph g = writtenTiny("pt-taken", 3);
    long v = version("pt-taken");
    store().parts().writePart("pt-taken", v, part("head", g.patternCount(), 1), Map.of(), false);
    List<Long> before = partGraph("pt-taken");
    PartModel other = part("head", g.patternCount(), 2);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> store().parts().writePart("pt-taken", v, other, Map.of(), false));
    assertTrue(
        e.getMessage().contains("Part `head` of model `pt-taken` already exists"), e.getMessage());
    assertTrue(e.getMessage().contains("replace"), e.getMessage());
    assertEquals(before, partGraph("pt-taken"));
    store().parts().writePart("pt-taken", v, other, Map.of(), true);
    assertEquals(other, store().parts().readPart("pt-taken", "head").orElseThrow().model());
    assertEquals(1, count("MATCH (p:Part {model: 'pt-taken'}) RETURN count(p) AS n", Map.of()));
  }

  @Test
  default void aFailedWriteLeavesNothing() {
    ExplanatoryGraph g = writtenTiny("pt-aon", 3);
    long v = version("pt-aon");
    PartModel head = part("head", g.patternCount(), 3);
    int used = head.templates().get(2).patterns().get(3).patternIndex();
    raw()
        .executeTransactionally(
            "MATCH (x:Pattern {model: 'pt-aon', id: $id}) DETACH DELETE x", Map.of("id", used));
    List<Long> before = partGraph("pt-aon");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> store().parts().writePart("pt-aon", v, head, Map.of(), false));
    assertTrue(e.getMessage().contains("that model `pt-aon` does not have ("), e.getMessage());
    assertEquals(before, partGraph("pt-aon"));
    assertTrue(store().parts().readPart("pt-aon", "head").isEmpty());
  }

  @Test
  default void badInputIsNamed() {
    ExplanatoryGraph g = writtenTiny("pt-bad", 3);
    long v = version("pt-bad");
    List<Long> before = partGraph("pt-bad");
    PartModel head = part("head", g.patternCount(), 4);
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> store().parts().writePart("pt-nosuch", 1, head, Map.of(), false));
    assertTrue(
        unknown.getMessage().contains("Model `pt-nosuch` does not exist"), unknown.getMessage());
    IllegalArgumentException count =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                store()
                    .parts()
                    .writePart(
                        "pt-bad", v, part("head", g.patternCount() - 1, 4), Map.of(), false));
    assertTrue(
        count.getMessage().contains("learned on " + (g.patternCount() - 1)), count.getMessage());
    IllegalArgumentException reserved =
        assertThrows(
            IllegalArgumentException.class,
            () -> store().parts().writePart("pt-bad", v, head, Map.of("name", "x"), false));
    assertTrue(reserved.getMessage().contains("Part property `name`"), reserved.getMessage());
    IllegalArgumentException type =
        assertThrows(
            IllegalArgumentException.class,
            () -> store().parts().writePart("pt-bad", v, head, Map.of("list", List.of(1)), false));
    assertTrue(type.getMessage().contains("Part property `list`"), type.getMessage());
    IllegalStateException stale =
        assertThrows(
            IllegalStateException.class,
            () -> store().parts().writePart("pt-bad", v + 1, head, Map.of(), false));
    assertTrue(stale.getMessage().contains("learned on version " + (v + 1)), stale.getMessage());
    assertEquals(before, partGraph("pt-bad"));
  }

  @Test
  default void partsGoWithTheModelVersionTheyWereLearnedOn() {
    ExplanatoryGraph g = writtenTiny("pt-life", 3);
    store()
        .parts()
        .writePart(
            "pt-life", version("pt-life"), part("head", g.patternCount(), 5), Map.of(), false);
    store()
        .parts()
        .writePart(
            "pt-life", version("pt-life"), part("tail", g.patternCount(), 6), Map.of(), false);
    assertEquals(2, store().parts().listParts("pt-life").size());
    assertTrue(store().parts().deletePart("pt-life", "tail"));
    assertFalse(store().parts().deletePart("pt-life", "tail"));
    assertEquals(1, count("MATCH (p:Part {model: 'pt-life'}) RETURN count(p) AS n", Map.of()));

    // Re-writing the model: the pattern ids of the new version mean something else.
    writtenTiny("pt-life", 3);
    assertTrue(store().parts().listParts("pt-life").isEmpty());
    assertTrue(store().parts().readPart("pt-life", "head").isEmpty());
    assertEquals(List.of(0L, 0L, 0L), partGraph("pt-life").subList(0, 3), "old parts are deleted");
    // The name is free again on the new version.
    store()
        .parts()
        .writePart(
            "pt-life", version("pt-life"), part("head", g.patternCount(), 7), Map.of(), false);
    assertTrue(store().delete("pt-life"));
    assertEquals(List.of(0L, 0L, 0L, 0L), partGraph("pt-life").subList(0, 4));
  }
}
