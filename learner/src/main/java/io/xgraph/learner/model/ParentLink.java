package io.xgraph.learner.model;

/**
 * Edge child -> parent of E_V.
 *
 * @param parentId id of the upper-layer pattern
 * @param dx expected displacement mu_child - mu_parent, image-plane x, pixels
 * @param dy expected displacement mu_child - mu_parent, image-plane y, pixels
 * @param parentSigma the parent's deformation sigma_V', pixels
 * @param coactivation co-activation strength over the training images, in [-1, 1]
 */
public record ParentLink(
    int parentId, double dx, double dy, double parentSigma, double coactivation) {}
