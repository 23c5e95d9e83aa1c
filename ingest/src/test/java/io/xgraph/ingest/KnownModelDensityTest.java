package io.xgraph.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The release's node densities travel with a known model's default layers, and only with them. */
class KnownModelDensityTest {

  @Test
  void resNetDefaultLayersTakeTheReleasesResNetDensities() {
    // getNetParameters.m, ResNet: patternDensity [0.05, 0.1, 0.2] for maps of 28, 14 and 7 cells
    assertEquals(
        List.of(0.05, 0.1, 0.2), KnownModel.nodeDensitiesFor(List.of("res3d", "res4f", "res5c")));
  }

  @Test
  void otherLayerChoicesKeepTheLearnersHalves() {
    assertEquals(List.of(), KnownModel.nodeDensitiesFor(KnownModel.SQUEEZENET.defaultLayers()));
    assertEquals(List.of(), KnownModel.nodeDensitiesFor(KnownModel.MOBILENET.defaultLayers()));
    // a subset or another order of ResNet-50's layers is the user's choice: no per-layer list
    assertEquals(List.of(), KnownModel.nodeDensitiesFor(List.of("res4f", "res5c")));
    assertEquals(List.of(), KnownModel.nodeDensitiesFor(List.of("res5c", "res4f", "res3d")));
  }
}
