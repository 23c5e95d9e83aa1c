package io.xgraph.learner.meaning;

import java.util.Random;

/**
 * A rectangle of the square model input to occlude: columns {@code [x0, x0 + width)} and rows
 * {@code [y0, y0 + height)}, pixels, always inside the {@code inputSize x inputSize} plane.
 *
 * @param x0 first column
 * @param y0 first row
 * @param width columns covered (0 = nothing occluded)
 * @param height rows covered (0 = nothing occluded)
 */
public record OcclusionRegion(int x0, int y0, int width, int height) {

  public OcclusionRegion {
    if (x0 < 0 || y0 < 0 || width < 0 || height < 0) {
      throw new IllegalArgumentException(
          "Occlusion region (" + x0 + ", " + y0 + ", " + width + ", " + height + ") is negative");
    }
  }

  /** Nothing occluded (the unoccluded image). */
  public static final OcclusionRegion NONE = new OcclusionRegion(0, 0, 0, 0);

  /** The whole {@code inputSize} plane. */
  public static OcclusionRegion whole(int inputSize) {
    return new OcclusionRegion(0, 0, inputSize, inputSize);
  }

  /**
   * The square of side {@code side} centred on ({@code x}, {@code y}) (pixel centres at integer
   * coordinates, as the layer geometry places units), clipped to the plane: a pattern near the
   * border occludes only the part of its region that is on the image.
   */
  public static OcclusionRegion around(double x, double y, double side, int inputSize) {
    if (!(side > 0) || inputSize <= 0) {
      throw new IllegalArgumentException(
          "Occlusion side " + side + " px on a " + inputSize + " px input; both must be > 0");
    }
    // Cover the pixels whose centre lies in [x - side/2, x + side/2): side pixels per axis.
    int c0 = (int) Math.ceil(x - side / 2 - 1e-9);
    int c1 = (int) Math.ceil(x + side / 2 - 1e-9);
    int r0 = (int) Math.ceil(y - side / 2 - 1e-9);
    int r1 = (int) Math.ceil(y + side / 2 - 1e-9);
    c0 = clamp(c0, inputSize);
    c1 = clamp(c1, inputSize);
    r0 = clamp(r0, inputSize);
    r1 = clamp(r1, inputSize);
    return new OcclusionRegion(c0, r0, c1 - c0, r1 - r0);
  }

  /**
   * The control: a rectangle of the same width and height (so the same occluded area) placed
   * uniformly at random wholly inside the plane.
   */
  public OcclusionRegion randomLike(int inputSize, Random random) {
    int x = random.nextInt(inputSize - width + 1);
    int y = random.nextInt(inputSize - height + 1);
    return new OcclusionRegion(x, y, width, height);
  }

  /** Occluded pixels. */
  public int area() {
    return width * height;
  }

  /** Whether pixel (col, row) is occluded. */
  public boolean contains(int col, int row) {
    return col >= x0 && col < x0 + width && row >= y0 && row < y0 + height;
  }

  private static int clamp(int v, int size) {
    return Math.max(0, Math.min(size, v));
  }
}
