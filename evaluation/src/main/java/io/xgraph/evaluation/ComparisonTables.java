package io.xgraph.evaluation;

import io.xgraph.learner.compare.CoMovement;
import io.xgraph.learner.compare.CompareParameters;
import io.xgraph.learner.compare.Comparison;
import io.xgraph.learner.compare.ModelComparison;
import io.xgraph.learner.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A comparison of two graphs ({@link GraphComparison}) as {@code xgraph compare} prints and writes
 * it: the layer-pair, model and part tables, how the co-movement test acts, and the CSV files.
 */
public final class ComparisonTables {

  private ComparisonTables() {}

  /**
   * How the co-movement test acts: among the mutual best matches within maxDistance (and the
   * movement floor), how many would pass at several ratio limits, and the patterns of each model
   * they would give a counterpart.
   */
  public static String coMovementSweep(ModelComparison.Outcome o, CompareParameters p) {
    double[] limits = {0.25, 0.5, 0.75, 1.0, Double.POSITIVE_INFINITY};
    StringBuilder sb = new StringBuilder();
    int moving = 0;
    List<Double> ratios = new ArrayList<>();
    for (ModelComparison.Candidate k : o.candidates()) {
      if (k.coMovement().movement() >= p.minMovement()) {
        moving++;
        ratios.add(k.coMovement().ratio());
      }
    }
    ratios.sort(null);
    sb.append(
        String.format(
            Locale.ROOT,
            "%nCo-movement test (used: ratio <= %.2f, movement >= %.3f): %d mutual best matches"
                + " within maxDistance, %d of them moving; ratio quartiles %s%n",
            p.maxRatio(),
            p.minMovement(),
            o.candidates().size(),
            moving,
            ratios.isEmpty()
                ? "-"
                : String.format(
                    Locale.ROOT,
                    "%.3f / %.3f / %.3f",
                    ratios.get(ratios.size() / 4),
                    ratios.get(ratios.size() / 2),
                    ratios.get(ratios.size() * 3 / 4))));
    sb.append(
        String.format(
            Locale.ROOT,
            "%-12s %10s %14s %14s%n",
            "ratio <=",
            "matches",
            "A matched",
            "B matched"));
    for (double t : limits) {
      int n = 0;
      java.util.Set<Integer> withA = new java.util.HashSet<>();
      java.util.Set<Integer> withB = new java.util.HashSet<>();
      for (ModelComparison.Candidate k : o.candidates()) {
        CoMovement cm = k.coMovement();
        if (cm.movement() >= p.minMovement() && (cm.ratio() <= t || Double.isInfinite(t))) {
          n++;
          withA.add(k.match().patternA());
          withB.add(k.match().patternB());
        }
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "%-12s %10d %14d %14d%n",
              Double.isInfinite(t) ? "any" : String.format(Locale.ROOT, "%.2f", t),
              n,
              withA.size(),
              withB.size()));
    }
    int allA = 0;
    int allB = 0;
    java.util.Set<Integer> rawA = new java.util.HashSet<>();
    java.util.Set<Integer> rawB = new java.util.HashSet<>();
    for (ModelComparison.Candidate k : o.candidates()) {
      rawA.add(k.match().patternA());
      rawB.add(k.match().patternB());
    }
    allA = rawA.size();
    allB = rawB.size();
    sb.append(
        String.format(
            Locale.ROOT, "%-12s %10d %14d %14d%n", "no test", o.candidates().size(), allA, allB));
    return sb.toString();
  }

  /** The three tables as text. */
  public static String text(Comparison c) {
    StringBuilder sb = new StringBuilder();
    CompareParameters p = c.parameters();
    sb.append(
        String.format(
            Locale.ROOT,
            "Comparison of %s (A) and %s (B) on %d shared images; counterpart = mutual best match,"
                + " distance <= %.3f (x 224*sqrt2 px), support >= %d images, per-image distance"
                + " capped at %.3f, co-movement ratio <= %.2f, movement >= %.3f%n%n",
            c.modelA(),
            c.modelB(),
            c.images(),
            p.maxDistance(),
            p.minSupport(),
            p.cap(),
            p.maxRatio(),
            p.minMovement()));
    sb.append("Paper-style stability (release form; lower is better), graph vs raw filters:\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "%-26s %8s %8s %12s %12s %12s %12s %10s%n",
            "model",
            "patterns",
            "matched",
            "graph paper",
            "graph rel.",
            "raw paper",
            "raw rel.",
            "meanScore"));
    for (Comparison.ModelSummary m : c.models()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-26s %8d %8d %12.4f %12.4f %12.4f %12.4f %10.3f%n",
              m.model(),
              m.patterns(),
              m.withCounterpart(),
              m.graphPaper(),
              m.graphRelease(),
              m.rawPaper(),
              m.rawRelease(),
              m.meanScore()));
    }
    sb.append("\nPer layer pair:\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "%-16s %-16s %6s %6s %7s %7s %7s %8s %7s %7s %8s %8s%n",
            "layer A",
            "layer B",
            "nodesA",
            "nodesB",
            "matches",
            "fracA",
            "fracB",
            "meanDist",
            "stabA",
            "stabB",
            "scoreA",
            "scoreB"));
    for (Comparison.LayerPairSummary r : c.layerPairs()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-16s %-16s %6d %6d %7d %7.3f %7.3f %8.4f %7.4f %7.4f %8.3f %8.3f%n",
              r.layerA(),
              r.layerB(),
              r.nodesA(),
              r.nodesB(),
              r.matches(),
              r.fractionA(),
              r.fractionB(),
              r.meanDistance(),
              r.stabilityA(),
              r.stabilityB(),
              r.meanScoreA(),
              r.meanScoreB()));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "%nPart coverage: patterns pointing at each part (mean distance over their top %d"
                + " images <= %.2f, nearest part) and the stable ones among them (spread <="
                + " %.2f):%n",
            p.topImages(),
            p.pointRadius(),
            p.stableSpread()));
    sb.append(
        String.format(
            Locale.ROOT,
            "%-4s %-12s %9s %9s %11s %11s%n",
            "id",
            "part",
            "stable A",
            "stable B",
            "pointing A",
            "pointing B"));
    for (Comparison.PartCoverage r : c.coverage()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-4d %-12s %9d %9d %11d %11d%n",
              r.partId(),
              r.partName(),
              r.stableA(),
              r.stableB(),
              r.pointingA(),
              r.pointingB()));
    }
    return sb.toString();
  }

  /**
   * Writes layer-pairs.csv, models.csv, parts.csv and matches.csv into {@code dir}.
   *
   * @throws UncheckedIOException the folder or a file cannot be written
   */
  public static void writeCsv(Comparison c, Path dir) {
    try {
      Files.createDirectories(dir);
      writeCsv(
          dir.resolve("layer-pairs.csv"),
          "modelA,modelB,layerA,layerB,nodesA,nodesB,matches,fractionA,fractionB,meanDistance,"
              + "stabilityA,stabilityB,meanScoreA,meanScoreB",
          c.layerPairs(),
          c.modelA(),
          c.modelB());
      writeCsv(
          dir.resolve("models.csv"),
          "model,patterns,withCounterpart,graphPaper,graphRelease,rawPaper,rawRelease,meanScore",
          c.models());
      writeCsv(
          dir.resolve("parts.csv"),
          "partId,part,stableA,stableB,pointingA,pointingB",
          c.coverage());
      writeCsv(
          dir.resolve("matches.csv"),
          "layerA,patternA,layerB,patternB,distance,support",
          c.matches());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the CSV files into " + dir, e);
    }
  }

  /**
   * Writes {@code file}: the header line, then per row the {@code leading} cells and the row's
   * record components in declaration order (the order the header names them); fractional numbers as
   * {@link #num}, the rest as text.
   *
   * @throws IllegalStateException when the header's columns do not match a row's
   */
  private static void writeCsv(
      Path file, String header, List<? extends Record> rows, String... leading) throws IOException {
    int columns = header.split(",").length;
    StringBuilder sb = new StringBuilder(header).append('\n');
    for (Record row : rows) {
      List<String> cells = new ArrayList<>(Arrays.asList(leading));
      for (RecordComponent component : row.getClass().getRecordComponents()) {
        Object value;
        try {
          value = component.getAccessor().invoke(row);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(
              "Cannot read " + component.getName() + " of " + row + " for " + file, e);
        }
        cells.add(value instanceof Double d ? num(d) : String.valueOf(value));
      }
      if (cells.size() != columns) {
        throw new IllegalStateException(
            "The header of "
                + file
                + " names "
                + columns
                + " columns but a "
                + row.getClass().getSimpleName()
                + " row has "
                + cells.size()
                + ": update the header to the record's components");
      }
      sb.append(String.join(",", cells)).append('\n');
    }
    AtomicFiles.writeString(file, sb);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
  }
}
