package io.xgraph.ingest.image;

import io.xgraph.learner.data.Point;
import java.nio.file.Path;
import java.util.Map;

/**
 * One image of a dataset before cropping.
 *
 * @param id stable id (CUB image id, or the path relative to a plain folder)
 * @param file image file
 * @param box object box on the original image, or null for the whole image
 * @param split "train", "test" or "all"
 * @param parts visible part keypoints by CUB part id, original image pixels
 */
public record DatasetImage(String id, Path file, Box box, String split, Map<Integer, Point> parts) {

  public DatasetImage {
    parts = Map.copyOf(parts);
  }
}
