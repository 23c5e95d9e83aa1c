package io.xgraph.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One in-process run of the {@code xgraph} command: its exit code and what it printed on standard
 * output (captured as UTF-8, so figures with "±" survive any platform charset).
 */
record CliRun(int code, String out) {

  /** Runs {@link Main#execute} on {@code args} with {@code System.out} captured. */
  static CliRun of(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      code = Main.execute(args);
    } finally {
      System.setOut(old);
    }
    return new CliRun(code, bytes.toString(StandardCharsets.UTF_8));
  }
}
