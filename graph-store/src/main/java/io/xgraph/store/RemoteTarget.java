package io.xgraph.store;

import java.net.URI;
import java.util.Set;

/**
 * A Neo4j server reached over Bolt.
 *
 * @param uri server address, e.g. {@code bolt://host:7687} or a routing {@code neo4j://host:7687}
 * @param user user name
 * @param password password
 * @param database database name (e.g. "neo4j")
 */
public record RemoteTarget(String uri, String user, String password, String database) {

  private static final Set<String> SCHEMES =
      Set.of("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc");

  public RemoteTarget {
    URI parsed;
    try {
      parsed = URI.create(uri);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "Value for `--uri` was `" + uri + "`, but must be a URI like bolt://localhost:7687");
    }
    if (parsed.getScheme() == null || !SCHEMES.contains(parsed.getScheme())) {
      throw new IllegalArgumentException(
          "Value for `--uri` was `"
              + uri
              + "`, but its scheme must be one of "
              + SCHEMES
              + " (e.g. neo4j://localhost:7687)");
    }
    if (user == null || user.isBlank()) {
      throw new IllegalArgumentException("Value for `--user` is empty: give the Neo4j user name");
    }
    if (password == null) {
      throw new IllegalArgumentException("Value for `--password` is missing: give the password");
    }
    if (database == null || database.isBlank()) {
      database = "neo4j";
    }
  }
}
