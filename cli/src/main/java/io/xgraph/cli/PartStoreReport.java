package io.xgraph.cli;

import io.xgraph.learner.aog.bridge.PartDefinition;
import io.xgraph.learner.eval.SampleStatistics;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@code part eval --through-store} ({@link PartStoreEvaluation}) measured, and its tables.
 */
final class PartStoreReport {

  private PartStoreReport() {}

  /**
   * One part's figures over the draws.
   *
   * @param part the part
   * @param testImages test images with the part
   * @param partEval per-draw mean normalized distance of part eval (feature-store responses)
   * @param learnerOnCnn per-draw mean of the learner kernel on the procedures' inputs
   * @param procedures per-draw mean of xg.part.learn / xg.part.localize
   * @param identical localisations where the procedure's point equals the learner's (1e-6 px)
   * @param compared localisations compared
   * @param maxDifferencePx largest distance between the procedure's and the learner's point
   * @param meanPosition per-draw mean of the mean-position baseline (same draws)
   */
  record PartFigures(
      PartDefinition part,
      int testImages,
      double[] partEval,
      double[] learnerOnCnn,
      double[] procedures,
      long identical,
      long compared,
      double maxDifferencePx,
      double[] meanPosition) {}

  /** What the run measured, for printing. */
  record Report(
      String model,
      long modelVersion,
      Path store,
      int shots,
      int draws,
      long seed,
      boolean mirrored,
      List<PartFigures> parts,
      double prepareSeconds,
      double procedureSeconds,
      long learnCalls,
      long localizeCalls) {

    String markdown() {
      StringBuilder b = new StringBuilder();
      b.append(
          f(
              "%nThrough the procedures: store %s, model %s v%d; same draws as above (%d shots, %d"
                  + " draws, seed %d); xg.part.learn with the shots' points (coordinates: 'crop')"
                  + " and the other train images as unannotatedImages, xg.part.localize on every"
                  + " test image with the part (stored inference of the image%s)."
                  + " Normalized distance, mean ± std over draws.%n%n",
              store,
              model,
              modelVersion,
              shots,
              draws,
              seed,
              mirrored ? " and of its mirror" : "; no mirror, as part eval had no flipped crops"));
      b.append(
          "| part | test images | part eval (feature-store maps) | learner kernel on the"
              + " procedures' inputs | procedures (xg.part.*) | same point | max diff px |"
              + " mean-position |\n|---|---|---|---|---|---|---|---|\n");
      for (PartFigures p : parts) {
        b.append(
            f(
                "| %s %s | %d | %s | %s | %s | %d/%d | %.3g | %s |%n",
                p.part().name(),
                p.part().keypointIds(),
                p.testImages(),
                cell(p.partEval()),
                cell(p.learnerOnCnn()),
                cell(p.procedures()),
                p.identical(),
                p.compared(),
                p.maxDifferencePx(),
                cell(p.meanPosition())));
      }
      b.append(
          f(
              "%nStored inferences and learner inputs prepared in %.1f s; %d xg.part.learn and %d"
                  + " xg.part.localize calls took %.1f s (%.1f ms per localisation incl. its"
                  + " share of the learning).%n",
              prepareSeconds,
              learnCalls,
              localizeCalls,
              procedureSeconds,
              localizeCalls == 0 ? 0 : procedureSeconds * 1e3 / localizeCalls));
      return b.toString();
    }

    String csv() {
      StringBuilder b = new StringBuilder("part,draw,part_eval,learner_on_cnn,procedures\n");
      for (PartFigures p : parts) {
        for (int d = 0; d < p.procedures().length; d++) {
          b.append(
              f(
                  "%s,%d,%.5f,%.5f,%.5f%n",
                  p.part().name(), d, p.partEval()[d], p.learnerOnCnn()[d], p.procedures()[d]));
        }
      }
      return b.toString();
    }
  }

  /** Mean ± std over draws; one draw has no spread to show, so its std prints as 0. */
  private static String cell(double[] v) {
    double m = SampleStatistics.mean(v);
    return f("%.4f ± %.4f", m, v.length < 2 ? 0 : SampleStatistics.std(v, v.length, m));
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
