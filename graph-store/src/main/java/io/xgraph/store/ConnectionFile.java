package io.xgraph.store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The connection file of a running {@code xgraph serve}, kept as Jupyter keeps its servers' tokens:
 * Bolt URI, user and the password generated at start, written owner-only ({@code rw-------}, in a
 * {@code rwx------} folder) so that the project's own commands ({@code --uri} without {@code
 * --password}), the notebooks and the store-busy message find the server without the password being
 * typed or shown to other users in a process list. One file per Bolt port, {@code
 * serve-<port>.properties}, in {@link #directory()}; the server deletes it when it stops.
 *
 * @param file where it was read from or written to
 * @param boltUri the server's Bolt URI, e.g. {@code bolt://127.0.0.1:7687}
 * @param user the user name
 * @param password the password
 * @param browserUrl the one-click Neo4j Browser link (it carries the password)
 * @param store the served store folder, absolute
 * @param pid the serving process
 */
public record ConnectionFile(
    Path file,
    String boltUri,
    String user,
    String password,
    String browserUrl,
    Path store,
    long pid) {

  /** System property naming the folder of connection files (tests). */
  public static final String DIR_PROPERTY = "xgraph.runtime.dir";

  /** Environment variable naming the folder of connection files. */
  public static final String DIR_ENV = "XGRAPH_RUNTIME_DIR";

  private static final Set<PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");

  /**
   * The folder of connection files: {@value #DIR_PROPERTY} or {@value #DIR_ENV} if set, else {@code
   * $XDG_RUNTIME_DIR/xgraph} (a per-user tmpfs on Linux desktops), else {@code ~/.xgraph/runtime}.
   */
  public static Path directory() {
    return directories().get(0);
  }

  /**
   * Where readers look: the named folder only, or else both defaults, since a shell without {@code
   * XDG_RUNTIME_DIR} (e.g. {@code su}, some ssh setups) must still find a server started from the
   * desktop, and the other way round.
   */
  private static List<Path> directories() {
    String dir = System.getProperty(DIR_PROPERTY);
    if (dir == null || dir.isBlank()) {
      dir = System.getenv(DIR_ENV);
    }
    if (dir != null && !dir.isBlank()) {
      return List.of(Path.of(dir).toAbsolutePath());
    }
    Path home = Path.of(System.getProperty("user.home"), ".xgraph", "runtime");
    String xdg = System.getenv("XDG_RUNTIME_DIR");
    if (xdg != null && !xdg.isBlank() && Files.isDirectory(Path.of(xdg))) {
      return List.of(Path.of(xdg, "xgraph"), home);
    }
    return List.of(home);
  }

  /** The file the server on Bolt port {@code port} writes. */
  public static Path fileFor(int port) {
    return directory().resolve(fileName(port));
  }

  private static String fileName(int port) {
    return "serve-" + port + ".properties";
  }

  /**
   * Writes the connection file of a server started by this process, replacing a stale one of the
   * same port atomically; readable by the owner only.
   *
   * @throws IllegalStateException the folder cannot be created or written
   */
  public static ConnectionFile write(
      String boltUri, int boltPort, String user, String password, String browserUrl, Path store) {
    Path file = fileFor(boltPort);
    ConnectionFile c =
        new ConnectionFile(
            file,
            boltUri,
            user,
            password,
            browserUrl,
            store.toAbsolutePath().normalize(),
            ProcessHandle.current().pid());
    Properties p = new Properties();
    p.setProperty("uri", boltUri);
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("browser", browserUrl);
    p.setProperty("store", c.store().toString());
    p.setProperty("pid", Long.toString(c.pid()));
    Path dir = file.getParent();
    try {
      createOwnerOnlyDirectory(dir);
      Path tmp = Files.createTempFile(dir, "serve-", ".tmp", ownerOnly(OWNER_FILE));
      try {
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
          p.store(out, "xgraph serve: connection of the server in process " + c.pid());
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot write the connection file "
              + file
              + " ("
              + e.getMessage()
              + "): set "
              + DIR_ENV
              + " to a folder you can write.",
          e);
    }
    return c;
  }

  /** Deletes this file if it is still the one this process wrote. */
  public void delete() {
    try {
      Optional<ConnectionFile> current = read(file);
      if (current.isPresent() && current.get().pid() == pid) {
        Files.deleteIfExists(file);
      }
    } catch (IOException | RuntimeException e) {
      // Best effort at shutdown: a stale file is ignored by readers (its process is gone).
    }
  }

  /**
   * The running server on this machine that a loopback Bolt URI names ({@code bolt://} or {@code
   * neo4j://} to 127.0.0.1, localhost or ::1), if its connection file exists and its process is
   * alive.
   */
  public static Optional<ConnectionFile> forUri(String uri) {
    URI parsed;
    try {
      parsed = URI.create(uri);
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
    if (parsed.getHost() == null || !isLoopback(parsed.getHost())) {
      return Optional.empty();
    }
    int port = parsed.getPort() < 0 ? 7687 : parsed.getPort();
    for (Path dir : directories()) {
      Optional<ConnectionFile> c = readAlive(dir.resolve(fileName(port)));
      if (c.isPresent()) {
        return c;
      }
    }
    return Optional.empty();
  }

  /** The running server that serves {@code store}, if any wrote its connection file. */
  public static Optional<ConnectionFile> forStore(Path store) {
    Path wanted = canonical(store);
    for (Path dir : directories()) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        List<Path> candidates =
            files
                .filter(f -> f.getFileName().toString().matches("serve-\\d+\\.properties"))
                .toList();
        for (Path f : candidates) {
          Optional<ConnectionFile> c = readAlive(f);
          if (c.isPresent() && canonical(c.get().store()).equals(wanted)) {
            return c;
          }
        }
      } catch (IOException | UncheckedIOException e) {
        // An unreadable folder holds no usable file; try the next.
      }
    }
    return Optional.empty();
  }

  /** Without the password, which must not reach a log by accident. */
  @Override
  public String toString() {
    return "ConnectionFile[" + file + ", " + boltUri + ", user " + user + ", pid " + pid + "]";
  }

  /** The Bolt target of this server, for {@link GraphStores#openRemote}. */
  public RemoteTarget target(String database) {
    return new RemoteTarget(boltUri, user, password, database);
  }

  private static Optional<ConnectionFile> readAlive(Path file) {
    try {
      return read(file).filter(c -> ProcessHandle.of(c.pid()).map(h -> h.isAlive()).orElse(false));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // unreadable or malformed: as if there were none
    }
  }

  private static Optional<ConnectionFile> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      p.load(in);
    }
    String uri = p.getProperty("uri");
    String password = p.getProperty("password");
    String pid = p.getProperty("pid");
    String store = p.getProperty("store");
    if (uri == null || password == null || pid == null || store == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ConnectionFile(
            file,
            uri,
            p.getProperty("user", "neo4j"),
            password,
            p.getProperty("browser", ""),
            Path.of(store),
            Long.parseLong(pid.trim())));
  }

  private static void createOwnerOnlyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, ownerOnly(OWNER_DIR));
    }
    if (isPosix()) {
      // createDirectories applies the umask; a folder of passwords is the owner's only.
      Files.setPosixFilePermissions(dir, OWNER_DIR);
    }
  }

  private static FileAttribute<?>[] ownerOnly(Set<PosixFilePermission> permissions) {
    return isPosix()
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
        : new FileAttribute<?>[0];
  }

  private static boolean isPosix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  private static boolean isLoopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static Path canonical(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }
}
