package io.xgraph.ingest;

import java.nio.file.Path;
import java.util.List;

/**
 * What an ingest run did.
 *
 * @param store the store directory
 * @param images images in the store now
 * @param writtenThisRun images written by this run (0 if the store was complete)
 * @param negatives negative crops used for sigma (0 if sigma came from an earlier run)
 * @param skipped skipped files of all runs, "file: reason"
 * @param negativeSeconds wall time of the negatives pass in this run
 * @param imageSeconds wall time of the image pass in this run
 * @param storeBytes bytes of the layer files
 */
public record IngestResult(
    Path store,
    int images,
    int writtenThisRun,
    int negatives,
    List<String> skipped,
    double negativeSeconds,
    double imageSeconds,
    long storeBytes) {}
