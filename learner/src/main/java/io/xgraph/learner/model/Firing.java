package io.xgraph.learner.model;

/**
 * Where a pattern fires on one image.
 *
 * @param imageId the image id
 * @param x inferred position, image-plane x in pixels
 * @param y inferred position, image-plane y in pixels
 * @param score inference score (after layer score scaling)
 */
public record Firing(String imageId, double x, double y, double score) {}
