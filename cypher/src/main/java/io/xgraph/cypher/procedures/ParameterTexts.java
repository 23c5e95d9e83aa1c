package io.xgraph.cypher.procedures;

/** Descriptions of the procedure parameters that several xg.* procedures share. */
final class ParameterTexts {

  /** The {@code model} parameter. */
  static final String MODEL =
      "Graph name, as listed by xg.model.list() (the model name unless the graph was named, e.g."
          + " one per category); null or '' = the store's only graph.";

  /** The {@code imagePath} parameter of the image procedures. */
  static final String IMAGE_PATH =
      "A stored Image's id or path (its box is used), or a new image file relative to the"
          + " server.xgraph.image_root setting.";

  private ParameterTexts() {}
}
