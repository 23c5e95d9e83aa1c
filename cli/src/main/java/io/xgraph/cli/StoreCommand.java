package io.xgraph.cli;

import io.xgraph.store.GraphStore;
import io.xgraph.store.GraphStores;
import io.xgraph.store.ModelInfo;
import io.xgraph.store.StoreInfo;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code xgraph store info|list|delete}: look after the graphs in a store. */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    description = "Inspect and manage the explanatory graphs in a store.",
    subcommands = {
      StoreCommand.Info.class,
      StoreCommand.List.class,
      StoreCommand.Delete.class,
      StoreCommand.Recover.class
    })
public final class StoreCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  static void print(ModelInfo m, PrintStream out) {
    out.printf(
        "%-24s v%d  %,d patterns  %,d parent links  %,d firings  layers %s  written %s  sha256 %s%n",
        m.name(),
        m.version(),
        m.patternCount(),
        m.parentCount(),
        m.firingCount(),
        m.layers(),
        m.writtenAt(),
        m.onnxSha256().length() > 12 ? m.onnxSha256().substring(0, 12) + "..." : m.onnxSha256());
    // A graph named apart from its CNN (one per category) says which CNN and category it is.
    if (!m.name().equals(m.model()) || !m.category().isEmpty()) {
      out.printf(
          "%-24s model %s%s  dataset %s%n",
          "", m.model(), m.category().isEmpty() ? "" : "  category " + m.category(), m.dataset());
    }
  }

  /** Store location, versions and models. */
  @Command(name = "info", mixinStandardHelpOptions = true, description = "Describe the store.")
  static final class Info implements Callable<Integer> {
    @Mixin StoreOptions options;

    @Override
    public Integer call() {
      try (GraphStore store = options.openExisting()) {
        printInfo(store.info());
      }
      return 0;
    }
  }

  static void printInfo(StoreInfo info) {
    System.out.println("Store:          " + info.location() + " (" + info.backend() + ")");
    System.out.println("Neo4j:          " + info.neo4jVersion());
    System.out.println("Schema version: " + info.schemaVersion());
    System.out.println("Models:         " + info.models().size());
    info.models().forEach(m -> print(m, System.out));
    info.repaired().forEach(r -> System.out.println("Repaired:       " + r));
  }

  /** Opens an embedded store whose transaction log ends in a torn entry. */
  @Command(
      name = "recover",
      mixinStandardHelpOptions = true,
      description =
          "Recover an embedded store whose transaction log ends in a torn entry (a write cut"
              + " short by a full disk): the entry is cut (Neo4j keeps its bytes in a"
              + " corrupted-*.zip beside the log) and what the cut write left is removed;"
              + " everything committed before it stays. Then describes the store as `info`.")
  static final class Recover implements Callable<Integer> {
    @Mixin StoreOptions options;

    @Override
    public Integer call() {
      if (options.uri != null) {
        throw new IllegalArgumentException(
            "`store recover` works on an embedded --store folder; a server recovers its own"
                + " databases");
      }
      try (GraphStore store = GraphStores.recoverEmbedded(options.store)) {
        printInfo(store.info());
      }
      return 0;
    }
  }

  /** One line per model. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the models.")
  static final class List implements Callable<Integer> {
    @Mixin StoreOptions options;

    @Override
    public Integer call() {
      try (GraphStore store = options.openExisting()) {
        store.listModels().forEach(m -> print(m, System.out));
      }
      return 0;
    }
  }

  /** Deletes one model's graph. */
  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a model's graph (and images no other model uses).")
  static final class Delete implements Callable<Integer> {
    @Mixin StoreOptions options;

    @Parameters(
        paramLabel = "GRAPH",
        description = "Name of the graph to delete (the model name unless the graph was named).")
    String model;

    @Override
    public Integer call() {
      try (GraphStore store = options.openExisting()) {
        if (!store.delete(model)) {
          throw new IllegalArgumentException(
              "No model `" + model + "` in the store: see `xgraph store list`");
        }
        System.out.println("Deleted model " + model);
      }
      return 0;
    }
  }
}
