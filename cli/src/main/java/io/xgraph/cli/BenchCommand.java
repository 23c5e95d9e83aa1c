package io.xgraph.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code xgraph bench ...}: benchmarks that print tables. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks that print (and save) tables of measured figures.",
    subcommands = {BenchStoreCommand.class})
public final class BenchCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
