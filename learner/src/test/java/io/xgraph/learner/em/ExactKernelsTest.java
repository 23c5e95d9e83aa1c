package io.xgraph.learner.em;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The speed-ups of the E-step reorganise work: the split prior and the tabulated mixture density
 * must not change a single bit, the per-image mixture density may differ from the straightforward
 * kernel only by the rounding of its Gaussian factors; all are compared on random inputs.
 */
class ExactKernelsTest {
  @Test
  void parentPriorSplitEqualsPriorFromParentsToTheBit() {
    Random rnd = new Random(1);
    for (int t = 0; t < 10000; t++) {
      int m = 1 + rnd.nextInt(15);
      double[] r = new double[m], c = new double[m], s = new double[m];
      for (int k = 0; k < m; k++) {
        r[k] = rnd.nextGaussian() * 3;
        c[k] = rnd.nextGaussian() * 3;
        s[k] = 0.3 + rnd.nextDouble() * 3;
      }
      double[] a = new double[4], b = new double[4];
      Kernels.priorFromParents(m, r, c, s, a);
      Kernels.ParentPrior pp = new Kernels.ParentPrior(m);
      pp.setParents(m, s);
      System.arraycopy(r, 0, pp.impliedRow, 0, m);
      System.arraycopy(c, 0, pp.impliedCol, 0, m);
      pp.evaluate(b);
      for (int q = 0; q < 4; q++) assertEquals(a[q], b[q], 0.0, "t " + t + " q " + q);
    }
  }

  @Test
  void keptParentPriorEqualsPriorFromParentsToTheBit() {
    // CompiledLayer keeps each node's image-independent part at an offset in shared arrays
    Random rnd = new Random(3);
    double[] weight = new double[40], again = new double[40], node = new double[3 * 3];
    for (int t = 0; t < 5000; t++) {
      int m = 1 + rnd.nextInt(15);
      int off = rnd.nextInt(40 - m + 1);
      int index = rnd.nextInt(3);
      double[] r = new double[m], c = new double[m], s = new double[m];
      for (int k = 0; k < m; k++) {
        r[k] = rnd.nextGaussian() * 3;
        c[k] = rnd.nextGaussian() * 3;
        s[k] = 0.3 + rnd.nextDouble() * 3;
      }
      double[] a = new double[4], b = new double[4];
      Kernels.priorFromParents(m, r, c, s, a);
      Kernels.ParentPrior pp = new Kernels.ParentPrior(15);
      pp.setParents(m, s);
      pp.copyTo(weight, again, off, node, index);
      Kernels.ParentPrior.evaluate(
          m,
          weight,
          again,
          off,
          node[3 * index],
          node[3 * index + 1],
          node[3 * index + 2],
          r,
          c,
          b);
      for (int q = 0; q < 4; q++) assertEquals(a[q], b[q], 0.0, "t " + t + " q " + q);
    }
  }

  @Test
  void wholeMapSearchWithKeptFactorsEqualsTheDirectOneToTheBit() {
    Random rnd = new Random(4);
    int h = 13, w = 9;
    float[] resp = new float[h * w];
    for (int t = 0; t < 2000; t++) {
      for (int k = 0; k < resp.length; k++) {
        resp[k] = rnd.nextInt(3) == 0 ? 0f : rnd.nextFloat();
      }
      double cr = rnd.nextDouble() * h, cc = rnd.nextDouble() * w;
      double st = 0.3 + rnd.nextDouble() * 3, lambda = rnd.nextDouble();
      double[] a = new double[6], b = new double[6];
      Kernels.inferNodeMap(
          resp,
          0,
          h,
          w,
          cr,
          cc,
          st,
          lambda,
          InferenceScore.LINEAR,
          new double[h],
          new double[w],
          a);
      double[] rows = new double[2 * h], cols = new double[3 * w];
      Kernels.mapFactors(h, w, cr, cc, st, lambda, rows, h, cols, 2 * w);
      Kernels.scoreMap(resp, 0, h, w, cr, cc, InferenceScore.LINEAR, rows, h, cols, 2 * w, b);
      for (int q = 0; q < 6; q++) assertEquals(a[q], b[q], 0.0, "t " + t + " q " + q);
    }
  }

  @Test
  void columnMasksAnswerTheBoxQueryAsPrefixCountsDo() {
    Random rnd = new Random(5);
    int channels = 3;
    for (int w : new int[] {1, 13, 27, 63, 64}) {
      int h = 1 + rnd.nextInt(30);
      float[][] maps = new float[4][channels * h * w];
      for (float[] m : maps) {
        for (int k = 0; k < m.length; k++) {
          m[k] = rnd.nextInt(8) == 0 ? rnd.nextFloat() : 0f;
        }
      }
      long[] masks = PositiveCells.positiveColumnMasks(maps, channels, h, w);
      int[] counts = new int[(h + 1) * (w + 1)];
      for (int i = 0; i < maps.length; i++) {
        for (int c = 0; c < channels; c++) {
          PositiveCells.positivePrefixCounts(maps[i], c * h * w, h, w, counts);
          for (int t = 0; t < 300; t++) {
            int r0 = rnd.nextInt(h), r1 = r0 + rnd.nextInt(h - r0);
            int c0 = rnd.nextInt(w), c1 = c0 + rnd.nextInt(w - c0);
            assertEquals(
                PositiveCells.anyPositive(counts, w, r0, r1, c0, c1),
                PositiveCells.anyPositive(masks, (i * channels + c) * h, r0, r1, c0, c1),
                "w " + w + " box " + r0 + ".." + r1 + " x " + c0 + ".." + c1);
          }
        }
      }
    }
  }

  @Test
  void sparseMixtureEqualsTheFullMapDensityToTheBit() {
    Random rnd = new Random(2);
    int h = 13, w = 11, n = 7;
    for (int t = 0; t < 2000; t++) {
      double[] cr = new double[n], cc = new double[n], s = new double[n], l = new double[n];
      for (int v = 0; v < n; v++) {
        cr[v] = rnd.nextDouble() * h;
        cc[v] = rnd.nextDouble() * w;
        s[v] = 0.3 + rnd.nextDouble() * 3;
        l[v] = rnd.nextDouble();
      }
      float[] dens = new float[h * w];
      MixtureDensity.mixtureDensity(n, cr, cc, s, l, h, w, dens, new float[w]);
      MixtureDensity.SparseMixture sm = new MixtureDensity.SparseMixture(h, w, n);
      sm.clearCells();
      for (int r = 0; r < h; r++) if (rnd.nextBoolean()) sm.needRow(r);
      for (int c = 0; c < w; c++) if (rnd.nextBoolean()) sm.needCol(c);
      if (t % 2 == 0) sm.compute(cr, cc, s, l);
      else {
        sm.tabulate(cr, cc, s, l);
        sm.computeFromTables();
      }
      // the tabulated path is exact; compute() takes its Gaussian factors from gaussianRun,
      // equal to Math.exp's up to double rounding, so a float cell may differ in its last bit
      float tolerance = t % 2 == 0 ? 2e-6f : 0f;
      for (int r = 0; r < h; r++)
        for (int c = 0; c < w; c++)
          if (sm.rowIndex(r) >= 0 && sm.colIndex(c) >= 0) {
            float expected = dens[r * w + c];
            assertEquals(
                expected,
                sm.density[sm.rowIndex(r) * sm.colCount() + sm.colIndex(c)],
                tolerance * expected);
          }
    }
  }

  @Test
  void gaussianRunEqualsTheExponentialsFarBelowFloatPrecision() {
    Random rnd = new Random(3);
    for (int t = 0; t < 10000; t++) {
      int n = 1 + rnd.nextInt(40);
      double centre = rnd.nextDouble() * (n + 4) - 2;
      double s = 0.05 + rnd.nextDouble() * 8;
      double s2 = 2 * s * s;
      double[] run = new double[n];
      MixtureDensity.gaussianRun(centre, s2, n, run);
      for (int k = 0; k < n; k++) {
        double exact = Math.exp(-(k - centre) * (k - centre) / s2);
        if (exact > 1e-190) {
          assertEquals(exact, run[k], 1e-11 * exact, "t " + t + " k " + k);
        } else {
          // the run ends below 1e-200; values that small never reach the float density
          assertEquals(0, run[k], 1e-185, "t " + t + " k " + k);
        }
      }
    }
  }
}
