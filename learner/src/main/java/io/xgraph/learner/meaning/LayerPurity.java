package io.xgraph.learner.meaning;

/**
 * Part purity of one layer's detectors: the automatic analogue of the journal version's human
 * rating (the share of detectors that consistently sit on one part).
 *
 * @param layer layer name
 * @param radius the on-part radius used, pixels
 * @param detectors detectors measured
 * @param rated detectors with at least {@code minFirings} firings on some visible part
 * @param tracking rated detectors that track at least one part
 * @param meanBestShare mean over rated detectors of the share of their best part
 * @param trackingPerPart detectors tracking each part, in the order of the part ids measured
 */
public record LayerPurity(
    String layer,
    double radius,
    int detectors,
    int rated,
    int tracking,
    double meanBestShare,
    int[] trackingPerPart) {

  /** tracking / rated, NaN when no detector is rated. */
  public double purity() {
    return rated == 0 ? Double.NaN : (double) tracking / rated;
  }

  /** Summarises {@code tracks} ({@code [detector][part]}, from {@link PartTracking#measure}). */
  public static LayerPurity of(
      String layer, double radius, PartTracking.Track[][] tracks, TrackingRule rule) {
    int rated = 0;
    int tracking = 0;
    double shareSum = 0;
    int parts = tracks.length == 0 ? 0 : tracks[0].length;
    int[] perPart = new int[parts];
    for (PartTracking.Track[] row : tracks) {
      PartTracking.Track best = PartTracking.best(row, rule);
      if (best == null) {
        continue;
      }
      rated++;
      shareSum += best.share();
      boolean any = false;
      for (int k = 0; k < row.length; k++) {
        if (rule.tracks(row[k])) {
          perPart[k]++;
          any = true;
        }
      }
      tracking += any ? 1 : 0;
    }
    return new LayerPurity(
        layer,
        radius,
        tracks.length,
        rated,
        tracking,
        rated == 0 ? Double.NaN : shareSum / rated,
        perPart);
  }
}
