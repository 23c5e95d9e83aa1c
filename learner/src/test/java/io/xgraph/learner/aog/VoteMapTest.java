package io.xgraph.learner.aog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VoteMapTest {

  @Test
  void argmaxIsAtTheHeavierVote() {
    VoteMap map = new VoteMap(1, 5);
    map.add(50, 60, 1.0);
    map.add(150, 100, 2.0);
    VoteMap.Peak p = map.peak(false);
    assertEquals(150, p.x(), 0);
    assertEquals(100, p.y(), 0);
    // The other vote is 20 sigma away: truncated, so the peak is exactly the mass.
    assertEquals(2.0, p.value(), 1e-12);
  }

  @Test
  void kernelValuesAreGaussian() {
    VoteMap map = new VoteMap(1, 5);
    map.add(50, 60, 1.0);
    // exp(-(dx^2 + dy^2) / (2 * 25)) at (53, 64): exp(-25 / 50)
    assertEquals(Math.exp(-0.5), map.value(64, 53), 1e-12);
    // Beyond 3 sigma (16 px > 15 px) the kernel is cut.
    assertEquals(0.0, map.value(60, 66), 0);
  }

  @Test
  void twoCloseEqualVotesPeakHalfwayWithTheSumValue() {
    // Sum of two Gaussians 10 px apart with sigma 10 is unimodal; maximum at the midpoint with
    // value
    // 2 * exp(-25 / 200).
    VoteMap map = new VoteMap(1, 10);
    map.add(100, 40, 1.0);
    map.add(110, 40, 1.0);
    VoteMap.Peak p = map.peak(true);
    assertEquals(105, p.x(), 1e-9);
    assertEquals(40, p.y(), 1e-9);
    assertEquals(2 * Math.exp(-25.0 / 200), p.value(), 1e-12);
  }

  @Test
  void subPixelRefinementRecoversAFractionalVote() {
    VoteMap map = new VoteMap(1, 6);
    map.add(70.3, 120.8, 1.0);
    VoteMap.Peak coarse = map.peak(false);
    assertEquals(70, coarse.x(), 0);
    assertEquals(121, coarse.y(), 0);
    VoteMap.Peak fine = map.peak(true);
    assertEquals(70.3, fine.x(), 0.02);
    assertEquals(120.8, fine.y(), 0.02);
  }

  @Test
  void clearRemovesEveryVote() {
    VoteMap map = new VoteMap(1, 4);
    map.add(30, 30, 5.0);
    map.clear();
    assertEquals(0.0, map.value(30, 30), 0);
    assertEquals(0.0, map.peak(true).value(), 0);
    map.add(200, 10, 0.5);
    VoteMap.Peak p = map.peak(true);
    assertEquals(200, p.x(), 1e-9);
    assertEquals(10, p.y(), 1e-9);
    assertEquals(0.5, p.value(), 1e-12);
  }

  @Test
  void coarseGridCoversThePlane() {
    VoteMap map = new VoteMap(4, 20);
    assertEquals(56, map.cellsPerSide());
    map.add(223, 223, 1.0);
    VoteMap.Peak p = map.peak(false);
    assertEquals(220, p.x(), 0);
    assertEquals(220, p.y(), 0);
  }

  @Test
  void mirrorIsTheFlipOfPixelColumns() {
    assertEquals(223, ImagePlane.mirrorX(0), 0);
    assertEquals(0, ImagePlane.mirrorX(223), 0);
    assertEquals(111.5, ImagePlane.mirrorX(111.5), 0);
    assertEquals(42.25, ImagePlane.mirrorX(ImagePlane.mirrorX(42.25)), 0);
  }
}
