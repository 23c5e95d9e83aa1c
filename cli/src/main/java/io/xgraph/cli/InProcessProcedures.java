package io.xgraph.cli;

import io.xgraph.cypher.XgProcedures;
import io.xgraph.cypher.XgraphSettings;
import io.xgraph.ingest.SharedData;
import io.xgraph.store.server.ServerOptions;
import java.nio.file.Path;

/**
 * The embedded Neo4j that runs the xg.* procedures inside this JVM, and the file roots those
 * procedures read images and models from.
 */
final class InProcessProcedures {

  private InProcessProcedures() {}

  /**
   * An embedded server on {@code store} with the xg.* procedures registered, on free Bolt ports and
   * without HTTP: for calls from this process only.
   */
  static ServerOptions serverOptions(Path store) {
    return ServerOptions.defaults(store)
        .withPorts(0, 0)
        .withHttp(false)
        .withProcedures(XgProcedures.CLASSES);
  }

  /**
   * Sets the image and model roots: in an embedded server the procedures read them from system
   * properties named as the Neo4j settings.
   */
  static void setRoots(Path images, Path models) {
    System.setProperty(XgraphSettings.IMAGE_ROOT_NAME, images.toAbsolutePath().toString());
    System.setProperty(XgraphSettings.MODEL_ROOT_NAME, models.toAbsolutePath().toString());
  }

  /**
   * As {@link #setRoots(Path, Path)}, a root not given ({@code null}) taken from the shared data
   * folder: {@code <data>/cub200-dev} and {@code <data>/models}.
   */
  static void setRoots(String data, Path imageRoot, Path modelRoot) {
    Path images = imageRoot;
    Path models = modelRoot;
    if (images == null || models == null) {
      Path shared = SharedData.locate(data);
      images = images != null ? images : SharedData.cubDev(shared);
      models = models != null ? models : shared.resolve("models");
    }
    setRoots(images, models);
  }
}
