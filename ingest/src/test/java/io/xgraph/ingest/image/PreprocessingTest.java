package io.xgraph.ingest.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The two input profiles on known pixels. */
class PreprocessingTest {

  /** Pixel R=200, G=100, B=50. Caffe: planes B,G,R minus [104,117,123] = -54, -17, 77. */
  @Test
  void caffeIsBgrMinusMean() {
    float[] x = Preprocessing.CAFFE_BGR.apply(new int[] {0xc86432, 0, 0, 0}, 2);
    // Planes of 4 pixels: B at 0, G at 4, R at 8; the black pixel 1 is minus the mean.
    assertEquals(-54f, x[0]);
    assertEquals(-17f, x[4]);
    assertEquals(77f, x[8]);
    assertEquals(-104f, x[1]);
    assertEquals(-123f, x[9]);
  }

  /** ImageNet: R plane (200/255 - 0.485)/0.229 = 1.3071..., G (100/255-0.456)/0.224, B. */
  @Test
  void imagenetIsRgbOverStd() {
    float[] x = Preprocessing.IMAGENET_RGB.apply(new int[] {0xc86432}, 1);
    assertEquals((200 / 255.0 - 0.485) / 0.229, x[0], 1e-5);
    assertEquals((100 / 255.0 - 0.456) / 0.224, x[1], 1e-5);
    assertEquals((50 / 255.0 - 0.406) / 0.225, x[2], 1e-5);
  }

  @Test
  void unknownProfileListsTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Preprocessing.byId("vgg"));
    assertTrue(e.getMessage().contains("caffe-bgr"), e.getMessage());
    assertTrue(e.getMessage().contains("imagenet-rgb"), e.getMessage());
  }
}
