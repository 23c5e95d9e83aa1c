package io.xgraph.learner.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The atomic write on real files, and with the temp file's bytes going through a wrapper that stops
 * after N bytes the way a full disk does (a short write, then ENOSPC or no progress), where a tmpfs
 * cannot stop it: the target keeps its previous bytes, no temp file is left, the error names the
 * file.
 */
class AtomicFilesTest {

  @TempDir Path dir;

  /** Takes at most {@code room} bytes in all, in short writes, then fails as the mode says. */
  private static AtomicFiles.Opener fillsAfter(int room, boolean thenThrows) {
    return tmp -> {
      AtomicFiles.Sink real = AtomicFiles.FILES.open(tmp);
      return new AtomicFiles.Sink() {
        int left = room;

        @Override
        public int write(ByteBuffer bytes) throws IOException {
          if (left == 0) {
            if (thenThrows) {
              throw new IOException("No space left on device");
            }
            return 0;
          }
          int n = Math.min(left, Math.min(bytes.remaining(), 1000));
          ByteBuffer part = bytes.duplicate();
          part.limit(part.position() + n);
          int written = real.write(part);
          bytes.position(bytes.position() + written);
          left -= written;
          return written;
        }

        @Override
        public void sync() throws IOException {
          real.sync();
        }

        @Override
        public void close() throws IOException {
          real.close();
        }
      };
    };
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) seed);
    return b;
  }

  @Test
  void writesCreatesFoldersAndReplacesWithoutLeavingTheTempFile() throws IOException {
    Path file = dir.resolve("a/b/report.md");
    AtomicFiles.writeString(file, "first");
    AtomicFiles.writeString(file, "second, longer");
    assertEquals("second, longer", Files.readString(file));
    try (var list = Files.list(file.getParent())) {
      assertEquals(1, list.count(), "only the report in its folder");
    }
  }

  @Test
  void shortWriteThenNoSpaceKeepsThePreviousFile() throws IOException {
    Path file = dir.resolve("graph.xg");
    byte[] before = bytes(5000, 1);
    AtomicFiles.write(file, before);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> AtomicFiles.write(file, bytes(20_000, 2), fillsAfter(12_345, true)));
    assertTrue(e.getMessage().startsWith("Cannot write `" + file + "`: the disk holding `" + dir));
    assertTrue(e.getMessage().contains("20.0 KB needed"), e.getMessage());
    assertTrue(
        e.getMessage().endsWith("run the same command again; the previous `graph.xg` is unchanged"),
        e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
    assertFalse(Files.exists(dir.resolve("graph.xg.tmp")));
  }

  @Test
  void writeThatStopsMakingProgressIsAnErrorNotASpinNorAShortFile() throws IOException {
    Path file = dir.resolve("progress.properties");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> AtomicFiles.write(file, bytes(9000, 3), fillsAfter(4321, false)));
    assertTrue(
        e.getMessage().contains("short write: 4321 of 9000 bytes reached the disk"),
        e.getMessage());
    assertTrue(
        e.getMessage().endsWith("no part of it was left behind; run the same command again"));
    assertFalse(Files.exists(file), "a short file is never renamed into place");
    assertFalse(Files.exists(dir.resolve("progress.properties.tmp")));
  }

  @Test
  void contentIsStreamedCompletely() throws IOException {
    Path file = dir.resolve("table.csv");
    AtomicFiles.write(file, out -> out.write("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals("a,b\n1,2\n", Files.readString(file));
  }

  @Test
  void channelWriteContinuesShortWritesAndReportsNoProgress() throws IOException {
    Path file = dir.resolve("layer-0.f16");
    try (var ch =
        java.nio.channels.FileChannel.open(
            file,
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.WRITE)) {
      assertEquals(100 + 3000, AtomicFiles.writeFully(ch, ByteBuffer.wrap(bytes(3000, 4)), 100));
    }
    assertEquals(3100, Files.size(file));
  }

  @Test
  void spaceCheckNamesTheDiskAndTheShortfall() {
    long free = DiskSpace.usable(dir);
    assertTrue(free > 0);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> DiskSpace.require(dir.resolve("not/yet/there"), free + (1L << 40), "store `s`"));
    assertTrue(
        e.getMessage().startsWith("Not enough disk space for store `s`: the disk holding `" + dir),
        e.getMessage());
    assertTrue(e.getMessage().contains(DiskSpace.disk(dir)), e.getMessage());
    assertTrue(e.getMessage().contains("free at least 1.0 TB there"), e.getMessage());
    DiskSpace.require(dir, 1, "store `s`");
  }
}
