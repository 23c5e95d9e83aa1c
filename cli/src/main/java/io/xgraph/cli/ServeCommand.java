package io.xgraph.cli;

import io.xgraph.store.server.EmbeddedServer;
import io.xgraph.store.server.ServerOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xgraph serve}: Neo4j with Bolt and Neo4j Browser on the store, until Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Serve the store: embedded Neo4j with Bolt and Neo4j Browser on localhost, xg.*"
            + " procedures registered. Stops on Ctrl-C.")
public final class ServeCommand implements Callable<Integer> {

  /** Class the cypher module provides; its static {@code classes()} lists procedure classes. */
  static final String PLUGIN_CLASS = "io.xgraph.cypher.Plugin";

  @Option(
      names = "--store",
      paramLabel = "DIR",
      description = "Embedded store folder (default: ${DEFAULT-VALUE}).",
      defaultValue = "xgraph-work/store")
  Path store;

  @Option(
      names = "--listen",
      paramLabel = "ADDRESS",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}). Anything but loopback needs"
              + " --password.",
      defaultValue = "127.0.0.1")
  String listen;

  @Option(
      names = "--bolt-port",
      description = "Bolt port (default: ${DEFAULT-VALUE}).",
      defaultValue = "7687")
  int boltPort;

  @Option(
      names = "--http-port",
      description = "HTTP port of Neo4j Browser (default: ${DEFAULT-VALUE}).",
      defaultValue = "7474")
  int httpPort;

  @Option(
      names = "--password",
      description =
          "Turn authentication on with this password for user neo4j (default: off, or the"
              + " XGRAPH_SERVE_PASSWORD environment variable).",
      defaultValue = "${env:XGRAPH_SERVE_PASSWORD}")
  String password;

  @Override
  public Integer call() throws Exception {
    ServerOptions options =
        ServerOptions.defaults(store)
            .withListenAddress(listen)
            .withPorts(boltPort, httpPort)
            .withPassword(password)
            .withProcedures(procedureClasses());
    long start = System.nanoTime();
    EmbeddedServer server = EmbeddedServer.start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  long t = System.nanoTime();
                  server.close();
                  System.out.printf("Stopped in %d ms.%n", (System.nanoTime() - t) / 1_000_000);
                  stopped.countDown();
                },
                "xgraph-serve-shutdown"));
    int models = server.store().listModels().size();
    System.out.printf(
        "Neo4j %s serving store %s (%d model%s), started in %.1f s%n",
        server.store().info().neo4jVersion(),
        store.toAbsolutePath(),
        models,
        models == 1 ? "" : "s",
        (System.nanoTime() - start) / 1e9);
    System.out.println("  Bolt:          " + server.boltUri());
    System.out.println("  Neo4j Browser: " + server.browserUrl());
    System.out.println(
        "  Style sheet:   applied on connect; to re-apply, run in Browser: "
            + server.styleCommand());
    System.out.println("  Procedures:    " + options.procedures().size() + " classes registered");
    System.out.println("Press Ctrl-C to stop.");
    stopped.await();
    return 0;
  }

  /** The cypher module's procedure classes, when that module is on the class path. */
  @SuppressWarnings("unchecked")
  static List<Class<?>> procedureClasses() {
    try {
      Class<?> plugin = Class.forName(PLUGIN_CLASS);
      return (List<Class<?>>) plugin.getMethod("classes").invoke(null);
    } catch (ClassNotFoundException e) {
      return List.of();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          PLUGIN_CLASS + ".classes() cannot be called: " + e.getMessage(), e);
    }
  }
}
