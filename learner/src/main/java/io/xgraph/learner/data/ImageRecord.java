package io.xgraph.learner.data;

import java.util.Map;

/**
 * One object image as the learner sees it.
 *
 * @param id stable image id (the CUB id, or the file name for a plain folder)
 * @param split "train", "test" or "all"
 * @param parts visible part keypoints by part id (CUB numbering, 1-based), already mapped into the
 *     coordinates of the model input plane (the resized object crop); invisible parts absent
 */
public record ImageRecord(String id, String split, Map<Integer, Point> parts) {

  public ImageRecord {
    parts = Map.copyOf(parts);
  }

  public boolean isTrain() {
    return "train".equals(split) || "all".equals(split);
  }
}
