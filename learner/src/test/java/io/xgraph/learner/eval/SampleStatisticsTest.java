package io.xgraph.learner.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SampleStatisticsTest {

  @Test
  void meanAndSampleStdOfKnownValues() {
    double[] v = {2, 4, 4, 4, 5, 5, 7, 9};
    assertEquals(5.0, SampleStatistics.mean(v), 0);
    // Sum of squared deviations 32 over n - 1 = 7 (not n = 8, which would give exactly 2).
    assertEquals(Math.sqrt(32.0 / 7), SampleStatistics.std(v), 1e-15);
  }

  @Test
  void onlyTheFirstNValuesCount() {
    double[] v = {1, 3, 1000};
    assertEquals(2.0, SampleStatistics.mean(v, 2), 0);
    assertEquals(Math.sqrt(2), SampleStatistics.std(v, 2, 2.0), 1e-15);
  }

  @Test
  void oneValueHasNoSpreadAndNoneHasNoMean() {
    assertTrue(Double.isNaN(SampleStatistics.std(new double[] {3})));
    assertTrue(Double.isNaN(SampleStatistics.mean(new double[0])));
  }
}
