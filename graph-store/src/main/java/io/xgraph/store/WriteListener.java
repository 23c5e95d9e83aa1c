package io.xgraph.store;

/** Progress of a {@link GraphStore#write} call, told after each committed batch. */
@FunctionalInterface
public interface WriteListener {

  /** A listener that ignores progress. */
  WriteListener NONE = (phase, done, total) -> {};

  /**
   * Called after a batch of {@code phase} ("layers", "patterns", "images", "parents", "firings",
   * "publish", "cleanup") committed; {@code done} of {@code total} rows are written. Throwing here
   * aborts the write (the previous version stays current).
   */
  void committed(String phase, long done, long total);
}
