package io.xgraph.cli;

import io.xgraph.learner.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Files of the benchmarks: the table each prints and writes, and its scratch folders. */
final class BenchOutput {

  private BenchOutput() {}

  /** Prints {@code table}, writes it to {@code out} (making its folder) and says where. */
  static void printAndWrite(String table, Path out) throws IOException {
    System.out.print(table);
    AtomicFiles.writeString(out, table);
    System.out.println("table written to " + out);
  }

  /** Deletes {@code dir} with everything below it; nothing when it does not exist. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
