package io.xgraph.store;

import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.internal.BoltSession;
import io.xgraph.store.internal.BulkImport;
import io.xgraph.store.internal.CypherGraphStore;
import io.xgraph.store.internal.EmbeddedNeo4j;
import io.xgraph.store.internal.EmbeddedSession;
import java.nio.file.Path;
import java.util.Collection;
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
   * Creates a new embedded store in {@code folder} holding one graph, written with Neo4j's batch
   * importer instead of transactions (several times faster). The store is identical to one that
   * {@link #openEmbedded} and {@link GraphStore#write(String, ExplanatoryGraph, Provenance,
   * Collection, WriteListener)} would make: same nodes, labels, properties, relationships,
   * constraints and indexes. It is built in a hidden folder beside {@code folder} and renamed into
   * place when complete, so a killed import leaves no store at {@code folder}.
   *
   * @param folder must not exist or be empty (an existing store is written with {@code write})
   * @throws IllegalArgumentException the folder is not empty, or a bad graph, name or image list
   * @throws IllegalStateException the import failed; nothing was left at {@code folder}
   */
  public static WriteSummary importNew(
      Path folder,
      String graphName,
      ExplanatoryGraph graph,
      Provenance provenance,
      Collection<ImageInfo> images) {
    return BulkImport.importNew(folder, graphName, graph, provenance, images, null);
  }

  /**
   * Writes a graph into the embedded store in {@code folder}: a bulk import ({@link #importNew})
   * when no store is there yet, else a transactional {@link GraphStore#write} into it.
   */
  public static WriteSummary writeEmbedded(
      Path folder,
      String graphName,
      ExplanatoryGraph graph,
      Provenance provenance,
      Collection<ImageInfo> images,
      WriteListener listener) {
    if (BulkImport.isAbsentOrEmpty(folder)) {
      return importNew(folder, graphName, graph, provenance, images);
    }
    try (GraphStore store = openEmbedded(folder)) {
      return store.write(graphName, graph, provenance, images, listener);
    }
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
