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
   * @throws IllegalArgumentException the path is a file
   * @throws IllegalStateException the folder is in use by another process, read-only, on a disk
   *     with less than {@link EmbeddedNeo4j#MIN_FREE_TO_OPEN} free, or was written by a newer
   *     schema version
   */
  public static GraphStore openEmbedded(Path folder) {
    DatabaseManagementService dbms = EmbeddedNeo4j.start(EmbeddedNeo4j.builder(folder), folder);
    GraphDatabaseService db = EmbeddedNeo4j.defaultDatabase(dbms, folder);
    EmbeddedNeo4j.removeStaleReserve(folder);
    return new CypherGraphStore(
        new EmbeddedSession(db, dbms, folder.toAbsolutePath().toString()), true);
  }

  /**
   * Opens the embedded store in {@code folder}, which must exist: for commands that read or manage
   * a store and must never create an empty one.
   *
   * @throws IllegalArgumentException no store is there, or the path is a file
   * @throws IllegalStateException as {@link #openEmbedded}, or the folder is read-only
   */
  public static GraphStore openExistingEmbedded(Path folder) {
    checkExisting(folder);
    return openEmbedded(folder);
  }

  /**
   * Checks, without opening it, that {@code folder} holds a store this process can open (not a
   * file, not read-only, room on its disk).
   *
   * @throws IllegalArgumentException no store is there, or the path is a file
   * @throws IllegalStateException the folder is read-only or its disk full
   */
  public static void checkExisting(Path folder) {
    EmbeddedNeo4j.checkFolder(folder, false);
  }

  /**
   * Opens the embedded store in {@code folder} whose transaction log ends in a torn entry (a write
   * cut short by a full disk, where no marker of it was left): recovery cuts the entry (Neo4j keeps
   * the bytes in {@code corrupted-*.zip} beside the log) and the leftovers of the cut write are
   * removed; everything committed before it stays.
   */
  public static GraphStore recoverEmbedded(Path folder) {
    checkExisting(folder);
    DatabaseManagementService dbms =
        EmbeddedNeo4j.start(EmbeddedNeo4j.builder(folder, true), folder);
    GraphDatabaseService db = EmbeddedNeo4j.defaultDatabase(dbms, folder);
    EmbeddedNeo4j.removeStaleReserve(folder);
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
