package io.xgraph.store.scratch;

import io.xgraph.store.*;
import io.xgraph.store.bench.SyntheticGraphs;
import io.xgraph.store.internal.EmbeddedNeo4j;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchTest {
  @TempDir Path folder;

  @Test
  void scratch() {
    var dbms = EmbeddedNeo4j.start(EmbeddedNeo4j.builder(folder), folder);
    var db = EmbeddedNeo4j.defaultDatabase(dbms, folder);
    var store = GraphStores.embedded(db, "x", true);
    System.out.println(
        (String)
            db.executeTransactionally(
                "EXPLAIN UNWIND $rows AS r MATCH (c) WHERE elementId(c) = r.c MATCH (p) WHERE elementId(p) = r.p CREATE (c)-[:PARENT]->(p)",
                Map.of("rows", java.util.List.of()),
                r -> (String) r.getExecutionPlanDescription().toString()));
    var g0 = SyntheticGraphs.tiny("t", 1);
    store.write(g0, Provenance.of("x"));
    var specs =
        java.util.List.of(
            new SyntheticGraphs.LayerSpec(
                new io.xgraph.learner.data.LayerGeometry("low", 0, 64, 27, 27, 8, 7.5, 59, 224),
                40),
            new SyntheticGraphs.LayerSpec(
                new io.xgraph.learner.data.LayerGeometry("high", 1, 64, 13, 13, 16, 15.5, 123, 224),
                10));
    var g = SyntheticGraphs.generate("rt-medium", specs, 6, 4, 50, 7);
    long[] t = {System.nanoTime()};
    store.write(
        g,
        Provenance.of("x"),
        (phase, done, total) -> {
          long now = System.nanoTime();
          System.out.println(
              phase + " " + done + "/" + total + " " + (now - t[0]) / 1_000_000 + " ms");
          t[0] = now;
        });
    long r0 = System.nanoTime();
    store.read("rt-medium");
    System.out.println("read " + (System.nanoTime() - r0) / 1_000_000 + " ms");
    store.close();
    dbms.shutdown();
  }
}
