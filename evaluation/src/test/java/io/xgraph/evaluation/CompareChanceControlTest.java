package io.xgraph.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link GraphComparison#deranged}, the chance control of {@code compare --permute-b}: B's images
 * dealt so that no shared image meets its own inference.
 */
class CompareChanceControlTest {

  @Test
  void everyImageIsPairedWithAnotherAndEachIsUsedOnce() {
    List<Integer> images = new ArrayList<>();
    for (int i = 0; i < 282; i++) {
      images.add(1000 + i);
    }
    List<Integer> d = GraphComparison.deranged(images, 7);
    for (int k = 0; k < images.size(); k++) {
      assertNotEquals(images.get(k), d.get(k), "position " + k + " kept its image");
    }
    assertEquals(images, d.stream().sorted().toList());
    assertEquals(d, GraphComparison.deranged(images, 7));
    assertNotEquals(d, GraphComparison.deranged(images, 8));
    assertEquals(List.of(2, 1), GraphComparison.deranged(List.of(1, 2), 3));
  }

  @Test
  void oneSharedImageCannotBeDeranged() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GraphComparison.deranged(List.of(5), 1));
    assertEquals("--permute-b needs at least 2 shared images, the models share 1", e.getMessage());
  }
}
