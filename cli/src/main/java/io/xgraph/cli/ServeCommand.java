package io.xgraph.cli;

import io.xgraph.cypher.XgProcedures;
import io.xgraph.cypher.XgraphSettings;
import io.xgraph.ingest.SharedData;
import io.xgraph.store.ConnectionFile;
import io.xgraph.store.server.EmbeddedServer;
import io.xgraph.store.server.ServerOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.neo4j.procedure.Procedure;
import org.neo4j.procedure.UserAggregationFunction;
import org.neo4j.procedure.UserFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xgraph serve}: Neo4j with Bolt and Neo4j Browser on the store, until Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Serve the store: embedded Neo4j with Bolt and Neo4j Browser on localhost, xg.*"
            + " procedures registered, a password generated at start (printed once, in the"
            + " one-click Browser link, and in an owner-only file that --uri commands read)."
            + " Stops on Ctrl-C.")
public final class ServeCommand implements Callable<Integer> {

  @Option(
      names = "--store",
      paramLabel = "DIR",
      description = StoreOptions.STORE_HELP,
      defaultValue = StoreOptions.DEFAULT_STORE)
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
          "Password of user neo4j, 8+ characters (default: the XGRAPH_SERVE_PASSWORD environment"
              + " variable, else a random one generated at each start). Authentication is always"
              + " on: any web page can reach a loopback Bolt port.",
      defaultValue = "${env:XGRAPH_SERVE_PASSWORD}")
  String password;

  @Option(
      names = "--import",
      paramLabel = "DIR",
      description =
          "The only folder LOAD CSV may read file: URLs from (default: none, file URLs off).")
  Path importFolder;

  @Option(
      names = "--data",
      description = "Shared data directory; the default image and model roots live there")
  String data;

  @Option(
      names = {"--dataset", "--image-root"},
      paramLabel = "DIR",
      description =
          "Dataset folder the store's images came from ("
              + SharedData.DATASET_KINDS
              + "); xg.image.infer may read images from it and Image.path values are relative to"
              + " it (default: <data>/cub200-dev)")
  Path imageRoot;

  @Option(
      names = "--model-root",
      paramLabel = "DIR",
      description = "Folder holding the models' ONNX files (default: <data>/models)")
  Path modelRoot;

  @Override
  public Integer call() throws Exception {
    // The procedures read their file roots from Neo4j settings or, in this embedded server, from
    // system properties of the same names.
    InProcessProcedures.setRoots(data, imageRoot, modelRoot);
    ServerOptions options =
        ServerOptions.defaults(store)
            .withListenAddress(listen)
            .withPorts(boltPort, httpPort)
            .withPassword(password)
            .withImportFolder(importFolder)
            .withProcedures(XgProcedures.CLASSES)
            .withImageRoot(Path.of(System.getProperty(XgraphSettings.IMAGE_ROOT_NAME)));
    long start = System.nanoTime();
    EmbeddedServer server = EmbeddedServer.start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  long t = System.nanoTime();
                  server.close(); // also deletes the connection file
                  System.out.printf("Stopped in %d ms.%n", (System.nanoTime() - t) / 1_000_000);
                  stopped.countDown();
                },
                "xgraph-serve-shutdown"));
    ConnectionFile file = server.publish();
    int models = server.store().listModels().size();
    System.out.printf(
        "Neo4j %s serving store %s (%d model%s), started in %.1f s%n",
        server.store().info().neo4jVersion(),
        store.toAbsolutePath(),
        models,
        models == 1 ? "" : "s",
        (System.nanoTime() - start) / 1e9);
    System.out.println("  Neo4j Browser: " + server.browserGuideUrl());
    System.out.println(
        "  Guide:         opens with the link; to re-open, run in Browser: "
            + server.guideCommand());
    System.out.println(
        "  Bolt:          "
            + server.boltUri()
            + "  user "
            + server.user()
            + ", password "
            + (password == null ? server.password() : "as given"));
    System.out.println(
        "  Password file: "
            + file.file()
            + " (owner only; read by --uri commands and the notebooks)");
    System.out.println(
        "  Style sheet:   applied on connect; to re-apply, run in Browser: "
            + server.styleCommand());
    System.out.println(
        "  Procedures:    "
            + callableCount(options.procedures())
            + " xg.* procedures and functions (list them: CALL xg.help())");
    System.out.println(
        "  LOAD CSV:      "
            + (importFolder == null
                ? "file: URLs off (--import DIR allows one folder)"
                : "file: URLs from " + importFolder.toAbsolutePath() + " only"));
    System.out.println(
        "The link and the password give full access to the store: share neither."
            + (password == null ? " A new password is generated at the next start." : ""));
    System.out.println("Press Ctrl-C to stop.");
    stopped.await();
    return 0;
  }

  /** How many procedures and functions the classes declare (what a user can CALL). */
  static long callableCount(List<Class<?>> classes) {
    return classes.stream()
        .flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
        .filter(
            m ->
                m.isAnnotationPresent(Procedure.class)
                    || m.isAnnotationPresent(UserFunction.class)
                    || m.isAnnotationPresent(UserAggregationFunction.class))
        .count();
  }
}
