package io.xgraph.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code xgraph part list}: {@code xg.part.list}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the parts learned on the current version of a model (xg.part.list).")
public final class PartListCommand implements Callable<Integer> {

  @Mixin PartCalls calls;

  @Override
  public Integer call() {
    List<Map<String, Object>> rows =
        calls.call("CALL xg.part.list($model)", Map.of("model", calls.model));
    if (rows.isEmpty()) {
      System.out.println(
          "Model `" + calls.model + "` has no parts; learn one with `xgraph part learn`.");
      return 0;
    }
    System.out.printf(
        "%-16s %8s %10s %6s  %s%n", "part", "version", "templates", "uses", "learned at");
    for (Map<String, Object> r : rows) {
      System.out.printf(
          "%-16s %8s %10s %6s  %s%n",
          r.get("part"),
          r.get("modelVersion"),
          r.get("templates"),
          r.get("uses"),
          r.get("learnedAt"));
    }
    return 0;
  }
}
