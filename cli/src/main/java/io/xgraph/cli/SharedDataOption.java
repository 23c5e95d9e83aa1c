package io.xgraph.cli;

import io.xgraph.ingest.SharedData;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --data}: the shared data directory (models/, cub200-dev/); when not given, {@link
 * SharedData#locate} finds it (XGRAPH_DATA, else ../shared/data).
 */
public final class SharedDataOption {

  @Option(names = "--data", description = "Shared data directory (models/, cub200-dev/)")
  String data;

  /** The shared data directory, checked to exist. */
  Path locate() {
    return SharedData.locate(data);
  }
}
