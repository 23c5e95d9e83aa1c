package io.xgraph.learner.aog.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.aog.PatternResponses;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.data.Point;
import io.xgraph.learner.eval.RawFilterBaseline;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The conversions on tiny literal inputs whose answers are known by hand. */
class ResponseBridgeTest {

  /** 2 channels of 2 x 3 units, stride 16, first centre 8. */
  static final LayerGeometry G = new LayerGeometry("tiny", 0, 2, 2, 3, 16, 8, 32, 224);

  static final float[] MAP = {
    // channel 0: max at (row 1, col 2) = unit 5
    -1, 0.5f, -1, //
    -1, -1, 2.0f,
    // channel 1: never positive
    -1, -1, -1, //
    -1, -1, -1
  };

  static final float[] SIGMA = {
    1, 3, 1, //
    1, 1, 0.5f, // raw at unit 1 = 1.5, at unit 5 = 1.0: the argmax of the RAW map is unit 1
    1, 1, 1, //
    1, 1, 1
  };

  @Test
  void rawDetectionsBecomeResponsesWithKnownArgmaxAndFiring() {
    RawFilterBaseline.Detections d = RawFilterBaseline.detect(G, MAP, SIGMA);
    PatternResponses r =
        ResponseBridge.fromRawDetections(
            "img",
            List.of(
                d,
                new RawFilterBaseline.Detections(
                    new float[] {100}, new float[] {50}, new float[] {0.25f})));
    assertEquals(3, r.patternCount());
    // filter 0: unit (0, 1) -> x = 8 + 16, y = 8, raw value 0.5 * 3
    assertTrue(r.fired(0));
    assertEquals(24, r.x(0), 1e-6);
    assertEquals(8, r.y(0), 1e-6);
    assertEquals(1.5, r.score(0), 1e-6);
    // filter 1 never responds: not fired
    assertFalse(r.fired(1));
    // the second layer's single filter follows, index = offset 2 + channel 0
    assertTrue(r.fired(2));
    assertEquals(100, r.x(2), 1e-6);
    assertEquals(50, r.y(2), 1e-6);
    assertEquals(0.25, r.score(2), 1e-6);
  }

  @Test
  void pooledLayerIsTheUnitNormGlobalAverageOfTheReluRawMap() {
    float[] v = ResponseBridge.pooledLayer(G, MAP, SIGMA);
    // channel 0: (1.5 + 1.0) / 6; channel 1: 0 -> unit norm gives (1, 0)
    assertArrayEquals(new float[] {1f, 0f}, v, 1e-6f);
    float[] silent = ResponseBridge.pooledLayer(G, new float[12], SIGMA);
    assertArrayEquals(new float[2], silent, 0f);
    assertArrayEquals(
        new float[] {1, 2, 3},
        ResponseBridge.concat(List.of(new float[] {1}, new float[] {2, 3})),
        0f);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ResponseBridge.pooledLayer(G, new float[5], SIGMA));
    assertTrue(e.getMessage().contains("tiny"), e.getMessage());
  }

  @Test
  void partCentreIsTheMeanOfTheVisibleKeypoints() {
    ImageRecord im =
        new ImageRecord(
            "a", "train", Map.of(2, new Point(10, 20), 6, new Point(30, 40), 14, new Point(5, 5)));
    assertEquals(new Point(30, 40), PartDefinition.HEAD_FOREHEAD.centre(im));
    // beak 2 and forehead 6 are visible among the head keypoints; crown, eyes, nape are not
    assertEquals(new Point(20, 30), PartDefinition.HEAD_CENTROID.centre(im));
    assertNull(PartDefinition.BACK.centre(im));
    assertEquals(
        Map.of("a", new Point(5, 5)),
        PartDefinition.TAIL.centres(List.of(im, new ImageRecord("b", "test", Map.of()))));
    assertEquals(List.of(7, 11), PartDefinition.parse("eyes=7,11").keypointIds());
    assertEquals(PartDefinition.BACK, PartDefinition.parse("back"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PartDefinition.parse("wing"));
    assertTrue(e.getMessage().contains("head-forehead"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PartDefinition.parse("eyes=7,x"));
    assertThrows(IllegalArgumentException.class, () -> PartDefinition.parse("eyes=0"));
  }

  @Test
  void positionSpreadIsTheRmsSpreadOverFiredImages() {
    // pattern 0 (group 0) at (0, 0) and (6, 8): spread sqrt(9 + 16) = 5; pattern 1 (group 1) fires
    // once only and is skipped with minFirings 2; its third image entry is not fired
    PatternResponses a =
        new PatternResponses(
            "a",
            new float[] {0, 50},
            new float[] {0, 50},
            new float[] {1, 1},
            new boolean[] {true, true});
    PatternResponses b =
        new PatternResponses(
            "b",
            new float[] {6, 99},
            new float[] {8, 99},
            new float[] {1, 0},
            new boolean[] {true, false});
    double[] s = ResponseBridge.positionSpread(List.of(a, b), new int[] {0, 1}, 2, 2);
    assertEquals(5, s[0], 1e-6);
    assertTrue(Double.isNaN(s[1]));
    assertEquals(0, ResponseBridge.positionSpread(List.of(a, b), new int[] {0, 1}, 2, 1)[1], 1e-9);
  }

  @Test
  void facingComparesTheHeadWithTheBody() {
    ImageRecord left =
        new ImageRecord("l", "train", Map.of(6, new Point(30, 50), 1, new Point(100, 60)));
    ImageRecord right =
        new ImageRecord(
            "r",
            "train",
            Map.of(2, new Point(200, 50), 1, new Point(100, 60), 14, new Point(20, 80)));
    ImageRecord noBody = new ImageRecord("n", "train", Map.of(6, new Point(30, 50)));
    assertEquals(Facing.LEFT, Facing.of(left));
    assertEquals(Facing.RIGHT, Facing.of(right));
    assertNull(Facing.of(noBody));
  }
}
