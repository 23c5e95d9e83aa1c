package io.xgraph.cli;

/**
 * Range checks of numeric command-line options, run before a command does any work: a bad value is
 * refused at once with the option's name, not after a long ingest, and not under the name of the
 * record field it ends up in.
 */
final class OptionChecks {

  private OptionChecks() {}

  /**
   * @throws IllegalArgumentException "Value for `--iterations` was `0`, but must be >= 1 (EM
   *     iterations per layer)" when {@code value < min}
   */
  static void atLeast(String option, long value, long min, String meaning) {
    if (value < min) {
      throw new IllegalArgumentException(
          "Value for `"
              + option
              + "` was `"
              + value
              + "`, but must be >= "
              + min
              + " ("
              + meaning
              + ")");
    }
  }

  /** As {@link #atLeast(String, long, long, String)} for a number that must be finite. */
  static void atLeast(String option, double value, double min, String meaning) {
    if (!(value >= min) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "Value for `"
              + option
              + "` was `"
              + value
              + "`, but must be a finite number >= "
              + min
              + " ("
              + meaning
              + ")");
    }
  }
}
