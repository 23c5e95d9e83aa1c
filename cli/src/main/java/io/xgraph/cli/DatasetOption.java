package io.xgraph.cli;

import io.xgraph.ingest.SharedData;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --dataset DIR}: the user's image folder, the same option in every command that reads
 * images (CUB layout or plain folder, any name). Without it: the folder a feature store was
 * ingested from where the command has one, else {@code <data>/cub200-dev}. Ingest and the demo also
 * take it as {@code --images} (ingest's older name); the picture and part commands and serve as
 * {@code --image-root}.
 */
public final class DatasetOption {

  /** The help text of every {@code --dataset}. */
  static final String HELP =
      "Dataset folder: " + SharedData.DATASET_KINDS + " (default: <data>/cub200-dev)";

  @Option(names = "--dataset", paramLabel = "DIR", description = HELP)
  Path dataset;

  /** The dataset folder, checked to exist; {@code data} is the command's {@code --data}. */
  Path resolve(SharedDataOption data) {
    return SharedData.dataset(dataset, null, data.data);
  }
}
