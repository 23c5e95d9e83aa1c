package io.xgraph.learner.em;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Small literal tests of the EM pieces. */
class KernelsTest {

  @Test
  void candidateOffsetsSpanTheSearchRange() {
    assertArrayEquals(new double[] {-2, -1.2, -0.4, 0.4, 1.2, 2}, Kernels.offsets(6, 2), 1e-12);
  }

  /** The release's candidates: centres of 6 equal cells of [-r, r] (getBasicSettings.m). */
  @Test
  void releaseCandidatesAreTheCellCentresOfTheRange() {
    assertArrayEquals(
        new double[] {-2.5, -1.5, -0.5, 0.5, 1.5, 2.5}, Kernels.interiorOffsets(6, 3), 1e-12);
    LearnerParameters p = LearnerParameters.defaults();
    // S = 13, sigma 3 cells: r = round(min(1.95, 9)) = 2, candidates +-1/3, +-1, +-5/3
    assertArrayEquals(
        new double[] {-5 / 3.0, -1, -1 / 3.0, 1 / 3.0, 1, 5 / 3.0},
        Kernels.candidateOffsets(13, 3, p),
        1e-12);
    assertArrayEquals(
        Kernels.offsets(6, 2),
        Kernels.candidateOffsets(
            13, 3, p.withDepartures(java.util.EnumSet.of(Departure.END_POINT_CANDIDATES))),
        1e-12);
  }

  /** Nodes without parents: G has the release's fixed width 0.15 S, not the node's own sigma. */
  @Test
  void rootPriorWidthIsFixedUnlessTheNodeOwnSigmaIsAsked() {
    LearnerParameters p = LearnerParameters.defaults();
    assertEquals(0.15 * 13, Kernels.rootPriorWidth(13, 0.4, p), 1e-12);
    assertEquals(
        0.4,
        Kernels.rootPriorWidth(
            13, 0.4, p.withDepartures(java.util.EnumSet.of(Departure.OWN_SIGMA_PRIOR))),
        1e-12);
  }

  @Test
  void searchRadiusIsTheSmallerOfRangeAndThreeSigmasAtLeastOne() {
    LearnerParameters p = LearnerParameters.defaults();
    assertEquals(2, Kernels.searchRadius(13, 3.0, p)); // 0.15 * 13 = 1.95 -> 2
    assertEquals(4, Kernels.searchRadius(27, 3.0, p)); // 4.05 -> 4
    assertEquals(1, Kernels.searchRadius(27, 0.4, p)); // 3 * 0.4 = 1.2 -> 1
    assertEquals(1, Kernels.searchRadius(27, 0.1, p)); // floor of one cell
  }

  @Test
  void priorFromTwoAgreeingParentsIsTheirWeightedMean() {
    // parents imply centres (row, col) (4, 4) with sigma 1 and (4, 7) with sigma 2; M = 2
    // w' = 1 / (M sigma'^2) = 0.5 and 0.125; centre col = (0.5*4 + 0.125*7) / 0.625 = 4.6
    // sigma~^2 = 1 / 0.625 = 1.6
    // lambda = sigma~^2 / sqrt(1 * 4) * exp(-(0.5*0.6^2 + 0.125*2.4^2) / 2)
    double[] out = new double[4];
    Kernels.priorFromParents(2, new double[] {4, 4}, new double[] {4, 7}, new double[] {1, 2}, out);
    assertEquals(4.0, out[0], 1e-12);
    assertEquals(4.6, out[1], 1e-12);
    assertEquals(Math.sqrt(1.6), out[2], 1e-12);
    double lambda = 1.6 / 2.0 * Math.exp(-(0.5 * 0.36 + 0.125 * 5.76) / 2);
    assertEquals(lambda, out[3], 1e-12);
  }

  @Test
  void priorFromParentsEqualsTheNormalisedProductOfParentGaussians() {
    // eq. 3: prod_k N(p; m_k, s_k^2)^(1/M) == lambda * N(p; centre, sigma~^2) at any p
    double[] rows = {3, 5.5, 4.2};
    double[] cols = {6, 5, 7.5};
    double[] sig = {1.2, 0.8, 2.5};
    double[] out = new double[4];
    Kernels.priorFromParents(3, rows, cols, sig, out);
    for (double[] pt : new double[][] {{4, 6}, {0, 0}, {5, 9}}) {
      double logProduct = 0;
      for (int k = 0; k < 3; k++) {
        logProduct += Math.log(Kernels.normal2(pt[0] - rows[k], pt[1] - cols[k], sig[k])) / 3;
      }
      double model = out[3] * Kernels.normal2(pt[0] - out[0], pt[1] - out[1], out[2]);
      assertEquals(Math.exp(logProduct), model, 1e-12 * Math.max(1, model));
    }
  }

  @Test
  void responsibilitiesOfAFilterAndTheNoiseSumToOne() {
    double[] g = {0.02, 0.3, 0.001, 0.07};
    double density = 0;
    for (double v : g) {
      density += v;
    }
    double tau = 0.05;
    double sum = tau / (density + tau);
    for (double v : g) {
      sum += Kernels.responsibility(v, density, tau);
    }
    assertEquals(1.0, sum, 1e-12);
  }

  @Test
  void noiseTakesAnActivationFarFromEveryNode() {
    // two nodes at (2, 2) and (2, 9), sigma 1; an activation at (9, 5) is far from both
    double[] cr = {2, 2};
    double[] cc = {2, 9};
    double[] st = {1, 1};
    double[] lam = {1, 1};
    float[] dens = new float[12 * 12];
    MixtureDensity.mixtureDensity(2, cr, cc, st, lam, 12, 12, dens, new float[12]);
    double tauI = 0.1 * 1.0 / 2; // tau * mean over nodes of sum_o G (about 1 per node)
    double g0 = Kernels.normal2(9 - 2, 5 - 2, 1);
    double noise = tauI / (dens[9 * 12 + 5] + tauI);
    assertTrue(noise > 0.999, "noise responsibility " + noise);
    assertTrue(Kernels.responsibility(g0, dens[9 * 12 + 5], tauI) < 1e-3);
    // and at a node's own centre the node wins over the noise
    double atNode = Kernels.responsibility(Kernels.normal2(0, 0, 1), dens[2 * 12 + 2], tauI);
    assertTrue(atNode > 0.7, "node responsibility at its centre " + atNode);
  }

  @Test
  void mixtureDensityIsTheSumOfTheNodeGaussians() {
    double[] cr = {1.5, 4};
    double[] cc = {2, 0.5};
    double[] st = {0.9, 1.7};
    double[] lam = {0.7, 1.3};
    float[] dens = new float[6 * 5];
    MixtureDensity.mixtureDensity(2, cr, cc, st, lam, 6, 5, dens, new float[5]);
    for (int r = 0; r < 6; r++) {
      for (int c = 0; c < 5; c++) {
        double expected = 0;
        for (int v = 0; v < 2; v++) {
          expected += lam[v] * Kernels.normal2(r - cr[v], c - cc[v], st[v]);
        }
        assertEquals(expected, dens[r * 5 + c], 1e-6);
      }
    }
  }

  @Test
  void mixtureDensityOnABoxEqualsTheFullMapThere() {
    double[] cr = {1.5, 4, 9};
    double[] cc = {2, 0.5, 6};
    double[] st = {0.9, 1.7, 0.3};
    double[] lam = {0.7, 1.3, 2};
    float[] full = new float[10 * 8];
    MixtureDensity.mixtureDensity(3, cr, cc, st, lam, 10, 8, full, new float[8]);
    float[] box = new float[10 * 8];
    java.util.Arrays.fill(box, -1f);
    MixtureDensity.mixtureDensity(3, cr, cc, st, lam, 10, 8, 2, 5, 1, 3, box, new float[8]);
    for (int r = 0; r < 10; r++) {
      for (int c = 0; c < 8; c++) {
        boolean inside = r >= 2 && r <= 5 && c >= 1 && c <= 3;
        assertEquals(inside ? full[r * 8 + c] : -1f, box[r * 8 + c], 0f, "cell " + r + "," + c);
      }
    }
  }

  @Test
  void prefixCountsFindPositiveCellsInABox() {
    // 4 x 5 map, positive cells at (1, 3) and (3, 0) only
    float[] map = new float[2 + 20];
    map[2 + 1 * 5 + 3] = 0.5f;
    map[2 + 3 * 5] = 2f;
    map[2 + 2 * 5 + 2] = -1f; // not positive
    int[] counts = new int[5 * 6];
    PositiveCells.positivePrefixCounts(map, 2, 4, 5, counts);
    assertTrue(PositiveCells.anyPositive(counts, 5, 0, 3, 0, 4));
    assertTrue(PositiveCells.anyPositive(counts, 5, 1, 1, 3, 3));
    assertTrue(PositiveCells.anyPositive(counts, 5, 3, 3, 0, 0));
    assertTrue(!PositiveCells.anyPositive(counts, 5, 0, 2, 0, 2));
    assertTrue(!PositiveCells.anyPositive(counts, 5, 2, 3, 1, 4));
    assertTrue(!PositiveCells.anyPositive(counts, 5, 0, 0, 0, 4));
  }

  @Test
  void parentImagesAreTheChildsTopScoresInImageOrder() {
    float[] scores = {0.1f, 5f, 0f, 3f, 3f, 0.0001f, 4f};
    int[] out = new int[scores.length];
    // top 3: 5 (1), 4 (6), 3 (3; the tie with image 4 goes to the lower index)
    int used = Ranking.topImageIndices(scores, 3, 1e-3, out);
    assertArrayEquals(new int[] {1, 3, 6}, java.util.Arrays.copyOf(out, used));
    // all images: those above 1e-3 x max = 0.005
    used = Ranking.topImageIndices(scores, scores.length, 1e-3, out);
    assertArrayEquals(new int[] {0, 1, 3, 4, 6}, java.util.Arrays.copyOf(out, used));
    // a child that never fires has no parent images
    assertEquals(0, Ranking.topImageIndices(new float[4], 2, 1e-3, out));
  }

  @Test
  void inferNodePicksTheBestCandidateNearThePeak() {
    // one 9x9 channel with a peak at (5, 3); node centred at (4, 4), sigma~ 2, range 2
    float[] f = new float[81];
    java.util.Arrays.fill(f, -1f);
    f[5 * 9 + 3] = 4f;
    float[] resp = new float[81];
    Kernels.responseMap(f, 1, 9, 9, 1.0, 0.3, resp, new float[81]);
    double[] out = new double[6];
    Kernels.inferNode(resp, 0, 9, 9, 4, 4, 2, 1, Kernels.offsets(6, 2), InferenceScore.LINEAR, out);
    // candidates are 4 +- {0.4, 1.2, 2}: the nearest to (5, 3) is (5.2, 2.8)
    assertEquals(5.2, out[0], 1e-9);
    assertEquals(2.8, out[1], 1e-9);
    assertTrue(out[2] > 0);
    // the sum of the scores is at least the best; the score-weighted mean lies between the
    // candidates that see the blob, pulled from the best towards the prior centre (4, 4)
    assertTrue(out[3] >= out[2]);
    assertTrue(out[4] > 4 && out[4] < 5.2 + 1e-9, "mean row " + out[4]);
    assertTrue(out[5] > 2.8 - 1e-9 && out[5] < 4, "mean col " + out[5]);
  }

  @Test
  void responseMapKeepsPositivePartOnlyAndPreservesMass() {
    float[] f = {-1, -1, -1, -1, 2, -1, -1, -1, -1};
    float[] out = new float[9];
    Kernels.responseMap(f, 1, 3, 3, 1.0, 0.5, out, new float[9]);
    double sum = 0;
    for (float v : out) {
      sum += v;
      assertTrue(v >= 0);
    }
    assertEquals(2.0, sum, 5e-3); // the kernel tail beyond the 3x3 map is cut
    assertTrue(out[4] > out[1]);
  }

  @Test
  void fastExpIsCloseToExpWhereWeightsMatter() {
    for (float x = 0; x > -4; x -= 0.25f) {
      assertEquals(Math.exp(x), Kernels.fastExpNegative(x), 0.01 * Math.exp(x));
    }
    assertEquals(0f, Kernels.fastExpNegative(-2000f));
  }

  @Test
  void topIndicesKeepsTheBestInOrder() {
    int[] ids = {10, 11, 12, 13, 14};
    assertArrayEquals(
        new int[] {13, 11, 10}, Ranking.topIndices(new float[] {3, 5, 1, 9, 3}, 3, ids));
  }
}
