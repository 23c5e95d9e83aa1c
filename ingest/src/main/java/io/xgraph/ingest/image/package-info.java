/**
 * Image datasets (plain folder, CUB-200-2011 layout), object crops, background (negative) crops,
 * part keypoints in crop coordinates, and the per-model preprocessing profiles.
 */
package io.xgraph.ingest.image;
