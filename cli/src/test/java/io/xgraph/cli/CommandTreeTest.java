package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command tree builds (no clashing options) and every command documents itself. */
class CommandTreeTest {

  @Test
  void everyCommandHasHelpAndADescription() {
    CommandLine root = new CommandLine(new Main());
    assertTrue(root.getSubcommands().size() > 1, "subcommands registered");
    walk(root);
  }

  @Test
  void unknownCommandIsAUsageError() {
    CommandLine cli = new CommandLine(new Main());
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    assertEquals(Main.EXIT_USAGE, cli.execute("no-such-command"));
    assertTrue(err.toString().contains("no-such-command"), err.toString());
  }

  private static void walk(CommandLine cmd) {
    String name = cmd.getCommandSpec().qualifiedName();
    assertTrue(
        cmd.getCommandSpec().usageMessage().description().length > 0, name + " has a description");
    assertTrue(cmd.getCommandSpec().optionsMap().containsKey("--help"), name + " has --help");
    for (CommandLine sub : cmd.getSubcommands().values()) {
      if (!"help".equals(sub.getCommandName())) {
        walk(sub);
      }
    }
  }
}
