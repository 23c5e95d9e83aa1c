package io.xgraph.learner.aog;

import io.xgraph.learner.data.Point;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A synthetic category with known answers, for tests and the selection-rule figures.
 *
 * <p>Each image has a part centre {@code g} drawn uniformly in a box of half-side {@code partRange}
 * around (111.5, 80). Pattern kinds, in index order:
 *
 * <ul>
 *   <li>rigid: fire at {@code g + r_p + N(0, (a + b |r_p|)^2)} (jitter grows with distance, as
 *       articulation does), with a configured probability; {@code |r_p|} in [10, 80] px;
 *   <li>frame-anchored: fire at a fixed {@code f_p + N(0, 3^2)} whatever the part does (patterns
 *       tied to the crop, not the part — mutually very consistent, useless for the part),
 *       probability 0.9;
 *   <li>random: fire anywhere with probability 0.5;
 *   <li>silent: never fire.
 * </ul>
 *
 * A fraction of images shows the object mirrored: the image is then the horizontal flip of a
 * canonical image, so rigid patterns (which detect the canonical appearance) do not fire rigidly on
 * it but do on its flip; on the flip of a canonical image they fire rarely and at random places.
 * Pooled descriptors carry the part position and the orientation plus noise.
 */
final class SyntheticCategory {

  static final double CENTER_X = 111.5;
  static final double CENTER_Y = 80.0;
  static final int DESCRIPTOR_DIM = 16;

  /** Shape of a synthetic category. */
  record Config(
      int rigid,
      int frameAnchored,
      int random,
      int silent,
      double partRange,
      double mirroredFraction,
      double jitterBase,
      double jitterSlope,
      double rigidFireProb) {

    /** Rigid jitter {@code 3 + 0.08 |r|} px, rigid patterns fire with probability 0.85. */
    Config(
        int rigid, int frameAnchored, int random, int silent, double partRange, double mirrored) {
      this(rigid, frameAnchored, random, silent, partRange, mirrored, 3, 0.08, 0.85);
    }

    int patterns() {
      return rigid + frameAnchored + random + silent;
    }
  }

  final Config config;
  final List<String> ids = new ArrayList<>();
  final Map<String, PatternResponses> responses = new LinkedHashMap<>();
  final Map<String, PatternResponses> flipped = new LinkedHashMap<>();
  final Map<String, Point> parts = new LinkedHashMap<>();
  final Map<String, Boolean> mirroredObject = new LinkedHashMap<>();
  final Map<String, float[]> descriptors = new LinkedHashMap<>();
  final Map<String, float[]> flippedDescriptors = new LinkedHashMap<>();
  final Map<String, PatternResponses> raw = new LinkedHashMap<>();

  /** Raw filters: the first {@value #RAW_LOOSE} follow the part loosely, the rest fire anywhere. */
  static final int RAW_FILTERS = 40;

  static final int RAW_LOOSE = 8;

  private final Random random;
  private final double[] rx;
  private final double[] ry;
  private final double[] fx;
  private final double[] fy;
  private final double[][] descriptorBasis;

  private SyntheticCategory(Config config, long seed) {
    this.config = config;
    this.random = new Random(seed);
    rx = new double[config.rigid()];
    ry = new double[config.rigid()];
    for (int p = 0; p < config.rigid(); p++) {
      double len = 10 + 70 * random.nextDouble();
      double angle = 2 * Math.PI * random.nextDouble();
      rx[p] = len * Math.cos(angle);
      ry[p] = len * Math.sin(angle);
    }
    fx = new double[config.frameAnchored()];
    fy = new double[config.frameAnchored()];
    for (int p = 0; p < config.frameAnchored(); p++) {
      fx[p] = 20 + 184 * random.nextDouble();
      fy[p] = 20 + 184 * random.nextDouble();
    }
    descriptorBasis = new double[4][DESCRIPTOR_DIM];
    for (double[] row : descriptorBasis) {
      for (int k = 0; k < DESCRIPTOR_DIM; k++) {
        row[k] = random.nextGaussian();
      }
    }
  }

  /** Generates {@code images} images named {@code img000...}. */
  static SyntheticCategory generate(Config config, int images, long seed) {
    SyntheticCategory c = new SyntheticCategory(config, seed);
    for (int n = 0; n < images; n++) {
      c.addImage(String.format("img%03d", n));
    }
    return c;
  }

  boolean isRigid(int patternIndex) {
    return patternIndex < config.rigid();
  }

  private void addImage(String id) {
    double range = config.partRange();
    Point canonicalPart =
        new Point(
            CENTER_X + range * (2 * random.nextDouble() - 1),
            CENTER_Y + range * (2 * random.nextDouble() - 1));
    boolean mirrored = random.nextDouble() < config.mirroredFraction();
    PatternResponses canonical = canonicalResponses(id, canonicalPart);
    PatternResponses confused = confusedResponses(id);
    Point part = mirrored ? ImagePlane.mirror(canonicalPart) : canonicalPart;
    ids.add(id);
    parts.put(id, part);
    mirroredObject.put(id, mirrored);
    responses.put(id, mirrored ? confused : canonical);
    flipped.put(id, mirrored ? canonical : confused);
    raw.put(id, rawResponses(id, part));
    descriptors.put(id, descriptor(part, mirrored ? -1 : 1));
    flippedDescriptors.put(id, descriptor(ImagePlane.mirror(part), mirrored ? 1 : -1));
  }

  /** Responses of an image showing the object in its canonical orientation. */
  private PatternResponses canonicalResponses(String id, Point g) {
    int pCount = config.patterns();
    float[] x = new float[pCount];
    float[] y = new float[pCount];
    float[] s = new float[pCount];
    boolean[] f = new boolean[pCount];
    int p = 0;
    for (int k = 0; k < config.rigid(); k++, p++) {
      double jitter = 3 + 0.08 * Math.hypot(rx[k], ry[k]);
      fire(
          x,
          y,
          s,
          f,
          p,
          0.85,
          g.x() + rx[k] + jitter * random.nextGaussian(),
          g.y() + ry[k] + jitter * random.nextGaussian());
    }
    p = fillFrameAndRandom(x, y, s, f, p);
    return new PatternResponses(id, x, y, s, f);
  }

  /**
   * Raw-filter responses: every filter has an argmax, so all fire; a few follow the part with a
   * large jitter (15 px), the others land anywhere.
   */
  private PatternResponses rawResponses(String id, Point g) {
    float[] x = new float[RAW_FILTERS];
    float[] y = new float[RAW_FILTERS];
    float[] s = new float[RAW_FILTERS];
    boolean[] f = new boolean[RAW_FILTERS];
    for (int p = 0; p < RAW_FILTERS; p++) {
      double px;
      double py;
      if (p < RAW_LOOSE) {
        px = g.x() + rx[p % rx.length] + 15 * random.nextGaussian();
        py = g.y() + ry[p % ry.length] + 15 * random.nextGaussian();
      } else {
        px = 224 * random.nextDouble();
        py = 224 * random.nextDouble();
      }
      x[p] = (float) Math.max(0, Math.min(223, px));
      y[p] = (float) Math.max(0, Math.min(223, py));
      s[p] = (float) (0.5 + random.nextDouble());
      f[p] = true;
    }
    return new PatternResponses(id, x, y, s, f);
  }

  /** Responses of an image whose object is mirrored relative to the rigid patterns' appearance. */
  private PatternResponses confusedResponses(String id) {
    int pCount = config.patterns();
    float[] x = new float[pCount];
    float[] y = new float[pCount];
    float[] s = new float[pCount];
    boolean[] f = new boolean[pCount];
    int p = 0;
    for (int k = 0; k < config.rigid(); k++, p++) {
      fire(x, y, s, f, p, 0.15, 224 * random.nextDouble(), 224 * random.nextDouble());
    }
    fillFrameAndRandom(x, y, s, f, p);
    return new PatternResponses(id, x, y, s, f);
  }

  private int fillFrameAndRandom(float[] x, float[] y, float[] s, boolean[] f, int p) {
    for (int k = 0; k < config.frameAnchored(); k++, p++) {
      fire(
          x, y, s, f, p, 0.9, fx[k] + 3 * random.nextGaussian(), fy[k] + 3 * random.nextGaussian());
    }
    for (int k = 0; k < config.random(); k++, p++) {
      fire(x, y, s, f, p, 0.5, 224 * random.nextDouble(), 224 * random.nextDouble());
    }
    for (int k = 0; k < config.silent(); k++, p++) {
      x[p] = Float.NaN; // never fired: values are ignored, NaN included
      y[p] = Float.NaN;
    }
    return p;
  }

  private void fire(
      float[] x, float[] y, float[] s, boolean[] f, int p, double prob, double px, double py) {
    double score = Math.max(0.05, 1 + 0.3 * random.nextGaussian());
    boolean on = random.nextDouble() < prob && px >= 0 && px <= 223 && py >= 0 && py <= 223;
    f[p] = on;
    x[p] = (float) px;
    y[p] = (float) py;
    s[p] = on ? (float) score : 0f;
  }

  private float[] descriptor(Point part, int orientation) {
    double ux = (part.x() - CENTER_X) / config.partRange();
    double uy = (part.y() - CENTER_Y) / config.partRange();
    float[] d = new float[DESCRIPTOR_DIM];
    for (int k = 0; k < DESCRIPTOR_DIM; k++) {
      d[k] =
          (float)
              (3 * descriptorBasis[0][k]
                  + ux * descriptorBasis[1][k]
                  + uy * descriptorBasis[2][k]
                  + orientation * descriptorBasis[3][k]
                  + 0.7 * random.nextGaussian());
    }
    return d;
  }

  /** Annotated examples of the given images. */
  List<AnnotatedExample> shots(List<String> imageIds) {
    List<AnnotatedExample> out = new ArrayList<>();
    for (String id : imageIds) {
      out.add(new AnnotatedExample(responses.get(id), parts.get(id)));
    }
    return out;
  }

  /** Responses of the given images. */
  List<PatternResponses> responsesOf(List<String> imageIds) {
    List<PatternResponses> out = new ArrayList<>();
    for (String id : imageIds) {
      out.add(responses.get(id));
    }
    return out;
  }
}
