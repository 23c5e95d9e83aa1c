package io.xgraph.ingest.store;

/**
 * IEEE 754 binary16 ("half") conversion. Java 17 has no {@code Float.float16ToFloat}, so the bit
 * manipulation is written out here; {@link #fromFloat} rounds to nearest, ties to even, like the
 * hardware conversion.
 */
public final class Float16 {

  /** All 65536 halves widened, for bulk decoding. */
  private static final float[] TABLE = new float[1 << 16];

  static {
    for (int h = 0; h < TABLE.length; h++) {
      TABLE[h] = toFloat((short) h);
    }
  }

  private Float16() {}

  /** Same as {@link #toFloat}, by table lookup (for bulk decoding). */
  public static float toFloatFast(short h) {
    return TABLE[h & 0xffff];
  }

  /** Widens the half-precision bits {@code h} to a float (exact). */
  public static float toFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0x1f) {
      // Infinity or NaN: keep the payload in the top mantissa bits.
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      if (mantissa == 0) {
        return Float.intBitsToFloat(sign);
      }
      // Subnormal half: value = mantissa * 2^-24, exactly representable as a float.
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  /** Narrows {@code f} to half precision, rounding to nearest even; overflow gives infinity. */
  public static short fromFloat(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exponent = (bits >>> 23) & 0xff;
    int mantissa = bits & 0x7fffff;
    if (exponent == 0xff) {
      if (mantissa == 0) {
        return (short) (sign | 0x7c00);
      }
      // NaN: keep it a NaN (quiet bit set) whatever the payload.
      return (short) (sign | 0x7e00 | (mantissa >>> 13));
    }
    int halfExponent = exponent - 127 + 15;
    if (halfExponent >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (halfExponent <= 0) {
      // Result is subnormal or zero: shift the full significand (with its hidden bit) right.
      if (halfExponent < -10) {
        return (short) sign;
      }
      int significand = mantissa | 0x800000;
      int shift = 14 - halfExponent;
      int half = significand >>> shift;
      int remainder = significand & ((1 << shift) - 1);
      int halfway = 1 << (shift - 1);
      if (remainder > halfway || (remainder == halfway && (half & 1) != 0)) {
        half++;
      }
      return (short) (sign | half);
    }
    int half = (halfExponent << 10) | (mantissa >>> 13);
    int remainder = mantissa & 0x1fff;
    if (remainder > 0x1000 || (remainder == 0x1000 && (half & 1) != 0)) {
      // A carry out of the mantissa bumps the exponent, and up to infinity: both are correct.
      half++;
    }
    return (short) (sign | half);
  }
}
