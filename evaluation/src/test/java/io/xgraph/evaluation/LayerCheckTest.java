package io.xgraph.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.model.ExplanatoryGraph;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link LayerCheck}, the first check of every evaluation, on the reduced real run's graph: the
 * store it was learned from passes, another layer count or another layer is refused with a message
 * naming both.
 */
class LayerCheckTest {

  private static final String FIX = ": evaluate a graph with the store it was learned from";

  @Test
  void theStoreTheGraphWasLearnedFromPasses() {
    SmallRealRun run = SmallRealRun.shared();
    LayerCheck.requireSameLayers(run.features.layers(), run.graph, "store", FIX);
  }

  @Test
  void anotherLayerCountIsRefused() {
    ExplanatoryGraph graph = SmallRealRun.shared().graph;
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LayerCheck.requireSameLayers(List.of(), graph, "store", FIX));
    assertEquals("Graph has 1 layers, feature store 0" + FIX, e.getMessage());
  }

  @Test
  void anotherLayerOfTheSameCountIsRefusedByName() {
    SmallRealRun run = SmallRealRun.shared();
    LayerGeometry g = run.features.layers().get(0);
    LayerGeometry fire8 =
        new LayerGeometry(
            "fire8/concat_1",
            0,
            g.channels(),
            g.height(),
            g.width(),
            g.stride(),
            g.firstCenter(),
            g.receptiveField() - 32,
            g.inputSize());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LayerCheck.requireSameLayers(List.of(fire8), run.graph, "store", FIX));
    assertEquals(
        "Layer 0 of the graph is fire9/concat_1, of the store fire8/concat_1" + FIX,
        e.getMessage());
  }

  @Test
  void evaluateChecksTheLayersBeforeInferringAnyImage() {
    SmallRealRun run = SmallRealRun.shared();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                StabilityEvaluation.evaluate(
                    run.features,
                    withoutLayers(run.graph),
                    4,
                    10,
                    UnaryOperator.identity(),
                    false,
                    done -> {
                      throw new AssertionError("inferred an image");
                    }));
    assertEquals("Graph has 0 layers, feature store 1" + FIX, e.getMessage());
  }

  /** The graph with no layers, as a graph learned on another store's layers would mismatch. */
  private static ExplanatoryGraph withoutLayers(ExplanatoryGraph g) {
    return new ExplanatoryGraph(
        g.modelName(), g.modelSha256(), List.of(), g.parameters(), g.trainingImageIds());
  }
}
