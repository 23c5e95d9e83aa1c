package io.xgraph.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.aog.bridge.PartDefinition;
import io.xgraph.learner.aog.bridge.ResponseSet;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.Point;
import io.xgraph.learner.em.GraphInference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link FewShotPart} on the reduced real run and its mirrored store: the responses of both passes
 * are collected and reported image by image, and a part is taught from annotated train birds and
 * localised on exactly the test birds that show it.
 */
class FewShotPartTest {

  static SmallRealRun run;
  static ResponseSet withFlips;
  static List<String> heard = new ArrayList<>();

  @BeforeAll
  static void collectResponses() {
    run = SmallRealRun.shared();
    withFlips =
        FewShotPart.responses(
            run.features,
            run.mirrored(),
            new GraphInference(run.graph),
            (task, done, total) -> heard.add(task + " " + done + "/" + total));
  }

  @Test
  void bothPassesAreHeardImageByImage() {
    int n = SmallRealRun.BIRDS;
    List<String> expected = new ArrayList<>();
    IntStream.rangeClosed(1, n).forEach(i -> expected.add("graph inference " + i + "/" + n));
    IntStream.rangeClosed(1, n)
        .forEach(i -> expected.add("graph inference, flipped " + i + "/" + n));
    assertEquals(expected, heard);
    List<String> ids = run.features.images().stream().map(ImageRecord::id).toList();
    assertEquals(ids, new ArrayList<>(withFlips.graph().keySet()));
    assertEquals(ids, new ArrayList<>(withFlips.graphFlipped().keySet()));
    assertTrue(FewShotPart.responses(run.features, run.graph).graphFlipped().isEmpty());
  }

  @Test
  void aPartIsTaughtFromTrainBirdsAndLocalisedOnEveryTestBirdShowingIt() {
    PartDefinition part = PartDefinition.HEAD_FOREHEAD;
    Map<String, Point> centres = part.centres(withFlips.images());
    FewShotPart.Taught taught = FewShotPart.teach(withFlips, part, 3, 11);
    assertEquals(3, new HashSet<>(taught.shots()).size(), "three different shots");
    for (String shot : taught.shots()) {
      assertEquals("train", split(shot), shot);
      assertTrue(centres.containsKey(shot), shot + " shows the part");
    }
    List<String> testWithPart =
        withFlips.images().stream()
            .filter(r -> "test".equals(r.split()) && centres.containsKey(r.id()))
            .map(ImageRecord::id)
            .toList();
    assertTrue(testWithPart.size() >= 2, "test birds with a forehead: " + testWithPart);
    assertEquals(testWithPart, new ArrayList<>(taught.predicted().keySet()));
    assertEquals(testWithPart, new ArrayList<>(taught.truth().keySet()));
    for (String id : testWithPart) {
      assertEquals(centres.get(id), taught.truth().get(id), id);
    }
    double x = taught.shots().stream().mapToDouble(s -> centres.get(s).x()).average().orElseThrow();
    double y = taught.shots().stream().mapToDouble(s -> centres.get(s).y()).average().orElseThrow();
    assertEquals(x, taught.meanPosition().x(), 1e-6, "mean of the shots' annotations");
    assertEquals(y, taught.meanPosition().y(), 1e-6, "mean of the shots' annotations");
    double error = taught.aogError(run.features.layers().get(0).inputSize());
    assertTrue(error > 0 && error < 1, "normalised error " + error);
  }

  @Test
  void theSameSeedTeachesTheSameShotsAndPoints() {
    FewShotPart.Taught a = FewShotPart.teach(withFlips, PartDefinition.TAIL, 2, 5);
    FewShotPart.Taught b = FewShotPart.teach(withFlips, PartDefinition.TAIL, 2, 5);
    assertEquals(a.shots(), b.shots());
    assertEquals(a.predicted(), b.predicted());
  }

  @Test
  void moreShotsThanAnnotatedTrainBirdsAreRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FewShotPart.teach(withFlips, PartDefinition.BACK, 100, 1));
    assertTrue(e.getMessage().startsWith("Only "), e.getMessage());
    assertTrue(e.getMessage().contains("show part `back`, 100 needed"), e.getMessage());
  }

  private static String split(String id) {
    return withFlips.images().stream()
        .filter(r -> r.id().equals(id))
        .findFirst()
        .orElseThrow()
        .split();
  }
}
