package io.xgraph.store;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * Summary of one stored explanatory graph (its {@code ExplanatoryGraph} node).
 *
 * @param name graph name (the model name unless the writer named the graph)
 * @param onnxSha256 SHA-256 of the ONNX file
 * @param version how many times the model was written (1 = first)
 * @param layers layer names, lowest first
 * @param patternCount number of patterns
 * @param parentCount number of PARENT relationships
 * @param firingCount number of FIRES_ON relationships
 * @param trainingImageCount number of training images
 * @param writtenAt when this version became current (database clock)
 * @param dataset dataset named in the provenance
 * @param toolVersions tool versions named in the provenance
 * @param model name of the CNN the graph explains (its {@code Model} node)
 * @param category object category the graph was learned on, "" when not named
 */
public record ModelInfo(
    String name,
    String onnxSha256,
    long version,
    List<String> layers,
    long patternCount,
    long parentCount,
    long firingCount,
    long trainingImageCount,
    ZonedDateTime writtenAt,
    String dataset,
    Map<String, String> toolVersions,
    String model,
    String category) {

  public ModelInfo {
    layers = List.copyOf(layers);
    toolVersions = Map.copyOf(toolVersions);
  }
}
