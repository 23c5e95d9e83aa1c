package io.xgraph.ingest.image;

import java.util.ArrayList;
import java.util.List;

/**
 * How a model wants its input: channel order, scale and normalisation. Input pixels are packed
 * 0xRRGGBB ints of the resized crop; the result is {@code [3][size][size]} flattened.
 */
public enum Preprocessing {
  /** Caffe style (SqueezeNet 1.1): BGR order, 0-255, minus the mean [104, 117, 123]. */
  CAFFE_BGR("caffe-bgr", new int[] {0, 8, 16}, new float[] {104, 117, 123}, new float[] {1, 1, 1}),
  /** torchvision style (MobileNetV2): RGB order, /255, minus ImageNet mean, over ImageNet std. */
  IMAGENET_RGB(
      "imagenet-rgb",
      new int[] {16, 8, 0},
      new float[] {0.485f * 255, 0.456f * 255, 0.406f * 255},
      new float[] {0.229f * 255, 0.224f * 255, 0.225f * 255}),
  /**
   * Caffe style with the exact ImageNet means (ResNet-50 from Kaiming He's Caffe release, as ported
   * by Keras: {@code preprocess_input} mode "caffe"): BGR order, 0-255, minus [103.939, 116.779,
   * 123.68].
   */
  CAFFE_BGR_RESNET(
      "caffe-bgr-resnet",
      new int[] {0, 8, 16},
      new float[] {103.939f, 116.779f, 123.68f},
      new float[] {1, 1, 1});

  private final String id;

  /** Bit shift of each input plane's 8-bit value in a packed 0xRRGGBB pixel. */
  private final int[] shifts;

  /** Per plane: value = (pixel - mean) / std, pixel in 0..255. */
  private final float[] means;

  private final float[] stds;

  Preprocessing(String id, int[] shifts, float[] means, float[] stds) {
    this.id = id;
    this.shifts = shifts;
    this.means = means;
    this.stds = stds;
  }

  /** Name used on the command line and in the store manifest. */
  public String id() {
    return id;
  }

  /** Converts {@code size*size} packed RGB pixels into the model's planar input. */
  public float[] apply(int[] rgb, int size) {
    int plane = size * size;
    if (rgb.length != plane) {
      throw new IllegalArgumentException(
          "Image has " + rgb.length + " pixels, expected " + size + "x" + size);
    }
    float[] out = new float[3 * plane];
    for (int c = 0; c < 3; c++) {
      // A 256-entry table per plane: one lookup per pixel, exactly (v - mean) / std.
      float[] table = new float[256];
      for (int v = 0; v < 256; v++) {
        table[v] = (v - means[c]) / stds[c];
      }
      int shift = shifts[c];
      int base = c * plane;
      for (int i = 0; i < plane; i++) {
        out[base + i] = table[(rgb[i] >> shift) & 0xff];
      }
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
