package io.xgraph.ingest;

import io.xgraph.ingest.onnx.CnnModel;

/**
 * Checks of every CNN output before it is stored: finite, and within float16's range when the store
 * keeps maps in float16, each failure naming the image, the layer and the fix.
 */
public final class OutputChecks {

  private OutputChecks() {}

  /** Rejects NaN or infinite CNN outputs, naming the image and layer. */
  public static void checkFinite(CnnModel.Forward f, CnnModel model, String file) {
    check(f, model, file, false);
  }

  /** Largest magnitude a float16 holds; beyond it the store would hold infinity. */
  public static final float FLOAT16_MAX = 65504f;

  /**
   * As {@link #checkFinite}, and every value within float16's range: the store keeps raw maps in
   * float16, so a larger float32 activation would be stored as infinity.
   */
  public static void checkStorable(CnnModel.Forward f, CnnModel model, String file) {
    check(f, model, file, true);
  }

  /** One pass over the maps (this runs on every image): finite, and within float16 if asked. */
  private static void check(CnnModel.Forward f, CnnModel model, String file, boolean storable) {
    for (int i = 0; i < f.layers().size(); i++) {
      float[] map = f.layers().get(i);
      for (int j = 0; j < map.length; j++) {
        float v = map[j];
        boolean finite = Float.isFinite(v);
        if (finite && !(storable && Math.abs(v) > FLOAT16_MAX)) {
          continue;
        }
        String what =
            "CNN output of image `"
                + file
                + "` at layer `"
                + model.layers().get(i).name()
                + "` is "
                + v
                + " (element "
                + j
                + ")";
        throw new IllegalStateException(
            finite
                ? what
                    + ", beyond the float16 range (65504) of the feature store; check the"
                    + " preprocessing profile, or choose a layer after a normalisation"
                : what + "; the model or its input is broken, check the preprocessing profile");
      }
    }
  }
}
