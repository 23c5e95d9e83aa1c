package io.xgraph.cypher;

import static org.neo4j.configuration.SettingValueParsers.STRING;

import java.nio.file.Path;
import java.util.Optional;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.Description;
import org.neo4j.configuration.SettingImpl;
import org.neo4j.configuration.SettingsDeclaration;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * The plugin's settings, declared to Neo4j (listed in {@code
 * META-INF/services/org.neo4j.configuration.SettingsDeclaration}) so that a stock server accepts
 * them in {@code neo4j.conf}. Neo4j's launcher puts the plugins folder on the class path, which is
 * how the declaration is found. The embedded {@code xgraph serve} may set system properties of the
 * same names instead.
 *
 * <p>The names live under {@code server.}: Neo4j 5.26 refuses settings outside its namespaces
 * (dbms., db., browser., server., internal., client., initial., fabric., gds., apoc.).
 */
public final class XgraphSettings implements SettingsDeclaration {

  /** Name of the image root setting. */
  public static final String IMAGE_ROOT_NAME = "server.xgraph.image_root";

  /** Name of the model root setting. */
  public static final String MODEL_ROOT_NAME = "server.xgraph.model_root";

  @Description(
      "Folder under which xg.image.infer may read images; paths outside it (.., symlinks,"
          + " other absolute paths) are refused. Unset: xg.image.infer is disabled.")
  public static final Setting<String> IMAGE_ROOT =
      SettingImpl.newBuilder(IMAGE_ROOT_NAME, STRING, null).build();

  @Description(
      "Folder holding the ONNX files named by the onnxFile property of Model nodes, for"
          + " xg.image.infer.")
  public static final Setting<String> MODEL_ROOT =
      SettingImpl.newBuilder(MODEL_ROOT_NAME, STRING, null).build();

  /** The image root of the database's server, if configured. */
  public static Optional<Path> imageRoot(GraphDatabaseService db) {
    return read(db, IMAGE_ROOT_NAME);
  }

  /** The model root of the database's server, if configured. */
  public static Optional<Path> modelRoot(GraphDatabaseService db) {
    return read(db, MODEL_ROOT_NAME);
  }

  /**
   * The server's value when the setting is declared and set, else the system property of the same
   * name. The cast to GraphDatabaseAPI is a plain cast (no unrestricted injection is needed).
   */
  static Optional<Path> read(GraphDatabaseService db, String name) {
    String value = null;
    if (db instanceof GraphDatabaseAPI api) {
      Config config = api.getDependencyResolver().resolveDependency(Config.class);
      @SuppressWarnings("unchecked")
      Setting<Object> declared = config.getDeclaredSettings().get(name);
      if (declared != null && config.get(declared) != null) {
        value = String.valueOf(config.get(declared));
      }
    }
    if (value == null || value.isBlank()) {
      value = System.getProperty(name);
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
  }
}
