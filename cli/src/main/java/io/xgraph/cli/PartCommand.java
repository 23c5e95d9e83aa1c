package io.xgraph.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code xgraph part}: few-shot semantic parts on top of a learned graph (And-Or graph). */
@Command(
    name = "part",
    mixinStandardHelpOptions = true,
    description =
        "Few-shot semantic part localisation with an And-Or graph on the explanatory graph's"
            + " patterns (paper section 4.5).",
    subcommands = {
      PartLearnCommand.class,
      PartLocalizeCommand.class,
      PartListCommand.class,
      PartEvalCommand.class,
      PartShowCommand.class,
      PartLabelsCommand.class,
      PartOcclusionCommand.class,
      PartDescribeCommand.class,
      PartSimilarCheckCommand.class
    })
public final class PartCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
