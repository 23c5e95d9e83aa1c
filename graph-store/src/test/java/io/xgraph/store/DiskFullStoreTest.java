package io.xgraph.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.testing.SmallDisk;
import io.xgraph.store.bench.SyntheticGraphs;
import io.xgraph.store.bench.SyntheticGraphs.LayerSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded store on a real small disk ({@link SmallDisk}, a tmpfs; skipped where it cannot be
 * mounted). Neo4j cannot fail fast once its disk is full (it retries its page flush at shutdown
 * forever), so: a write that does not fit is refused before it starts, with the estimate; a disk
 * that fills during a write (another process) fails the write with the space needed and the store
 * still closes, keeps its previous version and is repaired at the next open; a shutdown stuck on a
 * full disk is given up with a message. Also the opening refusals: too little room to open, a
 * read-only store, a file given as store, no store where one must exist.
 */
class DiskFullStoreTest {

  @TempDir Path tmp;

  /** 11,520 patterns, 153,600 PARENT and 57,600 FIRES_ON: about 116 MB by the estimate. */
  private static ExplanatoryGraph medium(String model) {
    return SyntheticGraphs.generate(
        model,
        List.of(
            new LayerSpec(new LayerGeometry("low", 0, 128, 27, 27, 8, 7.5, 59, 224), 40),
            new LayerSpec(new LayerGeometry("mid", 1, 256, 13, 13, 16, 15.5, 123, 224), 20),
            new LayerSpec(new LayerGeometry("top", 2, 128, 13, 13, 16, 15.5, 155, 224), 10)),
        15,
        5,
        150,
        7);
  }

  @Test
  void aWriteThatDoesNotFitIsRefusedBeforeItStartsAndThePreviousVersionStays() throws Exception {
    try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), "100m")) {
      Path store = disk.path().resolve("store");
      ExplanatoryGraph previous = SyntheticGraphs.tiny("m", 1);
      try (GraphStore s = GraphStores.openEmbedded(store)) {
        s.write(previous, Provenance.of("first"));
        IllegalStateException e =
            assertThrows(
                IllegalStateException.class, () -> s.write(medium("m"), Provenance.of("big")));
        assertTrue(
            e.getMessage()
                .startsWith(
                    "Not enough disk space for writing model `m` (11,674 nodes and 222,723"
                        + " relationships, about 360 bytes each, plus a reserve of 32.0 MB) to"
                        + " store `"
                        + store
                        + "`: the disk holding `"
                        + store
                        + "` ("
                        + disk.path()
                        + " (tmpfs)) has "),
            e.getMessage());
        assertTrue(e.getMessage().contains(" free, 112.5 MB needed; free at least "));
        assertEquals(previous, s.read("m").orElseThrow());
        assertEquals(1, s.model("m").orElseThrow().version());
      }
      assertEquals(List.of(), StoreCheck.embedded(store));
    }
  }

  @Test
  void aDiskFilledDuringAWriteFailsItNamedTheStoreClosesAndIsRepairedAtTheNextOpen()
      throws Exception {
    try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), "200m")) {
      Path store = disk.path().resolve("store");
      ExplanatoryGraph previous = SyntheticGraphs.tiny("m", 1);
      ExplanatoryGraph big = medium("m");
      GraphStore s = GraphStores.openEmbedded(store);
      s.write(previous, Provenance.of("first"));
      // Another process takes all the room once the parent edges are being written.
      WriteListener filler =
          (stage, done, total) -> {
            if (stage.equals("parents") && done == 50_000) {
              try {
                disk.fill();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
          };
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class, () -> s.write(big, Provenance.of("big"), filler));
      assertTrue(
          e.getMessage()
              .startsWith(
                  "Writing model `m` (11,674 nodes and 222,723 relationships, about 360 bytes"
                      + " each, plus a reserve of 32.0 MB) to store `"
                      + store
                      + "` failed, the disk is full: the disk holding `"
                      + store
                      + "` ("
                      + disk.path()
                      + " (tmpfs)) has "),
          e.getMessage());
      assertTrue(
          e.getMessage()
              .endsWith(
                  "; the previous version (if any) is unchanged, and what this write left is"
                      + " removed the next time the store is opened with room on its disk"),
          e.getMessage());
      // The reserve gave Neo4j the room to flush: the store closes instead of spinning.
      s.close();
      assertFalse(Files.exists(store.resolve("xgraph-write-reserve.bin")));

      // The marker beside the store lets the next open cut a log entry torn by a full disk (when
      // the disk fills within a batch, Neo4j itself meets it).
      assertTrue(Files.exists(store.resolve("xgraph-interrupted-write.txt")));
      disk.unfill();

      // Here the write stopped before its next batch, while the disk still had room: the log is
      // whole, and even without the marker the store opens; `store recover` opens it too.
      Path copy = tmp.resolve("copy");
      copyTree(store, copy);
      Files.delete(copy.resolve("xgraph-interrupted-write.txt"));
      assertTrue(
          StoreCheck.embedded(copy).stream()
              .anyMatch(p -> p.contains("StagedPattern node(s): leftovers")));
      try (GraphStore recovered = GraphStores.recoverEmbedded(copy)) {
        assertEquals(REPAIRED, recovered.info().repaired());
        assertEquals(previous, recovered.read("m").orElseThrow());
      }

      List<String> problems = StoreCheck.embedded(store);
      assertTrue(
          problems.get(0).contains("holds xgraph-interrupted-write.txt: a write into it failed"),
          problems.toString());
      assertTrue(
          problems.stream().anyMatch(p -> p.contains("StagedPattern node(s): leftovers")),
          problems.toString());
      try (GraphStore reopened = GraphStores.openEmbedded(store)) {
        StoreInfo info = reopened.info();
        assertEquals(REPAIRED, info.repaired());
        assertEquals(previous, reopened.read("m").orElseThrow());
        // With the room back the same write succeeds.
        reopened.write(big, Provenance.of("big"));
        assertEquals(big, reopened.read("m").orElseThrow());
      }
      assertEquals(List.of(), StoreCheck.embedded(store));
    }
  }

  private static final List<String> REPAIRED =
      List.of(
          "removed the unfinished new version of model `m` left by an interrupted write (full"
              + " disk or killed process); the model's current version, if any, is unchanged:"
              + " write it again");

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }

  @Test
  void aShutdownStuckOnAFullDiskIsGivenUpWithAMessageAndTheStoreRecovers() throws Exception {
    try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), "200m")) {
      Path store = disk.path().resolve("store");
      ExplanatoryGraph graph = SyntheticGraphs.tiny("m", 3);
      GraphStore s = GraphStores.openEmbedded(store);
      s.write(graph, Provenance.of("first"));
      // The disk fills while the store is open: its shutdown cannot flush the pages it holds.
      disk.fill();
      IllegalStateException e = assertThrows(IllegalStateException.class, s::close);
      assertTrue(
          e.getMessage()
              .startsWith(
                  "Neo4j cannot close store `"
                      + store.toAbsolutePath()
                      + "`: the disk holding `"
                      + store.toAbsolutePath()
                      + "` ("
                      + disk.path()
                      + " (tmpfs)) is full: "),
          e.getMessage());
      assertTrue(
          e.getMessage()
              .endsWith(
                  "(Neo4j retries writing its pages until there is room; nothing committed is"
                      + " lost: the store is recovered when it is next opened with room on the"
                      + " disk)"),
          e.getMessage());
      // With room again the flush left behind finishes and releases the store.
      disk.unfill();
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getName().equals("xgraph-neo4j-close")) {
          t.join();
        }
      }
      // The next open recovers it: in this process once the flush has released the store lock
      // or, when the given-up shutdown keeps this JVM's lock (it may, depending on where Neo4j
      // was when the disk filled), as the next process would see the same files.
      Path reopenAt = releasedOrCopied(store, tmp.resolve("next-process"));
      try (GraphStore reopened = GraphStores.openEmbedded(reopenAt)) {
        assertEquals(graph, reopened.read("m").orElseThrow());
      }
      assertEquals(List.of(), StoreCheck.embedded(reopenAt));
    }
  }

  /**
   * {@code store} once the shutdown left behind has released its lock (that flush runs on Neo4j's
   * own threads after ours has returned; on a loaded machine it takes a while), else a copy of its
   * files at {@code copy}: a file lock belongs to the process, so the copy is what the next process
   * opens.
   */
  private static Path releasedOrCopied(Path store, Path copy)
      throws InterruptedException, IOException {
    for (int attempt = 0; attempt < 30; attempt++) {
      try {
        GraphStores.openEmbedded(store).close();
        return store;
      } catch (IllegalStateException e) {
        if (!String.valueOf(e.getMessage()).contains("in use by another process")) {
          throw e;
        }
        Thread.sleep(1000);
      }
    }
    copyTree(store, copy);
    return copy;
  }

  @Test
  void aStoreIsNotOpenedOnADiskWithoutRoomForNeo4j() throws Exception {
    try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), "32m")) {
      Path store = disk.path().resolve("store");
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> GraphStores.openEmbedded(store));
      assertEquals(
          "Not enough disk space for opening store `"
              + store
              + "`: the disk holding `"
              + disk.path()
              + "` ("
              + disk.path()
              + " (tmpfs)) has 32.0 MB free, 64.0 MB needed; free at least 32.0 MB there (or"
              + " write to another disk) and run the same command again (Neo4j writes on every"
              + " open, and on a full disk it cannot close again)",
          e.getMessage());
      assertFalse(Files.exists(store), "nothing was created");
    }
  }

  @Test
  void aReadOnlyStoreIsNamedWithTheFixInOneLine() throws Exception {
    try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), "100m")) {
      Path store = disk.path().resolve("store");
      try (GraphStore s = GraphStores.openEmbedded(store)) {
        s.write(SyntheticGraphs.tiny("m", 1), Provenance.of("first"));
      }
      disk.remountReadOnly();
      String expected =
          "Store folder `"
              + store
              + "` is read-only, and Neo4j writes to its store even to read it (locks, logs,"
              + " recovery): make it writable (chmod -R u+w "
              + store
              + "), or copy the folder to a writable place and give the copy as --store. Nothing"
              + " was changed.";
      assertEquals(
          expected,
          assertThrows(IllegalStateException.class, () -> GraphStores.openEmbedded(store))
              .getMessage());
      assertEquals(
          expected,
          assertThrows(IllegalStateException.class, () -> StoreCheck.embedded(store)).getMessage());
    }
  }

  @Test
  void aFileOrAMissingFolderIsNamedAndNothingIsCreated() throws Exception {
    Path file = Files.writeString(tmp.resolve("notes.txt"), "not a store");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GraphStores.openEmbedded(file));
    assertEquals(
        "Store path `"
            + file
            + "` is a file, not a store folder: give --store the folder of a store (or a new"
            + " folder to create one)",
        e.getMessage());
    assertEquals(
        e.getMessage(),
        assertThrows(IllegalArgumentException.class, () -> StoreCheck.embedded(file)).getMessage());

    Path missing = tmp.resolve("no-such-store");
    IllegalArgumentException m =
        assertThrows(
            IllegalArgumentException.class, () -> GraphStores.openExistingEmbedded(missing));
    assertEquals(
        "No store in `"
            + missing
            + "` (no such folder): give the --store of an existing store (`xgraph demo` writes"
            + " one to xgraph-work/store), or --uri for a Neo4j server",
        m.getMessage());
    assertFalse(Files.exists(missing), "nothing was created");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> StoreCheck.embedded(empty))
            .getMessage()
            .startsWith("No store in `" + empty + "` (the folder holds no Neo4j store)"));
    try (var list = Files.list(empty)) {
      assertEquals(0, list.count(), "nothing was created");
    }
  }
}
