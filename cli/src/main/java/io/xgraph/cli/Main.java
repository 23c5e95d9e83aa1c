package io.xgraph.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code xgraph} command. */
@Command(
    name = "xgraph",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Explanatory graphs of CNNs (Zhang et al., AAAI 2018) in a Neo4j knowledge store.",
    subcommands = {
      CommandLine.HelpCommand.class,
      DemoCommand.class,
      LayersCommand.class,
      IngestCommand.class,
      LearnCommand.class,
      EvalCommand.class,
      CompareCommand.class,
      ServeCommand.class,
      StoreCommand.class,
      CheckCommand.class,
      PartCommand.class,
      BenchCommand.class,
      PatchesCommand.class,
      HeatmapCommand.class,
      PaperTableCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces of failures.")
  boolean verbose;

  @CommandLine.Option(
      names = "--config",
      paramLabel = "FILE",
      scope = CommandLine.ScopeType.INHERIT,
      description =
          "Properties file of default option values: `threads = 4` for every command with"
              + " --threads, `part.eval.shots = 5` for one command; flags on the command line win.")
  java.nio.file.Path config;

  /** Exit code for a user mistake (bad flag, missing file, unknown layer). */
  public static final int EXIT_USAGE = 2;

  /** Exit code for a failure at run time (model cannot run, store locked, server unreachable). */
  public static final int EXIT_FAILURE = 1;

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code, without exiting the JVM. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(new ErrorReporter());
    // The defaults must be known before parsing, so --config is found ahead of picocli.
    java.nio.file.Path config = ConfigDefaults.configArgument(args);
    if (config != null) {
      try {
        cli.setDefaultValueProvider(ConfigDefaults.load(config, cli));
      } catch (IllegalArgumentException e) {
        cli.getErr().println("xgraph: " + e.getMessage());
        return EXIT_USAGE;
      }
    }
    return cli.execute(args);
  }

  /** Reports failures as one line unless {@code --verbose} or XGRAPH_VERBOSE asks for the trace. */
  static final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
      boolean verbose =
          parseResult.expandedArgs().contains("--verbose")
              || System.getenv("XGRAPH_VERBOSE") != null;
      if (verbose) {
        e.printStackTrace(cmd.getErr());
      } else {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + message);
        cmd.getErr().println("(run again with --verbose for the stack trace)");
      }
      return e instanceof IllegalArgumentException ? EXIT_USAGE : EXIT_FAILURE;
    }
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"xgraph " + (v == null ? "(development build)" : v)};
    }
  }
}
