package io.xgraph.ingest;

/**
 * Progress callbacks of an ingest run (the command line draws a progress bar from them). Called
 * from the ingesting thread.
 */
public interface IngestListener {

  /** A phase starts ("negatives", "images") with {@code total} steps, {@code done} already. */
  default void phase(String name, int total, int done) {}

  /** One more step of the current phase is done. */
  default void step() {}

  /** The current phase ended. */
  default void phaseEnd() {}

  /** A file was skipped (unreadable image). */
  default void skipped(String file, String reason) {}

  /** Something the user should know (e.g. a fallback). */
  default void info(String message) {}

  /** A listener that ignores everything. */
  IngestListener SILENT = new IngestListener() {};
}
