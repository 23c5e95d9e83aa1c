package io.xgraph.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.image.ImageCrops;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.data.Point;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mirrored sibling store: flipped crops of real birds under the same ids. */
class MirroredIngestTest {

  private static final int BIRDS = 4;

  @TempDir Path tmp;

  @Test
  void flipMovesColumnCToSizeMinusOneMinusC() {
    int[] rgb = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    assertArrayEquals(new int[] {3, 2, 1, 6, 5, 4, 9, 8, 7}, ImageCrops.flipHorizontally(rgb, 3));
  }

  @Test
  void mirroredStoreHoldsTheFlippedCropsWithMirroredKeypoints() {
    Path data = SharedData.locate(null);
    IngestOptions plain =
        new IngestOptions(
            SharedData.model(data, KnownModel.SQUEEZENET.alias()),
            List.of(),
            SharedData.cubDev(data),
            tmp.resolve("store"),
            null,
            "all",
            BIRDS,
            2,
            null);
    Ingestor.run(plain, IngestListener.SILENT);
    Ingestor.run(plain.mirroredInto(tmp.resolve("store/mirrored")), IngestListener.SILENT);
    FeatureStore a = FeatureStore.open(tmp.resolve("store"));
    FeatureStore b = FeatureStore.open(tmp.resolve("store/mirrored"));
    assertEquals(a.layers(), b.layers());
    assertEquals(
        a.images().stream().map(ImageRecord::id).toList(),
        b.images().stream().map(ImageRecord::id).toList());
    int size = a.layers().get(0).inputSize();
    for (int i = 0; i < BIRDS; i++) {
      ImageRecord ra = a.images().get(i);
      ImageRecord rb = b.images().get(i);
      assertEquals(ra.parts().keySet(), rb.parts().keySet());
      for (var e : ra.parts().entrySet()) {
        Point p = e.getValue();
        Point q = rb.parts().get(e.getKey());
        assertEquals(size - 1 - p.x(), q.x(), 1e-9, "mirrored x of part " + e.getKey());
        assertEquals(p.y(), q.y(), 1e-9);
      }
    }
    // the top layer's raw map of a flipped bird is close to the column-reversed map of the bird
    LayerGeometry top = a.layers().get(a.layers().size() - 1);
    float[] ma = new float[top.size()];
    float[] mb = new float[top.size()];
    a.readRaw(top.index(), 0, ma);
    b.readRaw(top.index(), 0, mb);
    assertNotEquals(0, diff(ma, mb, top, false), 1e-3, "a flipped crop gives other maps");
    double mirroredDiff = diff(ma, mb, top, true);
    double plainDiff = diff(ma, mb, top, false);
    assertTrue(
        mirroredDiff < 0.5 * plainDiff,
        "column-reversed maps agree better: " + mirroredDiff + " vs " + plainDiff);
  }

  /** Mean absolute difference of two maps, the second column-reversed when {@code reverse}. */
  private static double diff(float[] x, float[] y, LayerGeometry g, boolean reverse) {
    double s = 0;
    int w = g.width();
    for (int c = 0; c < g.channels(); c++) {
      for (int r = 0; r < g.height(); r++) {
        for (int col = 0; col < w; col++) {
          int k = (c * g.height() + r) * w;
          s += Math.abs(x[k + col] - y[k + (reverse ? w - 1 - col : col)]);
        }
      }
    }
    return s / x.length;
  }
}
