package io.xgraph.learner.em;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * EM for one layer of the graph (paper Algorithm 1; docs/algorithm.md steps 1-5). Filters are
 * independent given the upper layer, so every step runs in parallel over filters; all positions
 * here are cells of this layer's map, parent displacements are converted from pixels with this
 * layer's own stride.
 *
 * <p>Longer than 500 lines on purpose: the layer's EM state (node arrays, cached priors, parent
 * shifts) is shared by initialisation, parent selection, the iterations and the final inference,
 * and splitting those steps apart would pass a dozen arrays between files; one filter's E- and
 * M-step is {@link FilterEm}.
 */
final class LayerLearner {

  private final LayerGeometry geo;
  final LearnerParameters p;
  final float[][] resp;
  private final UpperLayer upper;
  private final ForkJoinPool pool;
  private final int firstId;
  final int nodesPerFilter;
  final int channels;
  final int h;
  final int w;
  final int images;
  final double side;
  private final double sigmaMax;
  private final double sigmaFloor;
  final double[] muRow;
  final double[] muCol;
  final double[] sigma;
  final int[][] parents;
  // Last E-step's inferred position (cells) and score per node and image, node-major [v * images +
  // i].
  final float[] recRow;
  final float[] recCol;
  final float[] recScore;
  // The prior from the parents per node and image [v * images + i] (eq. 3-4) depends on mu_V only
  // through a shift of its centre: centre - mu_V, sigma~ and lambda are cached when the parents
  // are selected and reused until the next selection.
  final double[] priorRow;
  final double[] priorCol;
  final double[] priorSigma;
  final double[] priorLambda;
  // Upper layer's displacement p_V' - mu_V' in this layer's cells, parent-major [u * images + i],
  // so caching the priors reads each parent's images contiguously.
  private final double[] parentRow;
  private final double[] parentCol;
  // Per image, channel and row, the bit mask of the columns where R > 0 [(i * channels + c) * h +
  // row], made once per layer (maps up to 64 columns wide; null otherwise): the E-step asks "any
  // R > 0 in this node's window" of every node on every image in every iteration.
  final long[] positiveColumns;
  private int iterationsRun;

  LayerLearner(
      LayerGeometry geo,
      int layerCount,
      int firstId,
      LearnerParameters p,
      float[][] resp,
      UpperLayer upper,
      ForkJoinPool pool,
      SplittableRandom rng) {
    this.geo = geo;
    this.p = p;
    this.resp = resp;
    this.upper = upper;
    this.pool = pool;
    this.firstId = firstId;
    this.channels = geo.channels();
    this.h = geo.height();
    this.w = geo.width();
    this.images = resp.length;
    this.side = Kernels.side(h, w);
    double rho = p.rho(geo.index(), layerCount);
    this.nodesPerFilter = nodesPerFilter(geo, rho);
    this.sigmaMax = Kernels.sigmaMax(rho);
    this.sigmaFloor = sigmaMax / p.sigmaFloorDivisor();
    int total = channels * nodesPerFilter;
    muRow = new double[total];
    muCol = new double[total];
    sigma = new double[total];
    parents = new int[total][];
    recRow = new float[total * images];
    recCol = new float[total * images];
    recScore = new float[total * images];
    int cached = upper == null ? 0 : total * images;
    priorRow = new double[cached];
    priorCol = new double[cached];
    priorSigma = new double[cached];
    priorLambda = new double[cached];
    int upperCells = upper == null ? 0 : upper.size * images;
    parentRow = new double[upperCells];
    parentCol = new double[upperCells];
    if (upper != null) {
      int us = upper.size;
      double stride = geo.stride();
      double[] originX = parentOriginX(upper, p);
      double[] originY = parentOriginY(upper, p);
      for (int u = 0; u < us; u++) {
        for (int i = 0; i < images; i++) {
          parentRow[u * images + i] = (upper.inferred.y[i * us + u] - originY[u]) / stride;
          parentCol[u * images + i] = (upper.inferred.x[i * us + u] - originX[u]) / stride;
        }
      }
    }
    positiveColumns =
        w <= Long.SIZE ? PositiveCells.positiveColumnMasks(resp, channels, h, w) : null;
    double sigma0 = clampSigma(p.initialSigmaFraction() * side);
    int[] cells = new int[h * w];
    for (int c = 0; c < channels; c++) {
      // Distinct random cells [release]: a partial Fisher-Yates shuffle per filter.
      for (int k = 0; k < cells.length; k++) {
        cells[k] = k;
      }
      for (int v = 0; v < nodesPerFilter; v++) {
        int j = v + rng.nextInt(cells.length - v);
        int t = cells[v];
        cells[v] = cells[j];
        cells[j] = t;
        int g = c * nodesPerFilter + v;
        muRow[g] = cells[v] / w;
        muCol[g] = cells[v] % w;
        sigma[g] = sigma0;
      }
    }
  }

  /**
   * Where a parent's shift on an image is measured from (pixels): its mean inferred position over
   * the training images [release], or its prior mu under {@link Departure#PARENT_SHIFT_FROM_MU}.
   * The edge's stored displacement is mu_V minus this origin, so inference on a new image computes
   * the same shift from the stored graph alone.
   */
  private static double[] parentOriginX(UpperLayer upper, LearnerParameters p) {
    return p.departs(Departure.PARENT_SHIFT_FROM_MU) ? upper.muX : upper.meanX;
  }

  private static double[] parentOriginY(UpperLayer upper, LearnerParameters p) {
    return p.departs(Departure.PARENT_SHIFT_FROM_MU) ? upper.muY : upper.meanY;
  }

  /** N = ceil(rho * S^2), at most the number of cells. */
  static int nodesPerFilter(LayerGeometry geo, double rho) {
    double s = Kernels.side(geo.height(), geo.width());
    return (int) Math.min((long) geo.height() * geo.width(), (long) Math.ceil(rho * s * s - 1e-9));
  }

  int nodeCount() {
    return channels * nodesPerFilter;
  }

  double clampSigma(double s) {
    return Math.max(sigmaFloor, Math.min(sigmaMax, s));
  }

  /**
   * Runs the T iterations; {@code parentsSelected} runs after each parent selection, {@code
   * iterationDone} after each iteration with its 1-based number.
   */
  void run(Runnable parentsSelected, IntConsumer iterationDone) {
    double stopShift = p.convergenceShift();
    double[] lastRow = stopShift > 0 ? new double[nodeCount()] : null;
    double[] lastCol = stopShift > 0 ? new double[nodeCount()] : null;
    double[] lastSigma = stopShift > 0 ? new double[nodeCount()] : null;
    for (int t = 1; t <= p.iterations(); t++) {
      if (stopShift > 0) {
        System.arraycopy(muRow, 0, lastRow, 0, muRow.length);
        System.arraycopy(muCol, 0, lastCol, 0, muCol.length);
        System.arraycopy(sigma, 0, lastSigma, 0, sigma.length);
      }
      // First iteration of a lower layer: no parents yet, plain Gaussian prior [release].
      boolean withParents = upper != null && t >= 2;
      int iteration = t;
      // parents change slowly once the layer settles: re-select at t = 2, 2 + k, 2 + 2k, ...
      boolean reselect = withParents && (t - 2) % p.parentReselectInterval() == 0;
      if (reselect) {
        double msd = meanSquaredDisplacementDistance();
        pool.submit(
                () ->
                    IntStream.range(0, channels)
                        .parallel()
                        .forEach(
                            c -> {
                              selectParents(c, msd);
                              cachePriors(c);
                            }))
            .join();
        parentsSelected.run();
      }
      // the filters' E-step state, set up by the noise pass and reused by the E-step (their
      // tabulated Gaussians and candidate offsets are the same in both)
      FilterEm[] filters = new FilterEm[channels];
      double[] layerTau =
          p.departs(Departure.FILTER_NOISE) ? null : layerNoise(withParents, filters);
      double minWidth = smallestPriorWidth(withParents);
      pool.submit(
              () ->
                  IntStream.range(0, channels)
                      .parallel()
                      .forEach(
                          c -> emFilter(c, iteration, withParents, layerTau, minWidth, filters)))
          .join();
      iterationDone.accept(t);
      iterationsRun = t;
      if (stopShift > 0
          && t >= LearnerParameters.MIN_ITERATIONS_BEFORE_STOP
          && converged(lastRow, lastCol, lastSigma, stopShift)) {
        break;
      }
    }
  }

  /** Iterations the last {@link #run} made (fewer than T when it stopped on convergence). */
  int iterationsRun() {
    return iterationsRun;
  }

  /** True when the last iteration moved mu_V and changed sigma_V by less than {@code shift} rms. */
  private boolean converged(double[] lastRow, double[] lastCol, double[] lastSigma, double shift) {
    double move = 0;
    double change = 0;
    for (int g = 0; g < muRow.length; g++) {
      double dr = muRow[g] - lastRow[g];
      double dc = muCol[g] - lastCol[g];
      double ds = sigma[g] - lastSigma[g];
      move += dr * dr + dc * dc;
      change += ds * ds;
    }
    int n = Math.max(1, muRow.length);
    return Math.sqrt(move / n) < shift && Math.sqrt(change / n) < shift;
  }

  // ---- step 1: parents ----------------------------------------------------------------------

  /** Child displacement D_V^I (pixels) from the last E-step, and its mean position. */
  private void childDisplacements(int g, float[] dx, float[] dy) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < images; i++) {
      dx[i] = (float) geo.x(recCol[g * images + i]);
      dy[i] = (float) geo.y(recRow[g * images + i]);
      mx += dx[i];
      my += dy[i];
    }
    mx /= images;
    my /= images;
    for (int i = 0; i < images; i++) {
      dx[i] -= (float) mx;
      dy[i] -= (float) my;
    }
  }

  /**
   * Mean of ||D_V^I - D_V'^I||^2 over all children V, candidates V' and images I, computed exactly
   * as mean|D_V|^2 + mean|D_V'|^2 - 2 mean_I(mean_V D_V^I . mean_V' D_V'^I).
   */
  private double meanSquaredDisplacementDistance() {
    int total = nodeCount();
    int pc = upper.candidates.length;
    double[] childMeanX = new double[images];
    double[] childMeanY = new double[images];
    double childSq = 0;
    float[] dx = new float[images];
    float[] dy = new float[images];
    for (int g = 0; g < total; g++) {
      childDisplacements(g, dx, dy);
      for (int i = 0; i < images; i++) {
        childMeanX[i] += dx[i];
        childMeanY[i] += dy[i];
        childSq += dx[i] * dx[i] + dy[i] * dy[i];
      }
    }
    double candSq = 0;
    double cross = 0;
    for (int i = 0; i < images; i++) {
      double cx = 0;
      double cy = 0;
      for (int k = 0; k < pc; k++) {
        float a = upper.candDx[i * pc + k];
        float b = upper.candDy[i * pc + k];
        cx += a;
        cy += b;
        candSq += a * a + b * b;
      }
      cross += (childMeanX[i] / total) * (cx / pc) + (childMeanY[i] / total) * (cy / pc);
    }
    double msd =
        childSq / ((double) total * images) + candSq / ((double) pc * images) - 2 * cross / images;
    return msd > 1e-9 ? msd : 1.0;
  }

  /**
   * E_V for every node of filter c: the M candidates maximising sum_I s_V^I exp(-||D_V^I -
   * D_V'^I||^2 / (2 msd)) [release]. The sum runs over the child's {@code parentTopImages} best
   * images (all when 0) whose score is above {@code parentImageCutoff} times its maximum: the other
   * terms are small because s_V^I is.
   */
  private void selectParents(int c, double msd) {
    int pc = upper.candidates.length;
    int m = Math.min(p.parentCount(), pc);
    int n = nodesPerFilter;
    int k = p.parentTopImages() > 0 ? Math.min(p.parentTopImages(), images) : images;
    float[] acc = new float[pc];
    float[] dx = new float[images];
    float[] dy = new float[images];
    float[] scores = new float[images];
    int[] chosen = new int[images];
    float inv = (float) (1.0 / (2 * msd));
    float[] candDx = upper.candDx;
    float[] candDy = upper.candDy;
    for (int v = 0; v < n; v++) {
      int g = c * n + v;
      childDisplacements(g, dx, dy);
      System.arraycopy(recScore, g * images, scores, 0, images);
      int used = Ranking.topImageIndices(scores, k, p.parentImageCutoff(), chosen);
      Arrays.fill(acc, 0f);
      for (int j = 0; j < used; j++) {
        int i = chosen[j];
        float s = scores[i];
        float cx = dx[i];
        float cy = dy[i];
        int base = i * pc;
        // candidates innermost over contiguous floats: the JIT vectorises this loop
        for (int q = 0; q < pc; q++) {
          float ex = cx - candDx[base + q];
          float ey = cy - candDy[base + q];
          acc[q] += s * Kernels.fastExpNegative(-(ex * ex + ey * ey) * inv);
        }
      }
      parents[g] = Ranking.topIndices(acc, m, upper.candidates);
    }
  }

  /**
   * Caches the parents' part of the prior of every node of filter c on every image: the implied
   * centres mu_V + (p_V' - mu_V') enter eq. 3-4 only through their weighted mean and spread, so the
   * prior centre minus mu_V, sigma~ and lambda do not change while the parents stay.
   */
  private void cachePriors(int c) {
    int n = nodesPerFilter;
    int maxParents = 0;
    for (int v = 0; v < n; v++) {
      maxParents = Math.max(maxParents, parents[c * n + v].length);
    }
    Kernels.ParentPrior prior = new Kernels.ParentPrior(maxParents);
    double[] out = new double[4];
    double stride = geo.stride();
    double[] iSig = new double[maxParents];
    for (int v = 0; v < n; v++) {
      int g = c * n + v;
      int[] e = parents[g];
      int m = e.length;
      for (int j = 0; j < m; j++) {
        iSig[j] = upper.sigmaPx[e[j]] / stride;
      }
      // the image-independent part (weights, sigma~, the log terms of lambda) once per node
      prior.setParents(m, iSig);
      for (int i = 0; i < images; i++) {
        for (int j = 0; j < m; j++) {
          // p_V' - mu_V', the parent's displacement in this layer's cells (parent-major copy)
          int u = e[j];
          prior.impliedRow[j] = parentRow[u * images + i];
          prior.impliedCol[j] = parentCol[u * images + i];
        }
        prior.evaluate(out);
        int pi = g * images + i;
        priorRow[pi] = out[0];
        priorCol[pi] = out[1];
        priorSigma[pi] = out[2];
        priorLambda[pi] = out[3];
      }
    }
  }

  // ---- steps 2-4: prior, E-step, M-step ---------------------------------------------------

  private void emFilter(
      int c, int t, boolean withParents, double[] layerTau, double minWidth, FilterEm[] filters) {
    FilterEm em = filters[c] != null ? filters[c] : new FilterEm(this, c, withParents);
    filters[c] = null;
    for (int i = 0; i < images; i++) {
      em.image(i, layerTau == null ? Double.NaN : layerTau[i]);
    }
    em.mStep(t, minWidth);
  }

  /**
   * tau_I per image over the whole layer [release]: tau times the mean over every node of the layer
   * of sum_o G (a first pass over the priors; the E-step needs it before any filter runs). The
   * filters' state it sets up is left in {@code filters} for the E-step.
   */
  private double[] layerNoise(boolean withParents, FilterEm[] filters) {
    double[][] perFilter = new double[channels][];
    pool.submit(
            () ->
                IntStream.range(0, channels)
                    .parallel()
                    .forEach(
                        c -> {
                          filters[c] = new FilterEm(this, c, withParents);
                          perFilter[c] = filters[c].priorSums();
                        }))
        .join();
    double[] tauI = new double[images];
    for (int i = 0; i < images; i++) {
      double s = 0;
      for (int c = 0; c < channels; c++) {
        s += perFilter[c][i];
      }
      tauI[i] = p.tau() * s / nodeCount();
    }
    return tauI;
  }

  /**
   * The smallest prior width sigma~ over the layer's nodes and images (cells), which scales every
   * node's M-step [release: minDelta]. sigma~ of a node does not depend on the image: it comes from
   * its parents' sigmas, or is the fixed root width.
   */
  private double smallestPriorWidth(boolean withParents) {
    double min = Double.POSITIVE_INFINITY;
    if (withParents) {
      for (double s : priorSigma) {
        min = Math.min(min, s);
      }
    } else {
      for (double s : sigma) {
        min = Math.min(min, Kernels.rootPriorWidth(side, s, p));
      }
    }
    return min;
  }

  // ---- step 5 and the finished layer ----------------------------------------------------

  /**
   * The parameters of the inference that finishes a layer (scores, top images, the positions handed
   * to the next layer down): the release's window and best candidate, whatever {@code
   * inferenceSearch} and {@code inferencePosition} say; those choose how a learned graph is
   * inferred on an image ({@link GraphInference}), measured in docs/learner.md.
   */
  static LearnerParameters handDown(LearnerParameters p) {
    return p.withInferenceSearch(InferenceSearch.WINDOW)
        .withInferencePosition(InferencePosition.ARGMAX);
  }

  /** The learned layer and its inference on the training images (scores scaled, step 5). */
  record Result(GraphLayer layer, TrainInference inferred) {}

  Result finish(float[] negativeSigma, List<String> imageIds) {
    int total = nodeCount();
    List<Pattern> provisional = patterns(null, null, 1.0, imageIds);
    GraphLayer raw = new GraphLayer(geo, negativeSigma, 1.0, provisional);
    CompiledLayer compiled = new CompiledLayer(raw, upper == null ? 0 : upper.firstId, handDown(p));
    TrainInference inf =
        TrainInference.run(compiled, resp, upper == null ? null : upper.inferred, 1.0, pool);
    double scale = inf.meanScore();
    if (!(scale > 0)) {
      scale = 1.0;
    }
    inf.rescale(scale);
    List<Pattern> patterns = patterns(inf, compiled, scale, imageIds);
    if (patterns.size() != total) {
      throw new IllegalStateException("layer " + geo.name() + ": pattern count mismatch");
    }
    return new Result(new GraphLayer(geo, negativeSigma, scale, patterns), inf);
  }

  private List<Pattern> patterns(
      TrainInference inf, CompiledLayer compiled, double scale, List<String> imageIds) {
    int total = nodeCount();
    List<Pattern> out = new ArrayList<>(total);
    double[] scores = new double[images];
    double[] originX = upper == null ? null : parentOriginX(upper, p);
    double[] originY = upper == null ? null : parentOriginY(upper, p);
    for (int g = 0; g < total; g++) {
      double muX = geo.x(muCol[g]);
      double muY = geo.y(muRow[g]);
      List<ParentLink> links = new ArrayList<>();
      double meanScore = 0;
      List<Firing> top = List.of();
      if (inf != null) {
        for (int i = 0; i < images; i++) {
          scores[i] = inf.score[i * total + g];
          meanScore += scores[i];
        }
        meanScore /= images;
        top = topImages(inf, g, total, imageIds);
      }
      if (upper != null && parents[g] != null) {
        for (int u : parents[g]) {
          double co = 0;
          if (inf != null) {
            co = Ranking.pearson(scores, upper.inferred, u);
          }
          links.add(
              new ParentLink(
                  upper.firstId + u, muX - originX[u], muY - originY[u], upper.sigmaPx[u], co));
        }
      }
      out.add(
          new Pattern(
              firstId + g,
              geo.index(),
              g / nodesPerFilter,
              g % nodesPerFilter,
              muX,
              muY,
              sigma[g] * geo.stride(),
              meanScore,
              links,
              top));
    }
    return out;
  }

  private List<Firing> topImages(TrainInference inf, int g, int total, List<String> imageIds) {
    // score descending (Float.compare order), then image ascending, as one primitive sort key:
    // the high half is the score's order-preserving int flipped, the low half the image index
    long[] keys = new long[images];
    for (int i = 0; i < images; i++) {
      int bits = Float.floatToIntBits(inf.score[i * total + g]);
      int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
      keys[i] = ((long) ~ordered << 32) | i;
    }
    Arrays.sort(keys);
    int[] order = new int[images];
    for (int i = 0; i < images; i++) {
      order[i] = (int) keys[i];
    }
    int k = Math.min(p.topImageCount(), images);
    List<Firing> top = new ArrayList<>(k);
    for (int j = 0; j < k; j++) {
      int i = order[j];
      top.add(
          new Firing(
              imageIds.get(i),
              inf.x[i * total + g],
              inf.y[i * total + g],
              inf.score[i * total + g]));
    }
    return top;
  }

  // test access
  double[] muRowForTest() {
    return muRow.clone();
  }
}
