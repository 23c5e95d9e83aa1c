package io.xgraph.learner.io;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files written completely or not at all. The content is built in memory, so its size is known
 * before the disk is touched: the free space is checked first, then the bytes go to {@code
 * <name>.tmp} in the target's folder, every byte accounted for (a write that makes no progress is
 * an error), synced, and renamed over the target atomically; the folder is synced so the rename
 * survives a crash. On any failure the temp file is deleted and the target is as it was. A full
 * disk is reported with the folder, the disk, the free and the needed bytes.
 *
 * <p>Meant for files up to some tens of MB (graph files, checkpoints, manifests, reports, PNGs);
 * bulk data that is appended (the feature maps) uses {@link #writeFully(FileChannel, ByteBuffer,
 * long)} under its own commit protocol.
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  /** Content streamed into the file (buffered in memory first). */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Where the bytes of the temp file go: a file channel, or a test's failing wrapper. */
  interface Sink extends Closeable {
    int write(ByteBuffer bytes) throws IOException;

    void sync() throws IOException;
  }

  /** Opens the sink of a temp file. */
  interface Opener {
    Sink open(Path tmp) throws IOException;
  }

  static final Opener FILES =
      tmp -> {
        FileChannel ch =
            FileChannel.open(
                tmp,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        return new Sink() {
          @Override
          public int write(ByteBuffer bytes) throws IOException {
            return ch.write(bytes);
          }

          @Override
          public void sync() throws IOException {
            ch.force(true);
          }

          @Override
          public void close() throws IOException {
            ch.close();
          }
        };
      };

  /** Writes {@code text} as UTF-8 to {@code target}, completely or not at all. */
  public static void writeString(Path target, CharSequence text) {
    write(target, text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Writes what {@code content} produces to {@code target}, completely or not at all. */
  public static void write(Path target, Content content) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
    try {
      content.writeTo(buffer);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot write `" + target + "`: " + e + "; nothing was written", e);
    }
    write(target, buffer.toByteArray());
  }

  /** Writes {@code bytes} to {@code target}, completely or not at all (creates its folder). */
  public static void write(Path target, byte[] bytes) {
    write(target, bytes, FILES);
  }

  static void write(Path target, byte[] bytes, Opener opener) {
    Path file = target.toAbsolutePath();
    Path dir = file.getParent();
    String what = "`" + target + "`";
    DiskSpace.require(dir, DiskSpace.allocated(dir, bytes.length), what);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw failure(target, dir, bytes.length, e);
    }
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    try {
      try (Sink sink = opener.open(tmp)) {
        writeFully(sink, ByteBuffer.wrap(bytes));
        sink.sync();
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncFolder(dir);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // Overwritten by the next attempt.
      }
      throw failure(target, dir, bytes.length, e);
    }
  }

  private static void writeFully(Sink sink, ByteBuffer buf) throws IOException {
    int total = buf.remaining();
    while (buf.hasRemaining()) {
      if (sink.write(buf) <= 0) {
        throw new IOException(
            "short write: "
                + (total - buf.remaining())
                + " of "
                + total
                + " bytes reached the disk");
      }
    }
  }

  /**
   * Writes all of {@code buf} at {@code position} of {@code ch}, continuing short writes; a write
   * that makes no progress is an error (the caller's data must never be taken as written when it
   * was not).
   *
   * @return the position after the bytes
   */
  public static long writeFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    int total = buf.remaining();
    long at = position;
    while (buf.hasRemaining()) {
      int n = ch.write(buf, at);
      if (n <= 0) {
        throw new IOException(
            "short write: "
                + (total - buf.remaining())
                + " of "
                + total
                + " bytes reached the disk");
      }
      at += n;
    }
    return at;
  }

  /** Syncs a folder so that a rename in it survives a crash. */
  static void syncFolder(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a folder; the rename itself is still atomic there.
    }
  }

  private static IllegalStateException failure(
      Path target, Path dir, long needed, Exception cause) {
    long free = DiskSpace.usable(dir);
    boolean existed = Files.exists(target);
    String unchanged =
        existed
            ? "; the previous `" + target.getFileName() + "` is unchanged"
            : "; no part of it was left behind";
    if (DiskSpace.isFull(cause) || (free >= 0 && free < DiskSpace.allocated(dir, needed))) {
      return new IllegalStateException(
          "Cannot write `"
              + target
              + "`: "
              + DiskSpace.shortage(dir, DiskSpace.allocated(dir, needed), free)
              + unchanged,
          cause);
    }
    return new IllegalStateException(
        "Cannot write `" + target + "`: " + cause + unchanged + "; run the same command again",
        cause);
  }
}
