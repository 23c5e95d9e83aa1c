package io.xgraph.ingest.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks that a JPEG file is complete: its markers run from start-of-image to end-of-image (EOI).
 *
 * <p>Java's JPEG decoder turns a truncated file into an image (the missing rows grey, a warning
 * that nobody sees), and a decode limited to a region above the cut does not even warn: measured on
 * a CUB bird cut in half, the whole-image decode warns "Truncated File - Missing EOI marker" and
 * "Corrupt JPEG data: premature end of data segment" and returns 320x223 pixels, the region decode
 * of its top-left 50x50 returns them without a warning. So the file's structure is checked before
 * decoding: segments are skipped by their length, entropy-coded data is scanned for the next marker
 * (0xFF followed by 0x00 is a stuffed byte, 0xFFD0..D7 a restart marker), and the file must reach
 * EOI. One pass over the bytes, about 0.5 ms for a CUB image.
 */
final class JpegStructure {

  private static final int SOI = 0xD8;
  private static final int EOI = 0xD9;
  private static final int SOS = 0xDA;

  private final InputStream in;
  private final byte[] buffer = new byte[1 << 16];
  private int length;
  private int position;

  private JpegStructure(InputStream in) {
    this.in = in;
  }

  /**
   * Why {@code file} is not a complete JPEG, as the end of a sentence ("it is truncated: ..."), or
   * null when it runs from start-of-image to end-of-image. Bytes after EOI are ignored, as the
   * decoder ignores them.
   */
  static String incomplete(Path file) throws IOException {
    long size = Files.size(file);
    try (InputStream in = Files.newInputStream(file)) {
      return new JpegStructure(in).check(size);
    }
  }

  private String check(long size) throws IOException {
    if (next() != 0xFF || next() != SOI) {
      return "it does not start with a JPEG start-of-image marker; copy it again from its source";
    }
    int marker = nextMarker();
    while (marker >= 0) {
      if (marker == EOI) {
        return null;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        marker = nextMarker(); // markers without a length
        continue;
      }
      int hi = next();
      int lo = next();
      if (lo < 0) {
        break;
      }
      int segment = (hi << 8) | lo;
      if (segment < 2) {
        return "it is damaged: a JPEG segment declares a length of "
            + segment
            + " bytes; copy it again from its source";
      }
      if (!skip(segment - 2L)) {
        break;
      }
      marker = marker == SOS ? afterEntropyData() : nextMarker();
    }
    return "it is truncated: the JPEG data stops after "
        + size
        + " bytes without its end-of-image marker (the decoder would fill the missing rows with"
        + " grey); copy it again from its source";
  }

  /** The next marker code (the byte after 0xFF and any fill bytes), or -1 at the end. */
  private int nextMarker() throws IOException {
    int b = next();
    while (b >= 0 && b != 0xFF) {
      b = next(); // the decoder skips extraneous bytes between segments as well (with a warning)
    }
    while (b == 0xFF) {
      b = next();
    }
    return b;
  }

  /** Scans entropy-coded data up to the marker that ends it; returns that marker, or -1. */
  private int afterEntropyData() throws IOException {
    while (true) {
      int b = next();
      if (b < 0) {
        return -1;
      }
      if (b != 0xFF) {
        continue;
      }
      int m = next();
      while (m == 0xFF) {
        m = next();
      }
      if (m < 0) {
        return -1;
      }
      if (m != 0x00 && !(m >= 0xD0 && m <= 0xD7)) {
        return m; // not a stuffed byte or a restart: the scan has ended
      }
    }
  }

  private int next() throws IOException {
    if (position == length) {
      length = Math.max(0, in.read(buffer));
      position = 0;
      if (length == 0) {
        return -1;
      }
    }
    return buffer[position++] & 0xff;
  }

  /** Skips {@code n} bytes; false if the file ends first. */
  private boolean skip(long n) throws IOException {
    long inBuffer = Math.min(n, length - position);
    position += (int) inBuffer;
    long rest = n - inBuffer;
    while (rest > 0) {
      if (next() < 0) {
        return false;
      }
      rest--;
      long chunk = Math.min(rest, length - position);
      position += (int) chunk;
      rest -= chunk;
    }
    return true;
  }
}
