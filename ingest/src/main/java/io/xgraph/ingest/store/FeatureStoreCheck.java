package io.xgraph.ingest.store;

import io.xgraph.learner.data.LayerGeometry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Consistency check of a feature store: the manifest against the files (layer files long enough for
 * the committed images, sigma of the right size), and every stored value finite (sigma also
 * positive). Ingest never stores NaN or infinities (it stops at the forward pass), so a non-finite
 * value means the file was damaged afterwards.
 */
public final class FeatureStoreCheck {

  private FeatureStoreCheck() {}

  /** The problems found in the store at {@code dir}, one line each; empty if it is sound. */
  public static List<String> check(Path dir) {
    List<String> problems = new ArrayList<>();
    FeatureStore store;
    try {
      store = FeatureStore.open(dir);
    } catch (RuntimeException e) {
      problems.add(e.getMessage());
      return problems;
    }
    int committed = store.images().size();
    for (LayerGeometry g : store.layers()) {
      Path file = dir.resolve(StoreFiles.layerFile(g.index()));
      long need = committed * FeatureStoreWriter.bytesPerImage(g);
      try {
        long size = Files.size(file);
        if (size < need) {
          problems.add(
              "Feature store file `"
                  + file
                  + "` has "
                  + size
                  + " bytes, its "
                  + committed
                  + " committed images need "
                  + need
                  + "; delete the store and ingest again");
          continue;
        }
      } catch (IOException e) {
        problems.add("Cannot read `" + file + "`: " + e);
        continue;
      }
      float[] map = new float[g.size()];
      for (int k = 0; k < committed; k++) {
        store.readRaw(g.index(), k, map);
        int bad = firstNonFinite(map);
        if (bad >= 0) {
          problems.add(
              "Feature store `"
                  + dir
                  + "` holds "
                  + map[bad]
                  + " at layer `"
                  + g.name()
                  + "`, image "
                  + k
                  + " ("
                  + store.images().get(k).id()
                  + "), element "
                  + bad
                  + ": the file `"
                  + file.getFileName()
                  + "` was damaged; delete the store and ingest again");
          break;
        }
      }
    }
    Path sigmaFile = dir.resolve(StoreFiles.SIGMA);
    if (!Files.isRegularFile(sigmaFile)) {
      problems.add(
          "Feature store `"
              + dir
              + "` has no "
              + StoreFiles.SIGMA
              + " (ingest was interrupted before the end); run the same `xgraph ingest` again to"
              + " finish it");
    } else {
      long expected = 0;
      for (LayerGeometry g : store.layers()) {
        expected += 4L * g.size();
      }
      try {
        long size = Files.size(sigmaFile);
        if (size != expected) {
          problems.add(
              "Feature store file `"
                  + sigmaFile
                  + "` has "
                  + size
                  + " bytes, the manifest's layers need "
                  + expected
                  + "; delete the store and ingest again");
          return problems;
        }
      } catch (IOException e) {
        problems.add("Cannot read `" + sigmaFile + "`: " + e);
        return problems;
      }
      for (LayerGeometry g : store.layers()) {
        float[] sigma = store.negativeSigma(g.index());
        for (int i = 0; i < sigma.length; i++) {
          if (!(sigma[i] > 0) || !Float.isFinite(sigma[i])) {
            problems.add(
                "Negative sigma of layer `"
                    + g.name()
                    + "` in `"
                    + sigmaFile
                    + "` is "
                    + sigma[i]
                    + " at element "
                    + i
                    + " (must be finite and > 0); delete the store and ingest again");
            break;
          }
        }
      }
    }
    return problems;
  }

  private static int firstNonFinite(float[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        return i;
      }
    }
    return -1;
  }
}
