package io.xgraph.learner.em;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.ParentLink;
import io.xgraph.learner.model.Pattern;
import java.util.List;

/**
 * A learned layer flattened into arrays for fast inference: per node its channel, prior position
 * and deformation in cells, candidate offsets, and its parent links (upper-layer local index,
 * expected displacement and parent sigma in pixels).
 */
final class CompiledLayer {

  final LayerGeometry geometry;
  final int size;
  final int firstId;
  final int[] channel;
  final double[] muRow;
  final double[] muCol;
  final double[] sigma;
  final double[][] offsets;
  final int[] parentStart;
  final int[] parentLocal;
  final double[] parentDx;
  final double[] parentDy;
  final double[] parentSigmaPx;
  final InferenceScore rule;
  final InferenceSearch search;
  // prior width of nodes without parents (cells; the release's fixed 0.15 S or the own sigma)
  final double[] rootWidth;
  // the score of a node on an image: the sum over its candidates [release] or the best one
  final boolean bestScore;
  final boolean posteriorMean;
  // The parts of each node's prior that do not depend on the image, computed once here rather
  // than per image (Kernels.ParentPrior): parent weights per link, {sumW, sigma~, log ratio} per
  // node; and for the whole-map search, the prior's row and column factors of nodes without
  // parents [v * h + row], [v * w + col] (their prior is the same on every image).
  private final double[] linkWeight;
  private final double[] linkWeightAgain;
  private final double[] nodePrior;
  private final double[] rootRowFactor;
  private final double[] rootColFactor;

  CompiledLayer(GraphLayer layer, int upperFirstId, LearnerParameters p) {
    this(layer, upperFirstId, p, 0, 0);
  }

  /**
   * As above, with the deformations clamped from below: this layer's sigma_V at {@code
   * sigmaFloorPx} and the parents' sigma at {@code parentSigmaFloorPx} (pixels). Learning clamps
   * sigma the same way, so for a graph inferred with the parameters it was learned with this
   * changes nothing; a larger floor at inference is an experiment on the learned graph.
   */
  CompiledLayer(
      GraphLayer layer,
      int upperFirstId,
      LearnerParameters p,
      double sigmaFloorPx,
      double parentSigmaFloorPx) {
    this.geometry = layer.geometry();
    List<Pattern> patterns = layer.patterns();
    this.size = patterns.size();
    this.firstId = size == 0 ? 0 : patterns.get(0).id();
    this.rule = p.inferenceScore();
    this.search = p.inferenceSearch();
    this.bestScore = p.departs(Departure.BEST_SCORE);
    this.posteriorMean = p.inferencePosition() == InferencePosition.POSTERIOR_MEAN;
    channel = new int[size];
    rootWidth = new double[size];
    muRow = new double[size];
    muCol = new double[size];
    sigma = new double[size];
    offsets = new double[size][];
    parentStart = new int[size + 1];
    int links = 0;
    for (Pattern pt : patterns) {
      links += pt.parents().size();
    }
    parentLocal = new int[links];
    parentDx = new double[links];
    parentDy = new double[links];
    parentSigmaPx = new double[links];
    double side = Kernels.side(geometry.height(), geometry.width());
    int k = 0;
    for (int v = 0; v < size; v++) {
      Pattern pt = patterns.get(v);
      if (pt.id() != firstId + v) {
        throw new IllegalArgumentException(
            "Pattern ids of layer `"
                + geometry.name()
                + "` are not dense: expected "
                + (firstId + v)
                + ", found "
                + pt.id());
      }
      channel[v] = pt.channel();
      muRow[v] = geometry.row(pt.muY());
      muCol[v] = geometry.col(pt.muX());
      sigma[v] = Math.max(pt.sigma(), sigmaFloorPx) / geometry.stride();
      offsets[v] = Kernels.candidateOffsets(side, sigma[v], p);
      rootWidth[v] = Kernels.rootPriorWidth(side, sigma[v], p);
      parentStart[v] = k;
      for (ParentLink link : pt.parents()) {
        parentLocal[k] = link.parentId() - upperFirstId;
        parentDx[k] = link.dx();
        parentDy[k] = link.dy();
        parentSigmaPx[k] = Math.max(link.parentSigma(), parentSigmaFloorPx);
        k++;
      }
    }
    parentStart[size] = k;
    linkWeight = new double[links];
    linkWeightAgain = new double[links];
    nodePrior = new double[3 * size];
    setUpParentPriors();
    int h = geometry.height();
    int w = geometry.width();
    boolean tabulateRoots = search == InferenceSearch.MAP;
    rootRowFactor = new double[tabulateRoots ? size * h : 0];
    rootColFactor = new double[tabulateRoots ? size * w : 0];
    if (tabulateRoots) {
      for (int v = 0; v < size; v++) {
        if (parentStart[v + 1] == parentStart[v]) {
          Kernels.mapFactors(
              h,
              w,
              muRow[v],
              muCol[v],
              rootWidth[v],
              1,
              rootRowFactor,
              v * h,
              rootColFactor,
              v * w);
        }
      }
    }
  }

  private void setUpParentPriors() {
    int maxParents = 0;
    for (int v = 0; v < size; v++) {
      maxParents = Math.max(maxParents, parentStart[v + 1] - parentStart[v]);
    }
    Kernels.ParentPrior prior = new Kernels.ParentPrior(maxParents);
    double[] iSig = new double[maxParents];
    double stride = geometry.stride();
    for (int v = 0; v < size; v++) {
      int m = parentStart[v + 1] - parentStart[v];
      if (m == 0) {
        continue;
      }
      for (int j = 0; j < m; j++) {
        iSig[j] = parentSigmaPx[parentStart[v] + j] / stride;
      }
      prior.setParents(m, iSig);
      prior.copyTo(linkWeight, linkWeightAgain, parentStart[v], nodePrior, v);
    }
  }

  /**
   * Infers every node of this layer on one image. {@code resp} is the image's response map R of
   * this layer; upperX/upperY the inferred positions (pixels) of the upper layer's nodes on the
   * same image (ignored for nodes without parents). Writes positions in pixels and raw scores.
   */
  void infer(
      float[] resp,
      float[] upperX,
      float[] upperY,
      int from,
      int to,
      float[] outX,
      float[] outY,
      float[] outRaw) {
    int h = geometry.height();
    int w = geometry.width();
    int plane = h * w;
    int maxParents = 0;
    for (int v = from; v < to; v++) {
      maxParents = Math.max(maxParents, parentStart[v + 1] - parentStart[v]);
    }
    double[] iRow = new double[maxParents];
    double[] iCol = new double[maxParents];
    double[] prior = new double[4];
    double[] best = new double[6];
    double[] gRow = new double[h];
    double[] gCol = new double[w];
    for (int v = from; v < to; v++) {
      int m = parentStart[v + 1] - parentStart[v];
      double cr;
      double cc;
      double st;
      double lambda;
      if (m == 0) {
        cr = muRow[v];
        cc = muCol[v];
        st = rootWidth[v];
        lambda = 1;
      } else {
        int first = parentStart[v];
        for (int j = 0; j < m; j++) {
          int k = first + j;
          int u = parentLocal[k];
          iRow[j] = geometry.row(upperY[u] + parentDy[k]);
          iCol[j] = geometry.col(upperX[u] + parentDx[k]);
        }
        // the same values as Kernels.priorFromParents, its image-independent part kept
        Kernels.ParentPrior.evaluate(
            m,
            linkWeight,
            linkWeightAgain,
            first,
            nodePrior[3 * v],
            nodePrior[3 * v + 1],
            nodePrior[3 * v + 2],
            iRow,
            iCol,
            prior);
        cr = prior[0];
        cc = prior[1];
        st = prior[2];
        lambda = prior[3];
      }
      if (search == InferenceSearch.MAP && m == 0) {
        Kernels.scoreMap(
            resp,
            channel[v] * plane,
            h,
            w,
            cr,
            cc,
            rule,
            rootRowFactor,
            v * h,
            rootColFactor,
            v * w,
            best);
      } else if (search == InferenceSearch.MAP) {
        Kernels.inferNodeMap(
            resp, channel[v] * plane, h, w, cr, cc, st, lambda, rule, gRow, gCol, best);
      } else {
        Kernels.inferNode(
            resp, channel[v] * plane, h, w, cr, cc, st, lambda, offsets[v], rule, best);
      }
      outX[v] = (float) geometry.x(posteriorMean ? best[5] : best[1]);
      outY[v] = (float) geometry.y(posteriorMean ? best[4] : best[0]);
      outRaw[v] = (float) (bestScore ? best[2] : best[3]);
    }
  }
}
