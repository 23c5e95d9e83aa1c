package io.xgraph.cypher.results;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.neo4j.procedure.Description;

/** One stored explanatory graph (row of {@code xg.model.list}). */
public final class ModelResult {
  @Description(
      "Graph name (ExplanatoryGraph.name): the model name unless the writer named the graph; what"
          + " the other xg procedures' `model` argument takes.")
  public final String name;

  @Description("Name of the CNN the graph explains (its Model node).")
  public final String model;

  @Description("Object category the graph was learned on, or \"\" when not named.")
  public final String category;

  @Description("How many times the model was written (1 = first).")
  public final long version;

  @Description("SHA-256 of the ONNX file the graph was learned from.")
  public final String onnxSha256;

  @Description("ONNX file name under server.xgraph.model_root (Model.onnxFile), or null.")
  public final String onnxFile;

  @Description("Preprocessing profile id (Model.preprocessing), or null.")
  public final String preprocessing;

  @Description("Layer names, lowest first.")
  public final List<String> layers;

  @Description("Number of patterns.")
  public final long patternCount;

  @Description("Number of PARENT relationships.")
  public final long parentCount;

  @Description("Number of FIRES_ON relationships (top images).")
  public final long firingCount;

  @Description("Number of training images.")
  public final long trainingImageCount;

  @Description("When this version became current.")
  public final ZonedDateTime writtenAt;

  @Description("When the graph was learned (staged for writing).")
  public final ZonedDateTime learnedAt;

  @Description("Dataset named in the provenance.")
  public final String dataset;

  @Description("Learning parameters.")
  public final Map<String, Object> parameters;

  @Description("Tool versions of the provenance.")
  public final Map<String, Object> toolVersions;

  @Description("Other provenance properties of the Model node.")
  public final Map<String, Object> properties;

  public ModelResult(
      String name,
      String model,
      String category,
      long version,
      String onnxSha256,
      String onnxFile,
      String preprocessing,
      List<String> layers,
      long patternCount,
      long parentCount,
      long firingCount,
      long trainingImageCount,
      ZonedDateTime writtenAt,
      ZonedDateTime learnedAt,
      String dataset,
      Map<String, Object> parameters,
      Map<String, Object> toolVersions,
      Map<String, Object> properties) {
    this.name = name;
    this.model = model;
    this.category = category;
    this.version = version;
    this.onnxSha256 = onnxSha256;
    this.onnxFile = onnxFile;
    this.preprocessing = preprocessing;
    this.layers = layers;
    this.patternCount = patternCount;
    this.parentCount = parentCount;
    this.firingCount = firingCount;
    this.trainingImageCount = trainingImageCount;
    this.writtenAt = writtenAt;
    this.learnedAt = learnedAt;
    this.dataset = dataset;
    this.parameters = parameters;
    this.toolVersions = toolVersions;
    this.properties = properties;
  }
}
