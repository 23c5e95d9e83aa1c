package io.xgraph.cli;

import io.xgraph.ingest.IngestBenchmark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xgraph bench ingest}: ingest throughput versus ONNX Runtime's bare forward pass. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description =
        "Images per second of ingest versus ONNX Runtime's bare forward pass on the same images"
            + " and threads, store size per image and peak heap; prints the table and writes it"
            + " to --out.")
public final class BenchIngestCommand implements Callable<Integer> {

  @Mixin IngestCommand.Common common = new IngestCommand.Common();

  @Option(
      names = "--out",
      defaultValue = "bench-ingest.txt",
      description = "File for the table (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--work",
      defaultValue = "xgraph-work/bench",
      description = "Scratch directory for the benchmark's store (default: ${DEFAULT-VALUE})")
  Path work;

  @Option(names = "--limit", defaultValue = "0", description = "At most N images (0 = all)")
  int limit;

  @Option(
      names = "--repeat",
      defaultValue = "3",
      description =
          "Interleaved repetitions of every variant; the table shows medians (default:"
              + " ${DEFAULT-VALUE})")
  int repeat;

  @Override
  public Integer call() throws IOException {
    String table =
        IngestBenchmark.run(
            common.modelPath(),
            common.imagesPath(),
            common.layers,
            common.preprocess,
            common.threads,
            limit,
            repeat,
            work,
            new IngestCommand.BarListener());
    BenchOutput.printAndWrite(table, out);
    return 0;
  }
}
