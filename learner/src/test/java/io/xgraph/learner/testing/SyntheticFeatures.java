package io.xgraph.learner.testing;

import io.xgraph.learner.data.FeatureSource;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.data.Point;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * An in-memory feature source with planted parts. Each image shows an "object" translated by a
 * random offset; its parts sit at {@link #PARTS} plus that offset plus a little jitter. Every
 * filter of every layer responds to two of the parts (a blob at the part's position in its own
 * cells) and to one noise peak at a random cell that moves independently of the object. Elsewhere f
 * = -1, as after the ingest normalisation. Part ids 1, 6 and 14 (CUB back, forehead, tail) are the
 * first three parts, so the stability metric can run on this source.
 */
public final class SyntheticFeatures implements FeatureSource {

  /** Base part positions (pixels, x then y) on the 128 x 128 input plane. */
  public static final double[][] PARTS = {{40, 40}, {88, 44}, {44, 88}, {86, 84}};

  /** CUB ids given to the parts (back, forehead, tail, and one more). */
  public static final int[] PART_IDS = {1, 6, 14, 2};

  public static final int INPUT = 128;

  private final List<LayerGeometry> layers;
  private final List<ImageRecord> images = new ArrayList<>();
  private final List<float[]>[] maps;

  /** Per image, the translation (x, y) of the object. */
  public final double[][] translation;

  /** Per layer, per image, per channel: the noise peak (row, col). */
  public final int[][][][] noise;

  /** Which parts filter {@code d} of layer {@code l} responds to. */
  public static int[] partsOf(int layer, int d) {
    return layer % 2 == 0 ? new int[] {d % 4, (d + 2) % 4} : new int[] {d % 4, (d + 1) % 4};
  }

  @SuppressWarnings("unchecked")
  public SyntheticFeatures(int trainImages, int testImages, int channels, long seed) {
    layers =
        List.of(
            new LayerGeometry("low", 0, channels, 16, 16, 8, 4, 20, INPUT),
            new LayerGeometry("high", 1, channels, 8, 8, 16, 8, 44, INPUT));
    Random rnd = new Random(seed);
    int count = trainImages + testImages;
    translation = new double[count][2];
    noise = new int[layers.size()][count][channels][2];
    maps = new List[layers.size()];
    for (int l = 0; l < layers.size(); l++) {
      maps[l] = new ArrayList<>();
    }
    for (int i = 0; i < count; i++) {
      double tx = (rnd.nextDouble() * 2 - 1) * 12;
      double ty = (rnd.nextDouble() * 2 - 1) * 12;
      translation[i] = new double[] {tx, ty};
      double[][] pos = new double[PARTS.length][2];
      Map<Integer, Point> parts = new HashMap<>();
      for (int j = 0; j < PARTS.length; j++) {
        pos[j][0] = PARTS[j][0] + tx + rnd.nextGaussian() * 1.5;
        pos[j][1] = PARTS[j][1] + ty + rnd.nextGaussian() * 1.5;
        parts.put(PART_IDS[j], new Point(pos[j][0], pos[j][1]));
      }
      images.add(new ImageRecord("img" + i, i < trainImages ? "train" : "test", parts));
      for (int l = 0; l < layers.size(); l++) {
        LayerGeometry g = layers.get(l);
        float[] m = new float[g.size()];
        Arrays.fill(m, -1f);
        for (int d = 0; d < channels; d++) {
          for (int j : partsOf(l, d)) {
            blob(m, g, d, g.row(pos[j][1]), g.col(pos[j][0]), 3 + 2 * rnd.nextDouble());
          }
          int nr = rnd.nextInt(g.height());
          int nc = rnd.nextInt(g.width());
          noise[l][i][d] = new int[] {nr, nc};
          blob(m, g, d, nr, nc, 2 + 2.5 * rnd.nextDouble());
        }
        maps[l].add(m);
      }
    }
  }

  private static void blob(float[] m, LayerGeometry g, int d, double row, double col, double amp) {
    int plane = g.height() * g.width();
    for (int r = 0; r < g.height(); r++) {
      for (int c = 0; c < g.width(); c++) {
        double d2 = (r - row) * (r - row) + (c - col) * (c - col);
        double v = amp * Math.exp(-d2 / (2 * 0.6 * 0.6));
        if (v > 0.05) {
          int k = d * plane + r * g.width() + c;
          m[k] = (float) Math.max(m[k], v);
        }
      }
    }
  }

  /** Mean position (pixels) of part j over the training images. */
  public double[] meanPartPosition(int j) {
    double x = 0;
    double y = 0;
    int n = 0;
    for (ImageRecord r : images) {
      if (r.isTrain()) {
        Point p = r.parts().get(PART_IDS[j]);
        x += p.x();
        y += p.y();
        n++;
      }
    }
    return new double[] {x / n, y / n};
  }

  @Override
  public String modelName() {
    return "synthetic";
  }

  @Override
  public String modelSha256() {
    return "0".repeat(64);
  }

  @Override
  public List<LayerGeometry> layers() {
    return layers;
  }

  @Override
  public List<ImageRecord> images() {
    return images;
  }

  @Override
  public void read(int layer, int image, float[] dest) {
    float[] m = maps[layer].get(image);
    System.arraycopy(m, 0, dest, 0, m.length);
  }

  @Override
  public float[] negativeSigma(int layer) {
    float[] s = new float[layers.get(layer).size()];
    Arrays.fill(s, 1f);
    return s;
  }
}
