package io.xgraph.store.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * What the {@code /xgraph} web resources of a running {@link EmbeddedServer} need (Neo4j creates
 * those resources itself, so they look their server up by the HTTP port a request arrived on).
 */
public final class ServedSites {

  /**
   * One served store.
   *
   * @param db the database the guide and the patches read
   * @param imageRoot the folder {@code Image.path} is relative to, or null (no patches)
   * @param patchKey the secret every patch URL carries: patches are not behind Neo4j's
   *     authentication (an {@code <img>} cannot send it), and a foreign web page cannot learn the
   *     key, which only the guide (readable by Browser's own origin only) and the procedures show
   * @param baseUrl e.g. {@code http://127.0.0.1:7474}
   */
  public record Site(GraphDatabaseService db, Path imageRoot, String patchKey, String baseUrl) {

    /** The URL of the PNG patch of a pattern's top image of rank {@code rank}. */
    public String patchUrl(String patternKey, long rank) {
      return baseUrl
          + EmbeddedServer.PATCH_PATH
          + "?pattern="
          + java.net.URLEncoder.encode(patternKey, StandardCharsets.UTF_8)
          + "&rank="
          + rank
          + "&key="
          + patchKey;
    }

    /** The URL of the firing heatmap of image {@code imageId} under graph {@code graph}. */
    public String heatmapUrl(String graph, String imageId) {
      return baseUrl
          + HEATMAP_PATH
          + "?graph="
          + enc(graph)
          + "&image="
          + enc(imageId)
          + "&key="
          + patchKey;
    }

    /** The URL of layer {@code layer}'s patch sheet of graph {@code graph} (part: null = all). */
    public String sheetUrl(String graph, int layer, String part) {
      return baseUrl
          + SHEET_PATH
          + "?graph="
          + enc(graph)
          + "&layer="
          + layer
          + (part == null ? "" : "&part=" + enc(part))
          + "&key="
          + patchKey;
    }

    private static String enc(String s) {
      return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Whether {@code given} is this site's patch key (compared in constant time). */
    public boolean acceptsPatchKey(String given) {
      return given != null
          && MessageDigest.isEqual(
              given.getBytes(StandardCharsets.UTF_8), patchKey.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** HTTP path of an image's firing heatmap (PNG). */
  public static final String HEATMAP_PATH = "/xgraph/heatmap";

  /** HTTP path of a layer's patch sheet with part labels (PNG). */
  public static final String SHEET_PATH = "/xgraph/sheet";

  private static final Map<Integer, Site> BY_PORT = new ConcurrentHashMap<>();

  private ServedSites() {}

  static void register(int httpPort, Site site) {
    BY_PORT.put(httpPort, site);
  }

  static void unregister(int httpPort) {
    BY_PORT.remove(httpPort);
  }

  /** The site serving database {@code db} over HTTP, if any (procedures use it for links). */
  public static Optional<Site> serving(GraphDatabaseService db) {
    return BY_PORT.values().stream().filter(s -> s.db() == db).findFirst();
  }

  /** The site served on local HTTP port {@code port}, if any. */
  public static Optional<Site> onPort(int port) {
    return Optional.ofNullable(BY_PORT.get(port));
  }
}
