package io.xgraph.store;

import io.xgraph.store.internal.BoltSession;
import io.xgraph.store.internal.CypherGraphStore;
import io.xgraph.store.internal.EmbeddedNeo4j;
import io.xgraph.store.internal.EmbeddedSession;
import java.nio.file.Path;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.graphdb.GraphDatabaseService;

/** Opens a {@link GraphStore}: an embedded database folder (default) or a remote server. */
public final class GraphStores {

  private GraphStores() {}

  /**
   * Opens (creating if needed) an embedded store in {@code folder}; the folder is locked until
   * {@link GraphStore#close()}. Leftovers of a write that was killed are deleted here.
   *
   * @throws IllegalStateException the folder is in use by another process, or was written by a
   *     newer schema version
   */
  public static GraphStore openEmbedded(Path folder) {
    DatabaseManagementService dbms = EmbeddedNeo4j.start(EmbeddedNeo4j.builder(folder), folder);
    GraphDatabaseService db = EmbeddedNeo4j.defaultDatabase(dbms, folder);
    return new CypherGraphStore(
        new EmbeddedSession(db, dbms, folder.toAbsolutePath().toString()), true);
  }

  /**
   * A store over a database someone else started and will shut down (the server launcher, tests).
   *
   * @param exclusive true if no other process writes this database (leftovers of killed writes are
   *     then all deleted on open)
   */
  public static GraphStore embedded(GraphDatabaseService db, String location, boolean exclusive) {
    return new CypherGraphStore(new EmbeddedSession(db, null, location), exclusive);
  }

  /**
   * Connects to a Neo4j server over Bolt ({@code bolt://} or routing {@code neo4j://} URIs).
   *
   * @throws IllegalArgumentException wrong credentials or unknown database
   * @throws IllegalStateException the server is unreachable
   */
  public static GraphStore openRemote(RemoteTarget target) {
    return new CypherGraphStore(BoltSession.connect(target), false);
  }
}
