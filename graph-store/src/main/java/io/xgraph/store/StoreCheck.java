package io.xgraph.store;

import io.xgraph.store.internal.BoltSession;
import io.xgraph.store.internal.CypherSession;
import io.xgraph.store.internal.EmbeddedNeo4j;
import io.xgraph.store.internal.EmbeddedSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Read-only consistency check of a store: the schema version, no leftovers of an interrupted write,
 * and for every model its counts equal to its summary, PARENT edges from one layer to the next of
 * the same model, FIRES_ON edges to visible Image nodes, finite pattern parameters.
 *
 * <p>Unlike {@link GraphStores}, opening a store here changes nothing (leftovers are reported, not
 * removed), so the check shows the state a crash left behind.
 */
public final class StoreCheck {

  private StoreCheck() {}

  /** Labels of nodes that exist only while a write is under way (or after it was killed). */
  private static final List<String> TRANSIENT_LABELS =
      List.of(
          "StagedModel",
          "StagedLayer",
          "StagedPattern",
          "StagedImage",
          "RetiredModel",
          "RetiredLayer",
          "RetiredPattern");

  /**
   * Checks the embedded store in {@code folder}.
   *
   * @throws IllegalArgumentException no store is there (nothing is created), or the path is a file
   * @throws IllegalStateException the folder is in use by another process, read-only, or on a full
   *     disk
   */
  public static List<String> embedded(Path folder) {
    EmbeddedNeo4j.checkFolder(folder, false);
    List<String> out = new ArrayList<>();
    if (Files.exists(folder.resolve(EmbeddedNeo4j.RESERVE_FILE))) {
      out.add(
          "Store "
              + folder.toAbsolutePath()
              + " holds "
              + EmbeddedNeo4j.RESERVE_FILE
              + ": a write into it was killed before it ended; xgraph deletes it the next time it"
              + " opens the store (e.g. `xgraph store info`)");
    }
    if (Files.exists(folder.resolve(EmbeddedNeo4j.INTERRUPTED_MARKER))) {
      out.add(
          "Store "
              + folder.toAbsolutePath()
              + " holds "
              + EmbeddedNeo4j.INTERRUPTED_MARKER
              + ": a write into it failed on a full disk; opening it cuts the log entry that"
              + " write may have torn (this check did so) and xgraph removes what it left the"
              + " next time it opens the store (e.g. `xgraph store info`)");
    }
    DatabaseManagementService dbms = EmbeddedNeo4j.start(EmbeddedNeo4j.builder(folder), folder);
    GraphDatabaseService db = EmbeddedNeo4j.defaultDatabase(dbms, folder);
    try (CypherSession session =
        new EmbeddedSession(db, dbms, folder.toAbsolutePath().toString())) {
      out.addAll(check(session));
    }
    return out;
  }

  /** Checks a store on a Neo4j server. */
  public static List<String> remote(RemoteTarget target) {
    try (CypherSession session = BoltSession.connect(target)) {
      return check(session);
    }
  }

  /** Checks the database behind {@code session} (read transactions only). */
  static List<String> check(CypherSession session) {
    return session.read(tx -> problems(tx, session.location()));
  }

  private static List<String> problems(CypherSession.Tx tx, String location) {
    List<String> out = new ArrayList<>();
    long schema =
        tx.count("MATCH (s:XgraphSchema) RETURN coalesce(max(s.version), 0) AS n", Map.of());
    if (schema == 0) {
      out.add(
          "Store "
              + location
              + " has no xgraph schema version: it was never opened by xgraph (wrong --store or"
              + " --database?)");
    } else if (schema > GraphStore.SCHEMA_VERSION) {
      out.add(
          "Store "
              + location
              + " has schema version "
              + schema
              + ", this xgraph knows up to "
              + GraphStore.SCHEMA_VERSION
              + "; check it with a newer xgraph");
    }
    for (String label : TRANSIENT_LABELS) {
      // Labels are code constants, never user input.
      long n = tx.count("MATCH (x:" + label + ") RETURN count(x) AS n", Map.of());
      if (n > 0) {
        out.add(
            n
                + " "
                + label
                + " node(s): leftovers of an interrupted write (full disk or killed process),"
                + " invisible to readers; xgraph removes them the next time it opens the store"
                + " (e.g. `xgraph store info`), then write the model again; or delete the store"
                + " folder and write it again");
      }
    }
    for (Map<String, Object> m :
        tx.list(
            "MATCH (m:ExplanatoryGraph) RETURN m.name AS name, m.patternCount AS patterns,"
                + " m.parentCount AS parents, m.firingCount AS firings, size(m.layers) AS layers,"
                + " m.trainingImageCount AS images, size(m.trainingImageIds) AS imageIds"
                + " ORDER BY name",
            Map.of())) {
      checkModel(tx, m, out);
    }
    long orphans =
        tx.count(
            "MATCH (p:Pattern) WHERE NOT EXISTS { MATCH (m:ExplanatoryGraph) WHERE m.name = p.graph }"
                + " RETURN count(p) AS n",
            Map.of());
    if (orphans > 0) {
      out.add(
          orphans
              + " Pattern node(s) belong to no ExplanatoryGraph; delete them with"
              + " `MATCH (p:Pattern) WHERE NOT EXISTS { MATCH (m:ExplanatoryGraph) WHERE m.name = p.graph }"
              + " DETACH DELETE p`");
    }
    return out;
  }

  private static void checkModel(CypherSession.Tx tx, Map<String, Object> m, List<String> out) {
    String name = (String) m.get("name");
    Map<String, Object> p = Map.of("name", name);
    String fix =
        "; write the model again (xgraph learn --store) or delete it (xgraph store delete)";
    compare(
        out,
        name,
        "patterns",
        m.get("patterns"),
        tx.count("MATCH (x:Pattern {graph: $name}) RETURN count(x) AS n", p),
        fix);
    compare(
        out,
        name,
        "PARENT edges",
        m.get("parents"),
        tx.count("MATCH (:Pattern {graph: $name})-[r:PARENT]->() RETURN count(r) AS n", p),
        fix);
    compare(
        out,
        name,
        "FIRES_ON edges",
        m.get("firings"),
        tx.count("MATCH (:Pattern {graph: $name})-[r:FIRES_ON]->() RETURN count(r) AS n", p),
        fix);
    compare(
        out,
        name,
        "layers",
        m.get("layers"),
        tx.count(
            "MATCH (:ExplanatoryGraph {name: $name})-[:HAS_LAYER]->(l:Layer) RETURN count(l) AS n",
            p),
        fix);
    compare(out, name, "training image ids", m.get("images"), m.get("imageIds"), fix);
    long wrongParents =
        tx.count(
            "MATCH (c:Pattern {graph: $name})-[:PARENT]->(q)"
                + " WHERE NOT q:Pattern OR q.graph <> c.graph OR q.layer <> c.layer + 1"
                + " RETURN count(*) AS n",
            p);
    if (wrongParents > 0) {
      out.add(
          "Model `"
              + name
              + "`: "
              + wrongParents
              + " PARENT edge(s) do not point to a pattern of the next layer of the same model"
              + fix);
    }
    long wrongFirings =
        tx.count(
            "MATCH (:Pattern {graph: $name})-[:FIRES_ON]->(i) WHERE NOT i:Image"
                + " RETURN count(*) AS n",
            p);
    if (wrongFirings > 0) {
      out.add(
          "Model `"
              + name
              + "`: "
              + wrongFirings
              + " FIRES_ON edge(s) point to a node that is not a visible Image"
              + fix);
    }
    long homeless =
        tx.count(
            "MATCH (x:Pattern {graph: $name}) WHERE NOT EXISTS {"
                + " MATCH (:ExplanatoryGraph {name: $name})-[:HAS_LAYER]->(l:Layer)-[:HAS_PATTERN]->(x)"
                + " WHERE l.index = x.layer } RETURN count(x) AS n",
            p);
    if (homeless > 0) {
      out.add(
          "Model `"
              + name
              + "`: "
              + homeless
              + " pattern(s) are not under their layer (Model-HAS_LAYER-Layer-HAS_PATTERN)"
              + fix);
    }
    long nonFinite =
        tx.count(
            "MATCH (x:Pattern {graph: $name}) WHERE isNaN(x.muX) OR isNaN(x.muY)"
                + " OR isNaN(x.sigma) OR isNaN(x.meanScore) OR abs(x.sigma) > 1e300"
                + " OR abs(x.meanScore) > 1e300 RETURN count(x) AS n",
            p);
    if (nonFinite > 0) {
      out.add(
          "Model `" + name + "`: " + nonFinite + " pattern(s) hold NaN or infinite values" + fix);
    }
  }

  private static void compare(
      List<String> out, String model, String what, Object summary, Object actual, String fix) {
    long expected = summary == null ? -1 : ((Number) summary).longValue();
    long found = actual == null ? -1 : ((Number) actual).longValue();
    if (expected != found) {
      out.add(
          "Model `"
              + model
              + "`: its summary says "
              + (expected < 0 ? "nothing" : Long.toString(expected))
              + " "
              + what
              + ", the store holds "
              + found
              + fix);
    }
  }
}
