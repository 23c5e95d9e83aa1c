package io.xgraph.store.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes graph versions that are not current: the retired one after a new version is published or
 * a graph is deleted, and what an interrupted write left (staged or retired nodes), in batches so
 * that any graph size fits in a transaction.
 */
final class VersionCleanup {

  private final CypherSession session;

  VersionCleanup(CypherSession session) {
    this.session = session;
  }

  /** Deletes the unfinished new version of graph {@code name} (its staged nodes). */
  void deleteStaged(String name) {
    Map<String, Object> p = Map.of("name", name);
    deleteInBatches("MATCH (x:StagedPattern {graph: $name})", p);
    deleteInBatches("MATCH (x:StagedLayer {graph: $name})", p);
    List<String> writers =
        session.read(
            tx ->
                tx.list("MATCH (m:StagedModel {name: $name}) RETURN m.writer AS w", p).stream()
                    .map(r -> (String) r.get("w"))
                    .toList());
    for (String w : writers) {
      deleteInBatches("MATCH (x:StagedImage {writer: $w})", Map.of("w", w));
    }
    deleteInBatches("MATCH (x:StagedModel {name: $name})", p);
  }

  /**
   * Deletes the retired version of graph {@code name}, its parts, and the CNN, dataset and images
   * no graph uses any more.
   */
  void deleteRetired(String name) {
    Map<String, Object> p = Map.of("name", name);
    List<String> images =
        session.read(
            tx ->
                tx
                    .list(
                        "MATCH (:RetiredPattern {graph: $name})-[:FIRES_ON]->(i:Image)"
                            + " RETURN DISTINCT elementId(i) AS e",
                        p)
                    .stream()
                    .map(r -> (String) r.get("e"))
                    .toList());
    // Parts were learned on the retired version: they go first, with their USES edges.
    CypherPartStore.deleteStale(session, name);
    deleteInBatches("MATCH (x:RetiredPattern {graph: $name})", p);
    deleteInBatches("MATCH (x:RetiredLayer {graph: $name})", p);
    deleteInBatches("MATCH (x:RetiredModel {name: $name})", p);
    // A CNN or dataset no graph uses any more goes, with the dataset's images no graph fires on;
    // images of a dataset that still has a graph stay (they carry the dataset's metadata).
    List<String> datasets =
        session.write(
            tx -> {
              tx.exec("MATCH (m:Model) WHERE NOT (m)--() DELETE m", Map.of());
              return tx
                  .list(
                      "MATCH (d:Dataset) WHERE NOT (d)--() WITH d, d.name AS name DELETE d"
                          + " RETURN name",
                      Map.of())
                  .stream()
                  .map(r -> (String) r.get("name"))
                  .toList();
            });
    for (String dataset : datasets) {
      deleteInBatches(
          "MATCH (x:Image {dataset: $ds}) WHERE NOT (x)--()"
              + " AND NOT EXISTS { MATCH (:ExplanatoryGraph {dataset: $ds}) }",
          Map.of("ds", dataset));
    }
    // Images no graph fires on go too, unless they are listed images (a path) of a dataset that
    // still has a graph.
    for (int from = 0; from < images.size(); from += CypherGraphStore.BATCH) {
      List<String> slice =
          images.subList(from, Math.min(images.size(), from + CypherGraphStore.BATCH));
      session.write(
          tx -> {
            tx.exec(
                "UNWIND $ids AS e MATCH (i:Image) WHERE elementId(i) = e AND NOT (i)--()"
                    + " AND (i.path IS NULL"
                    + " OR NOT EXISTS { MATCH (:ExplanatoryGraph {dataset: i.dataset}) })"
                    + " DELETE i",
                Map.of("ids", List.copyOf(slice)));
            return null;
          });
    }
  }

  /** Detach-deletes the nodes bound to {@code x} by {@code match}, a batch per transaction. */
  private void deleteInBatches(String match, Map<String, Object> params) {
    Map<String, Object> p = new HashMap<>(params);
    p.put("limit", CypherGraphStore.DELETE_BATCH);
    while (true) {
      long n =
          session.write(
              tx ->
                  tx.count(match + " WITH x LIMIT $limit DETACH DELETE x RETURN count(*) AS n", p));
      if (n == 0) {
        return;
      }
    }
  }

  /** Removes what interrupted writes left; says what it removed, one line per model. */
  List<String> removeLeftovers(boolean exclusive) {
    Set<String> retired = new LinkedHashSet<>();
    Set<String> staged = new LinkedHashSet<>();
    session.read(
        tx -> {
          for (String label : List.of("RetiredModel", "RetiredLayer", "RetiredPattern")) {
            String prop = label.equals("RetiredModel") ? "name" : "graph";
            tx.run(
                "MATCH (x:" + label + ") RETURN DISTINCT x." + prop + " AS name",
                Map.of(),
                r -> retired.add((String) r.get("name")));
          }
          String age =
              exclusive
                  ? ""
                  : " WHERE x.stagedAt < datetime() - duration({hours: "
                      + CypherGraphStore.STALE_STAGING_HOURS
                      + "})";
          tx.run(
              "MATCH (x:StagedModel)" + age + " RETURN DISTINCT x.name AS name",
              Map.of(),
              r -> staged.add((String) r.get("name")));
          if (exclusive) {
            for (String label : List.of("StagedLayer", "StagedPattern")) {
              tx.run(
                  "MATCH (x:" + label + ") RETURN DISTINCT x.graph AS name",
                  Map.of(),
                  r -> staged.add((String) r.get("name")));
            }
          }
          return null;
        });
    retired.remove(null);
    staged.remove(null);
    retired.forEach(this::deleteRetired);
    staged.forEach(this::deleteStaged);
    if (exclusive) {
      // Nothing staged can be current in a folder one process holds, named or not.
      for (String label : List.of("StagedPattern", "StagedLayer", "StagedModel", "StagedImage")) {
        deleteInBatches("MATCH (x:" + label + ")", Map.of());
      }
    }
    List<String> out = new ArrayList<>();
    for (String name : retired) {
      out.add(
          "removed the previous version of model `"
              + name
              + "` left by a write interrupted after it made the new version current");
    }
    for (String name : staged) {
      out.add(
          "removed the unfinished new version of model `"
              + name
              + "` left by an interrupted write (full disk or killed process); the model's"
              + " current version, if any, is unchanged: write it again");
    }
    return List.copyOf(out);
  }
}
