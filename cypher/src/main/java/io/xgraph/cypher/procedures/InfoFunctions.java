package io.xgraph.cypher.procedures;

import io.xgraph.store.GraphStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.UserFunction;

/** {@code xg.version()}: which xgraph answers, for bug reports and client checks. */
public class InfoFunctions {

  private static final String VERSION_RESOURCE = "/io/xgraph/cypher/xgraph-version.properties";

  @UserFunction(name = "xg.version")
  @Description(
      "Returns the version of the xgraph procedures and the store schema version they read, e.g."
          + " 'xgraph 0.1.0 (store schema "
          + GraphStore.SCHEMA_VERSION
          + ")'.")
  public String version() {
    return "xgraph " + projectVersion() + " (store schema " + GraphStore.SCHEMA_VERSION + ")";
  }

  static String projectVersion() {
    Properties p = new Properties();
    try (InputStream in = InfoFunctions.class.getResourceAsStream(VERSION_RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return p.getProperty("version", "unknown");
  }
}
