package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --config FILE}: defaults for every command, command-line flags win, unknown keys fail. */
class ConfigDefaultsTest {

  @TempDir Path tmp;

  private CommandLine parsed(Path config, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setDefaultValueProvider(ConfigDefaults.load(config, cli));
    cli.parseArgs(args);
    return cli;
  }

  @Test
  void bareKeysReachEveryCommandAndCommandPathsWin() throws Exception {
    Path config = tmp.resolve("xgraph.properties");
    Files.writeString(
        config,
        "# defaults\nthreads = 3\ndemo.threads = 5\ndemo.work = /tmp/x-demo\n"
            + "part.eval.shots = 7\n");
    CommandLine cli = parsed(config, "demo");
    DemoCommand demo = cli.getSubcommands().get("demo").getCommand();
    assertEquals(5, demo.threads);
    assertEquals(Path.of("/tmp/x-demo"), demo.work);
    assertEquals(20, demo.iterations, "options absent from the file keep their defaults");

    cli = parsed(config, "learn", "--features", "f", "--out", "g");
    LearnCommand learn = cli.getSubcommands().get("learn").getCommand();
    assertEquals(Integer.valueOf(3), learn.threads);

    cli = parsed(config, "part", "eval", "--features", "f", "--graph", "g");
    PartEvalCommand eval =
        cli.getSubcommands().get("part").getSubcommands().get("eval").getCommand();
    assertEquals(7, eval.shots);
  }

  /**
   * One {@code dataset} key reaches every command's {@code --dataset}, whatever other names the
   * option has ({@code --images}, {@code --image-root}); an older key under another name works.
   */
  @Test
  void oneDatasetKeyForEveryCommand() throws Exception {
    Path config = tmp.resolve("d.properties");
    Files.writeString(config, "dataset = /srv/birds\nbench.ingest.images = /srv/other\n");
    CommandLine cli = parsed(config, "demo");
    assertEquals(
        Path.of("/srv/birds"), cli.getSubcommands().get("demo").<DemoCommand>getCommand().dataset);
    cli = parsed(config, "ingest");
    assertEquals(
        Path.of("/srv/birds"),
        cli.getSubcommands().get("ingest").<IngestCommand>getCommand().common.images);
    cli = parsed(config, "serve", "--store", "s");
    assertEquals(
        Path.of("/srv/birds"),
        cli.getSubcommands().get("serve").<ServeCommand>getCommand().imageRoot);
    cli = parsed(config, "bench", "ingest");
    BenchIngestCommand bench =
        cli.getSubcommands().get("bench").getSubcommands().get("ingest").getCommand();
    assertEquals(Path.of("/srv/other"), bench.common.images, "the command path wins");
  }

  @Test
  void theCommandLineWins() throws Exception {
    Path config = tmp.resolve("c.properties");
    Files.writeString(config, "demo.threads = 5\nlimit = 9\n");
    CommandLine cli = parsed(config, "demo", "--threads", "1");
    DemoCommand demo = cli.getSubcommands().get("demo").getCommand();
    assertEquals(1, demo.threads);
    assertEquals(9, demo.limit);
  }

  @Test
  void anUnknownKeyIsAUsageErrorNamingTheKey() throws Exception {
    Path config = tmp.resolve("bad.properties");
    Files.writeString(config, "demo.thread = 4\n");
    java.io.PrintStream old = System.err;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    int code;
    try {
      System.setErr(new java.io.PrintStream(buf, true));
      code = Main.execute("--config", config.toString(), "layers", "--help");
    } finally {
      System.setErr(old);
    }
    assertEquals(Main.EXIT_USAGE, code);
    assertTrue(buf.toString().contains("`demo.thread`"), buf.toString());
    assertEquals(
        Main.EXIT_USAGE, Main.execute("--config=" + tmp.resolve("missing.properties"), "layers"));
  }

  @Test
  void aBadValueIsAUsageError() throws Exception {
    Path config = tmp.resolve("v.properties");
    Files.writeString(config, "threads = many\n");
    assertEquals(Main.EXIT_USAGE, Main.execute("--config", config.toString(), "demo", "--help"));
  }
}
