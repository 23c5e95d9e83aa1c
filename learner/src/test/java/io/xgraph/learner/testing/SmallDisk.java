package io.xgraph.learner.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real small disk for fault-injection tests: a tmpfs mounted on a folder, grown by remounting,
 * filled by a file that takes every free byte (another process filling the disk). Mounting needs
 * root (CI runs as root); where it is impossible the test is skipped with the reason, never passed.
 * Shared with the ingest, graph-store and cli tests through this module's test jar.
 */
public final class SmallDisk implements AutoCloseable {

  private final Path mount;
  private final Path filler;

  private SmallDisk(Path mount) {
    this.mount = mount;
    this.filler = mount.resolve("filler.bin");
  }

  /** Mounts a tmpfs of {@code size} ("1m", "64k") on {@code dir}, or skips the test. */
  public static SmallDisk mount(Path dir, String size) throws IOException, InterruptedException {
    Assumptions.assumeTrue(
        System.getProperty("os.name", "").toLowerCase().contains("linux"),
        "needs Linux tmpfs to fill a real disk");
    Files.createDirectories(dir);
    Result r = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString()));
    Assumptions.assumeTrue(
        r.code == 0,
        "skipped: cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN, as on CI): " + r.output);
    return new SmallDisk(dir);
  }

  /** The mounted folder. */
  public Path path() {
    return mount;
  }

  /** Grows (or shrinks) the disk in place; the files stay. */
  public void resize(String size) throws IOException, InterruptedException {
    Result r = run(List.of("mount", "-o", "remount,size=" + size, mount.toString()));
    Assertions.assertEquals(0, r.code, "remount: " + r.output);
  }

  /** Remounts the disk read-only, as a read-only mount or a store copied from one would be. */
  public void remountReadOnly() throws IOException, InterruptedException {
    Result r = run(List.of("mount", "-o", "remount,ro", mount.toString()));
    Assertions.assertEquals(0, r.code, "remount ro: " + r.output);
  }

  /** Takes every free byte of the disk with a file, as another process filling it would. */
  public void fill() throws IOException {
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(chunk);
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
    }
    // A few bytes may still fit in the filler's last block: take them one by one.
    try (OutputStream out =
        Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
      while (true) {
        out.write(0);
        out.flush();
      }
    } catch (IOException e) {
      // full now
    }
  }

  /** Deletes the file of {@link #fill}: the space is back. */
  public void unfill() throws IOException {
    Files.deleteIfExists(filler);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    run(List.of("umount", "-l", mount.toString()));
  }

  private record Result(int code, String output) {}

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Result(-1, e.getMessage());
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, String.join(" ", command) + " did not finish");
    }
    return new Result(
        p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
