package io.xgraph.cli;

import io.xgraph.store.GraphStores;
import io.xgraph.store.RemoteTarget;
import io.xgraph.store.server.EmbeddedServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.graphdb.Result;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code xgraph part learn/localize/list} commands call the {@code xg.part.*} procedures on the
 * parts of one model ({@code --model}), so that both give the same answers: an embedded store is
 * opened with the procedures registered and the image and model roots set from the options; a
 * server ({@code --uri}) uses its own plugin and roots.
 */
final class PartCalls {

  @Mixin StoreOptions store;

  @Option(
      names = "--data",
      description = "Shared data directory; the default image and model roots live there")
  String data;

  @Option(
      names = {"--dataset", "--image-root"},
      paramLabel = "DIR",
      description =
          "Dataset folder images are read from (Image.path values and image paths are relative"
              + " to it; default: <data>/cub200-dev; embedded store only)")
  Path imageRoot;

  @Option(
      names = "--model-root",
      paramLabel = "DIR",
      description = "Folder holding the models' ONNX files (default: <data>/models; embedded only)")
  Path modelRoot;

  /** The model whose parts the command learns, localises or lists. */
  @Option(names = "--model", required = true, description = "Model name")
  String model;

  /** Runs one procedure call and returns its rows as plain Java values. */
  List<Map<String, Object>> call(String cypher, Map<String, Object> params) {
    RemoteTarget remote = store.remote();
    if (remote != null) {
      try (Driver driver =
              GraphDatabase.driver(
                  remote.uri(), AuthTokens.basic(remote.user(), remote.password()));
          Session s = driver.session(SessionConfig.forDatabase(remote.database()))) {
        return s.run(cypher, params).list(r -> r.asMap());
      } catch (ClientException e) {
        throw unwrap(e);
      }
    }
    // The part commands need the store with the model: a mistyped --store is named, not created.
    GraphStores.checkExisting(store.store);
    InProcessProcedures.setRoots(data, imageRoot, modelRoot);
    try (EmbeddedServer server =
        EmbeddedServer.start(InProcessProcedures.serverOptions(store.store))) {
      return server
          .database()
          .executeTransactionally(
              cypher,
              params,
              (Result r) ->
                  r.stream().map(m -> (Map<String, Object>) new java.util.HashMap<>(m)).toList());
    } catch (RuntimeException e) {
      throw unwrap(e);
    }
  }

  /**
   * The procedure's own exception: a user mistake stays an IllegalArgumentException (exit 2), the
   * rest becomes an IllegalStateException (exit 1), with the procedure's message only.
   */
  static RuntimeException unwrap(RuntimeException e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    if (t instanceof IllegalArgumentException iae) {
      return iae;
    }
    if (t instanceof IllegalStateException ise) {
      return ise;
    }
    // A refused argument arrives over Bolt as a client error carrying the procedure's message.
    if (e instanceof org.neo4j.driver.exceptions.Neo4jException n
        && "Neo.ClientError.Statement.ArgumentError".equals(n.code())) {
      return new IllegalArgumentException(n.getMessage(), e);
    }
    // Other failures arrive as text: "... Caused by: java.lang.IllegalArgumentException: msg"
    String m = String.valueOf(e.getMessage());
    String iae = "java.lang.IllegalArgumentException: ";
    int at = m.indexOf(iae);
    if (at >= 0) {
      return new IllegalArgumentException(m.substring(at + iae.length()), e);
    }
    String ise = "java.lang.IllegalStateException: ";
    at = m.indexOf(ise);
    if (at >= 0) {
      return new IllegalStateException(m.substring(at + ise.length()), e);
    }
    return e;
  }
}
