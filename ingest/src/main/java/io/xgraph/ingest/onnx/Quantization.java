package io.xgraph.ingest.onnx;

/**
 * Affine quantisation of an 8-bit tensor: real = (q - zeroPoint) * scale, per tensor (one value) or
 * per channel.
 *
 * @param unsigned uint8 (true) or int8 (false) storage
 * @param scales one scale, or one per channel
 * @param zeroPoints one zero point, or one per channel
 */
public record Quantization(boolean unsigned, float[] scales, int[] zeroPoints) {

  /** Real value of stored byte {@code q} in channel {@code channel}. */
  public float dequantize(byte q, int channel) {
    int i = scales.length == 1 ? 0 : channel;
    int value = unsigned ? q & 0xff : q;
    return (value - zeroPoints[zeroPoints.length == 1 ? 0 : channel]) * scales[i];
  }

  /** True if the stored range starts at the zero point, i.e. negatives were clipped away. */
  public boolean clipsNegatives() {
    for (int z : zeroPoints) {
      if (z != (unsigned ? 0 : -128)) {
        return false;
      }
    }
    return true;
  }
}
