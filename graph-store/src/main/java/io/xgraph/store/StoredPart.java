package io.xgraph.store;

import io.xgraph.learner.aog.PartModel;

/**
 * A part read back from the store.
 *
 * @param info its summary
 * @param model the And-Or graph, equal to the one written
 */
public record StoredPart(PartInfo info, PartModel model) {}
