package io.xgraph.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code xgraph bench}: benchmarks that print tables (not tests). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks that print a table of figures.",
    subcommands = {
      BenchIngestCommand.class,
      BenchLearnCommand.class,
      BenchCypherCommand.class,
      BenchStoreCommand.class,
      BenchLoadCommand.class,
      BenchMeaningCommand.class,
      BenchAllCommand.class
    })
public final class BenchCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
