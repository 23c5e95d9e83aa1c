package io.xgraph.learner.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Each wither changes exactly the components it names and still goes through the checks. */
class CompareParametersTest {

  private static final CompareParameters D = CompareParameters.defaults();

  @Test
  void eachWitherChangesOnlyItsComponents() {
    assertEquals(
        new CompareParameters(12, 0.10, 0.05, 20, 167, 0.10, 0.05, 5, 0.25, 0.01),
        D.withMinSupport(12));
    assertEquals(
        new CompareParameters(10, 0.20, 0.07, 20, 167, 0.10, 0.05, 5, 0.25, 0.01),
        D.withDistances(0.20, 0.07));
    assertEquals(
        new CompareParameters(10, 0.10, 0.05, 20, 167, 0.15, 0.03, 4, 0.25, 0.01),
        D.withCoverage(0.15, 0.03, 4));
    assertEquals(
        new CompareParameters(10, 0.10, 0.05, 30, 100, 0.10, 0.05, 5, 0.25, 0.01),
        D.withStability(30, 100));
    assertEquals(
        new CompareParameters(10, 0.10, 0.05, 20, 167, 0.10, 0.05, 5, 0.5, 0.02),
        D.withCoMovement(0.5, 0.02));
    assertEquals(
        D.withMinSupport(3).withStability(5, 7),
        D.withStability(5, 7).withMinSupport(3),
        "withers compose in any order");
  }

  @Test
  void withersAreCheckedLikeTheConstructor() {
    assertThrows(IllegalArgumentException.class, () -> D.withStability(1, 167));
    assertThrows(IllegalArgumentException.class, () -> D.withCoverage(0.1, 0, 5));
    assertThrows(IllegalArgumentException.class, () -> D.withDistances(0.1, 0.1));
  }
}
