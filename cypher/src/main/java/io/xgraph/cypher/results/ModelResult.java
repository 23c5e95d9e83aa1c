package io.xgraph.cypher.results;

import java.util.List;
import java.util.Map;
import org.neo4j.procedure.Description;

/** One stored model (row of {@code xg.model.list}). */
public final class ModelResult {
  @Description("Model name.")
  public final String name;

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

  @Description("When this version became current, as ISO-8601 text.")
  public final String writtenAt;

  @Description("Dataset named in the provenance.")
  public final String dataset;

  @Description("Learning parameters as JSON text.")
  public final String parameters;

  @Description("Tool versions of the provenance as JSON text.")
  public final String toolVersions;

  @Description("Other provenance properties of the Model node.")
  public final Map<String, Object> properties;

  public ModelResult(
      String name,
      long version,
      String onnxSha256,
      String onnxFile,
      String preprocessing,
      List<String> layers,
      long patternCount,
      long parentCount,
      long firingCount,
      long trainingImageCount,
      String writtenAt,
      String dataset,
      String parameters,
      String toolVersions,
      Map<String, Object> properties) {
    this.name = name;
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
    this.dataset = dataset;
    this.parameters = parameters;
    this.toolVersions = toolVersions;
    this.properties = properties;
  }
}
