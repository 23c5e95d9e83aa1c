package io.xgraph.learner.io;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Free space of the disk a file goes to, the check before a write and the wording of a full disk.
 * Every message names the folder, the disk (its mount point and type), the free and the needed
 * bytes, so that the user knows where to make room and how much.
 */
public final class DiskSpace {

  private DiskSpace() {}

  /** The nearest existing folder at or above {@code path} (where a new file would go). */
  public static Path existingFolder(Path path) {
    Path p = path.toAbsolutePath().normalize();
    while (p != null && !Files.isDirectory(p)) {
      p = p.getParent();
    }
    return p == null ? path.toAbsolutePath().getRoot() : p;
  }

  /** Usable bytes on the disk holding {@code path} (or its nearest existing parent); -1 unknown. */
  public static long usable(Path path) {
    try {
      return Files.getFileStore(existingFolder(path)).getUsableSpace();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** "/mnt/data (tmpfs)": the mount point and type of the disk holding {@code path}. */
  public static String disk(Path path) {
    try {
      FileStore store = Files.getFileStore(existingFolder(path));
      return store.toString();
    } catch (IOException | RuntimeException e) {
      return "unknown disk";
    }
  }

  /** Bytes a file of {@code size} bytes occupies on the disk holding {@code path}. */
  public static long allocated(Path path, long size) {
    long block = 4096;
    try {
      block = Math.max(1, Files.getFileStore(existingFolder(path)).getBlockSize());
    } catch (IOException | RuntimeException e) {
      // 4 KB is the block size of the usual Linux file systems.
    }
    return (size + block - 1) / block * block;
  }

  /**
   * Refuses, before anything is written, a write of about {@code bytes} to {@code path} when its
   * disk has less usable space.
   *
   * @param what the thing written, for the message ("graph file `x.xg`", "store `s`")
   * @throws IllegalStateException naming the folder, the disk, the free and the needed bytes
   */
  public static void require(Path path, long bytes, String what) {
    long free = usable(path);
    if (free >= 0 && free < bytes) {
      throw new IllegalStateException(notEnough(path, bytes, free, what));
    }
  }

  /** The message of {@link #require}: "Not enough disk space for WHAT: " + {@link #shortage}. */
  public static String notEnough(Path path, long needed, long free, String what) {
    return "Not enough disk space for " + what + ": " + shortage(path, needed, free);
  }

  /**
   * "the disk holding `DIR` (MOUNT (TYPE)) has X free, Y needed; free at least Z there (or write to
   * another disk) and run the same command again".
   */
  public static String shortage(Path path, long needed, long free) {
    Path folder = existingFolder(path);
    return "the disk holding `"
        + folder
        + "` ("
        + disk(folder)
        + ") has "
        + (free < 0 ? "an unknown amount" : format(free))
        + " free, "
        + format(needed)
        + " needed; free at least "
        + format(Math.max(needed - Math.max(free, 0), 1))
        + " there (or write to another disk) and run the same command again";
  }

  /**
   * True if {@code e} or one of its causes says the disk (or the user's quota) is full, or is a
   * refusal of {@link #require}.
   */
  public static boolean isFull(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("no space left")
          || m.contains("disk quota")
          || m.contains("enospc")
          || m.startsWith("not enough disk space")) {
        return true;
      }
    }
    return false;
  }

  /** A byte count for people: "812 bytes", "1.4 MB", "2.0 GB" (powers of 1024). */
  public static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
