package io.xgraph.cli;

import io.xgraph.learner.compare.Comparison;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.GraphStore;
import io.xgraph.store.Provenance;

/** Saving a comparison of {@code xgraph compare} into a graph store. */
final class CompareStoreSupport {

  private CompareStoreSupport() {}

  /**
   * Writes the comparison (and first both graphs, when asked) into the store the options name.
   *
   * @throws IllegalArgumentException a model is not in the store and was not to be written
   */
  static void save(
      StoreOptions options,
      Comparison c,
      ExplanatoryGraph a,
      ExplanatoryGraph b,
      boolean writeGraphs) {
    try (GraphStore store = options.open()) {
      for (ExplanatoryGraph g : new ExplanatoryGraph[] {a, b}) {
        if (writeGraphs) {
          store.write(g, Provenance.of("xgraph compare --write-graphs"));
        } else if (store.model(g.modelName()).isEmpty()) {
          throw new IllegalArgumentException(
              "Model `"
                  + g.modelName()
                  + "` is not in the store "
                  + store.info().location()
                  + ": add --write-graphs to write both graphs first");
        }
      }
      store.writeComparison(c);
      System.out.printf(
          "stored: comparison of %s and %s with %d MATCHES relationships in %s%n",
          c.modelA(), c.modelB(), c.matches().size(), store.info().location());
    }
  }
}
