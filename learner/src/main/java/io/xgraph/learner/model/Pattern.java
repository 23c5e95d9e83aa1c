package io.xgraph.learner.model;

import java.util.List;

/**
 * A part pattern: one node of the explanatory graph (node V of the paper).
 *
 * @param id id unique within the graph (0-based, dense over all layers)
 * @param layer index of the layer in {@link ExplanatoryGraph#layers()}
 * @param channel filter index d within the layer
 * @param slot index of the node among the nodes of its filter
 * @param muX prior position mu_V, image-plane x in pixels
 * @param muY prior position mu_V, image-plane y in pixels
 * @param sigma deformation sigma_V, pixels
 * @param meanScore mean inference score over the training images (after layer score scaling)
 * @param parents E_V: links to upper-layer patterns; empty for the top layer
 * @param topImages the training images where the pattern fires strongest, best first
 */
public record Pattern(
    int id,
    int layer,
    int channel,
    int slot,
    double muX,
    double muY,
    double sigma,
    double meanScore,
    List<ParentLink> parents,
    List<Firing> topImages) {

  public Pattern {
    parents = List.copyOf(parents);
    topImages = List.copyOf(topImages);
  }
}
