package io.xgraph.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The shuffled-positions control of {@code xgraph eval}: each pattern keeps the positions it had,
 * but within each split they are handed to other images, so they keep their spread and lose their
 * tie to the image.
 */
class ShuffledControlTest {

  @Test
  void positionsArePermutedWithinEachSplitOnly() {
    int images = 40;
    float[][][] x = new float[1][3][images];
    float[][][] y = new float[1][3][images];
    for (int v = 0; v < 3; v++) {
      for (int i = 0; i < images; i++) {
        x[0][v][i] = 1000 * v + i;
        y[0][v][i] = -(1000 * v + i);
      }
    }
    int[] train = java.util.stream.IntStream.range(0, 25).toArray();
    int[] test = java.util.stream.IntStream.range(25, images).toArray();
    float[][][] sx = new float[1][][];
    float[][][] sy = new float[1][][];
    StabilityEvaluation.shuffleWithinSplits(x, y, train, test, sx, sy);
    for (int v = 0; v < 3; v++) {
      for (int[] split : new int[][] {train, test}) {
        float[] before = new float[split.length];
        float[] after = new float[split.length];
        for (int j = 0; j < split.length; j++) {
          before[j] = x[0][v][split[j]];
          after[j] = sx[0][v][split[j]];
          // x and y move together: the position of one image, given to another
          assertArrayEquals(
              new float[] {-sx[0][v][split[j]]}, new float[] {sy[0][v][split[j]]}, 0f);
        }
        float[] sorted = after.clone();
        Arrays.sort(sorted);
        assertArrayEquals(before, sorted, 0f, "a permutation of the split's own positions");
        assertFalse(Arrays.equals(before, after), "the positions moved to other images");
      }
    }
    // the control is reproducible: a fixed seed
    float[][][] again = new float[1][][];
    StabilityEvaluation.shuffleWithinSplits(x, y, train, test, again, new float[1][][]);
    assertArrayEquals(sx[0][2], again[0][2], 0f);
  }
}
