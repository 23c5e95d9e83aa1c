package io.xgraph.learner.model;

/**
 * Edge child -> parent of E_V.
 *
 * @param parentId id of the upper-layer pattern
 * @param dx expected displacement of the child from the parent, image-plane x, pixels: mu_child
 *     minus the parent's mean inferred position over the training images [release], so the child's
 *     prior centre on an image is the parent's inferred position plus (dx, dy)
 * @param dy the same, image-plane y
 * @param parentSigma the parent's deformation sigma_V', pixels
 * @param coactivation co-activation strength over the training images, in [-1, 1]
 */
public record ParentLink(
    int parentId, double dx, double dy, double parentSigma, double coactivation) {}
