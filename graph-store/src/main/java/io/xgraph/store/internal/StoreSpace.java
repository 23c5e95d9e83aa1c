package io.xgraph.store.internal;

import io.xgraph.learner.io.DiskSpace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Disk space of a write to an embedded store: the estimate checked before it starts, and a reserve
 * file held while it runs. When the disk fills anyway (another process, a low estimate), Neo4j
 * fails the transaction but then retries flushing its pages at shutdown until there is room; the
 * reserve is deleted at the failure, which gives the shutdown that room, so the store closes
 * cleanly with its previous version and the failure is reported instead of a spin.
 */
final class StoreSpace {

  private StoreSpace() {}

  /**
   * Disk bytes per node or relationship written, transaction log included: measured 326 per
   * relationship on the demo graph (SqueezeNet fire5/7/8/9 on 150 birds: 30,491 nodes and 961,540
   * relationships took 313.7 MB over the empty store, 104 bytes per relationship in the store files
   * and 222 in the transaction log), rounded up to cover the nodes and leave a margin.
   */
  static final long BYTES_PER_ELEMENT = 360;

  /**
   * Room kept by the reserve: more than the store pages a shutdown has to flush, which the write
   * bounds by a checkpoint every {@link EmbeddedSession#CHECKPOINT_RECORDS} records.
   */
  static final long RESERVE_BYTES = 32L << 20;

  /** The reserve file's name, in the store folder; deleted when found at the next open. */
  static final String RESERVE_FILE = EmbeddedNeo4j.RESERVE_FILE;

  /** Bytes a write of {@code nodes} and {@code relationships} needs, the reserve included. */
  static long estimate(long nodes, long relationships) {
    return (nodes + relationships) * BYTES_PER_ELEMENT + RESERVE_BYTES;
  }

  /** The reserve of a running write; {@link #release} (idempotent) gives its room back. */
  static final class Reserve implements AutoCloseable {
    private final Path file;

    private Reserve(Path file) {
      this.file = file;
    }

    /** Writes the reserve file (real blocks, synced: a sparse file would reserve nothing). */
    static Reserve take(Path folder) {
      Path file = folder.resolve(RESERVE_FILE);
      byte[] chunk = new byte[1 << 20];
      try (OutputStream out =
          Files.newOutputStream(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        for (long n = 0; n < RESERVE_BYTES; n += chunk.length) {
          out.write(chunk);
        }
      } catch (IOException e) {
        release(file);
        throw new IllegalStateException(
            "Cannot reserve room for the write in store `"
                + folder
                + "`: "
                + e
                + "; "
                + DiskSpace.shortage(folder, RESERVE_BYTES, DiskSpace.usable(folder)),
            e);
      }
      return new Reserve(file);
    }

    /** Deletes the reserve: its room goes to Neo4j (the shutdown's flush after a failure). */
    void release() {
      release(file);
    }

    private static void release(Path file) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // Deleted at the next open.
      }
    }

    @Override
    public void close() {
      release();
    }
  }
}
