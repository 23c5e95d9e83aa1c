package io.xgraph.learner.em;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.Pattern;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The finished upper layer as the lower layer's learning sees it: the parents' priors and their
 * inferred positions on the training images, and the candidate parents [release]: drop the fraction
 * whose positions vary least, drop those whose mean position is near the border, keep the best by
 * total score. Candidate displacements D (inferred position minus its mean over images, pixels) are
 * laid out image-major for the vectorised parent scoring.
 */
final class UpperLayer {
  final LayerGeometry geometry;
  final int size;
  final int firstId;
  final double[] muX;
  final double[] muY;
  final double[] sigmaPx;
  // mean inferred position over the training images (pixels): the origin of a parent's shift
  final double[] meanX;
  final double[] meanY;
  final TrainInference inferred;
  final int[] candidates;
  final float[] candDx;
  final float[] candDy;

  UpperLayer(GraphLayer layer, TrainInference inferred, LearnerParameters p) {
    this.geometry = layer.geometry();
    List<Pattern> patterns = layer.patterns();
    this.size = patterns.size();
    this.firstId = size == 0 ? 0 : patterns.get(0).id();
    this.inferred = inferred;
    muX = new double[size];
    muY = new double[size];
    sigmaPx = new double[size];
    for (int u = 0; u < size; u++) {
      muX[u] = patterns.get(u).muX();
      muY[u] = patterns.get(u).muY();
      sigmaPx[u] = patterns.get(u).sigma();
    }
    int images = inferred.images;
    meanX = new double[size];
    meanY = new double[size];
    double[] variance = new double[size];
    double[] total = new double[size];
    for (int i = 0; i < images; i++) {
      for (int u = 0; u < size; u++) {
        meanX[u] += inferred.x[i * size + u];
        meanY[u] += inferred.y[i * size + u];
        total[u] += inferred.score[i * size + u];
      }
    }
    for (int u = 0; u < size; u++) {
      meanX[u] /= images;
      meanY[u] /= images;
    }
    for (int i = 0; i < images; i++) {
      for (int u = 0; u < size; u++) {
        double dx = inferred.x[i * size + u] - meanX[u];
        double dy = inferred.y[i * size + u] - meanY[u];
        variance[u] += dx * dx + dy * dy;
      }
    }
    this.candidates = chooseCandidates(meanX, meanY, variance, total, p);
    int pc = candidates.length;
    candDx = new float[images * pc];
    candDy = new float[images * pc];
    for (int i = 0; i < images; i++) {
      for (int k = 0; k < pc; k++) {
        int u = candidates[k];
        candDx[i * pc + k] = (float) (inferred.x[i * size + u] - meanX[u]);
        candDy[i * pc + k] = (float) (inferred.y[i * size + u] - meanY[u]);
      }
    }
  }

  private int[] chooseCandidates(
      double[] meanX, double[] meanY, double[] variance, double[] total, LearnerParameters p) {
    List<Integer> all = new ArrayList<>();
    for (int u = 0; u < size; u++) {
      all.add(u);
    }
    // Drop the least varying fraction: nodes stuck at one place carry no spatial information.
    List<Integer> byVariance = new ArrayList<>(all);
    byVariance.sort(Comparator.comparingDouble((Integer u) -> variance[u]).thenComparing(u -> u));
    int drop = (int) Math.floor(size * p.parentVarianceDropFraction());
    List<Integer> kept = new ArrayList<>(byVariance.subList(drop, size));
    double margin = p.parentBorderFraction() * Kernels.side(geometry.height(), geometry.width());
    List<Integer> inside = new ArrayList<>();
    for (int u : kept) {
      double row = geometry.row(meanY[u]);
      double col = geometry.col(meanX[u]);
      if (row >= margin
          && col >= margin
          && row <= geometry.height() - 1 - margin
          && col <= geometry.width() - 1 - margin) {
        inside.add(u);
      }
    }
    // Too few left (tiny synthetic maps): fall back rather than starve the children of parents.
    List<Integer> pool = inside.size() >= p.parentCount() ? inside : kept;
    if (pool.size() < p.parentCount()) {
      pool = all;
    }
    pool.sort(Comparator.comparingDouble((Integer u) -> -total[u]).thenComparing(u -> u));
    int limit = Math.min(p.parentCandidateLimit(), pool.size());
    int[] out = new int[limit];
    for (int k = 0; k < limit; k++) {
      out[k] = pool.get(k);
    }
    return out;
  }
}
