package io.xgraph.cypher.query;

import org.neo4j.graphdb.Node;

/**
 * The geometry of a stored {@code Layer} node.
 *
 * @param name tensor name in the ONNX graph
 * @param index position in the model's layer list, 0 = lowest
 * @param channels filters
 * @param mapH map height, units
 * @param mapW map width, units
 * @param stride input pixels between neighbouring units
 * @param firstCenter centre of unit (0, 0) on the input plane, pixels
 * @param receptiveField side of the receptive field, input pixels
 * @param inputSize side of the square model input, pixels
 * @param patternCount patterns of the layer
 */
public record LayerInfo(
    String name,
    int index,
    int channels,
    int mapH,
    int mapW,
    double stride,
    double firstCenter,
    double receptiveField,
    int inputSize,
    long patternCount) {

  static LayerInfo of(Node n) {
    return new LayerInfo(
        (String) n.getProperty("name"),
        intOf(n.getProperty("index")),
        intOf(n.getProperty("channels")),
        intOf(n.getProperty("mapH")),
        intOf(n.getProperty("mapW")),
        ((Number) n.getProperty("stride")).doubleValue(),
        ((Number) n.getProperty("firstCenter")).doubleValue(),
        ((Number) n.getProperty("receptiveField")).doubleValue(),
        intOf(n.getProperty("inputSize")),
        ((Number) n.getProperty("patternCount", 0L)).longValue());
  }

  private static int intOf(Object o) {
    return ((Number) o).intValue();
  }
}
