package io.xgraph.ingest.image;

import java.util.ArrayList;
import java.util.List;

/**
 * How a model wants its input: channel order, scale and normalisation. Input pixels are packed
 * 0xRRGGBB ints of the resized crop; the result is {@code [3][size][size]} flattened.
 */
public enum Preprocessing {
  /** Caffe style (SqueezeNet 1.1): BGR order, 0-255, minus the mean [104, 117, 123]. */
  CAFFE_BGR("caffe-bgr") {
    @Override
    void channels(int rgb, float[] out) {
      out[0] = (rgb & 0xff) - 104f;
      out[1] = ((rgb >> 8) & 0xff) - 117f;
      out[2] = ((rgb >> 16) & 0xff) - 123f;
    }
  },
  /** torchvision style (MobileNetV2): RGB order, /255, minus ImageNet mean, over ImageNet std. */
  IMAGENET_RGB("imagenet-rgb") {
    @Override
    void channels(int rgb, float[] out) {
      out[0] = (((rgb >> 16) & 0xff) / 255f - 0.485f) / 0.229f;
      out[1] = (((rgb >> 8) & 0xff) / 255f - 0.456f) / 0.224f;
      out[2] = ((rgb & 0xff) / 255f - 0.406f) / 0.225f;
    }
  };

  private final String id;

  Preprocessing(String id) {
    this.id = id;
  }

  /** Name used on the command line and in the store manifest. */
  public String id() {
    return id;
  }

  abstract void channels(int rgb, float[] out);

  /** Converts {@code size*size} packed RGB pixels into the model's planar input. */
  public float[] apply(int[] rgb, int size) {
    int plane = size * size;
    if (rgb.length != plane) {
      throw new IllegalArgumentException(
          "Image has " + rgb.length + " pixels, expected " + size + "x" + size);
    }
    float[] out = new float[3 * plane];
    float[] px = new float[3];
    for (int i = 0; i < plane; i++) {
      channels(rgb[i], px);
      out[i] = px[0];
      out[plane + i] = px[1];
      out[2 * plane + i] = px[2];
    }
    return out;
  }

  /** The profile named {@code id}, with an error listing the profiles otherwise. */
  public static Preprocessing byId(String id) {
    List<String> ids = new ArrayList<>();
    for (Preprocessing p : values()) {
      if (p.id.equals(id)) {
        return p;
      }
      ids.add(p.id);
    }
    throw new IllegalArgumentException(
        "Value for `--preprocess` was `" + id + "`, but must be one of " + ids);
  }
}
