package io.xgraph.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code xgraph} command in a child JVM on the test class path (1 GB heap), for the tests that
 * kill a run midway and check what it left.
 */
final class ChildXgraph {

  private ChildXgraph() {}

  /** Starts {@code xgraph args...} with standard output and error going to {@code log}. */
  static Process start(List<String> args, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}
