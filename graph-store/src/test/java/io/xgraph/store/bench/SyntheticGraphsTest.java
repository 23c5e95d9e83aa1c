package io.xgraph.store.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The synthetic graphs are deterministic and learner-like, and the editing helpers change exactly
 * what they name: the store and cli tests build their damaged graphs with them.
 */
class SyntheticGraphsTest {

  private static List<Pattern> patterns(ExplanatoryGraph g) {
    return g.layers().stream().flatMap(l -> l.patterns().stream()).toList();
  }

  @Test
  void theSameSeedGivesTheSameGraphAndLinksPointOneLayerUpWithTheParentsSigma() {
    ExplanatoryGraph g = SyntheticGraphs.tiny("t", 5);
    assertEquals(g, SyntheticGraphs.tiny("t", 5));
    assertNotEquals(g, SyntheticGraphs.tiny("t", 6));
    // 4 channels with 3, 2 and 2 slots; 3 parents for each pattern below the top layer.
    assertEquals(4 * 3 + 4 * 2 + 4 * 2, g.patternCount());
    assertEquals((4 * 3 + 4 * 2) * 3, g.edgeCount());
    Map<Integer, Pattern> byId =
        patterns(g).stream().collect(Collectors.toMap(Pattern::id, Function.identity()));
    for (Pattern p : patterns(g)) {
      for (ParentLink k : p.parents()) {
        Pattern parent = byId.get(k.parentId());
        assertEquals(p.layer() + 1, parent.layer());
        assertEquals(parent.sigma(), k.parentSigma(), 0.0);
      }
    }
  }

  @Test
  void editingOnePatternsLinksChangesNothingElse() {
    ExplanatoryGraph g = SyntheticGraphs.tiny("t", 7);
    assertEquals(g, SyntheticGraphs.editPatterns(g, p -> p));
    assertEquals(
        g, SyntheticGraphs.editPatterns(g, p -> SyntheticGraphs.withParents(p, p.parents())));

    Pattern first = patterns(g).get(0);
    List<ParentLink> other = List.of(new ParentLink(99, 1, 2, 3, 0.5));
    ExplanatoryGraph edited =
        SyntheticGraphs.editPatterns(
            g, p -> p.id() == first.id() ? SyntheticGraphs.withParents(p, other) : p);
    List<Pattern> before = patterns(g);
    List<Pattern> after = patterns(edited);
    assertNotEquals(first.parents(), other);
    assertEquals(other, after.get(0).parents());
    assertEquals(first, SyntheticGraphs.withParents(after.get(0), first.parents()));
    assertEquals(before.subList(1, before.size()), after.subList(1, after.size()));
    assertEquals(g.modelName(), edited.modelName());
    assertEquals(g.modelSha256(), edited.modelSha256());
    assertEquals(g.parameters(), edited.parameters());
    assertEquals(g.trainingImageIds(), edited.trainingImageIds());
    for (int l = 0; l < g.layers().size(); l++) {
      GraphLayer was = g.layers().get(l);
      GraphLayer is = edited.layers().get(l);
      assertEquals(was.geometry(), is.geometry());
      assertArrayEquals(was.negativeSigma(), is.negativeSigma());
      assertEquals(was.scoreScale(), is.scoreScale(), 0.0);
    }
  }
}
