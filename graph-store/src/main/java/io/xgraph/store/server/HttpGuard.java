package io.xgraph.store.server;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The first filter of every HTTP path of the embedded server (Browser, the HTTP API, discovery,
 * {@code /xgraph}): a request must name this server in its Host header (a page that reached
 * 127.0.0.1 through DNS rebinding still sends its own name), and a request sent by a web page
 * ({@code Origin} header) must come from this server's own origin, i.e. from Neo4j Browser served
 * here. Everything else gets 403 with the reason, before Neo4j's CORS filter could grant it.
 * Requests without Origin (curl, drivers, same-origin page loads) pass the Origin check: they are
 * not sent by a foreign page.
 */
final class HttpGuard implements Filter {

  /** Loopback names a user types; the only names a loopback server answers to. */
  static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");

  private final Set<String> names;

  HttpGuard(Set<String> names) {
    this.names = Set.copyOf(names);
  }

  /**
   * The host names a server listening on {@code listen} answers to: the loopback names, plus for
   * another address that address and the name it is advertised under, plus for a wildcard every
   * address of this machine and its host names.
   */
  static Set<String> namesFor(String listen, String advertised) {
    Set<String> names = new LinkedHashSet<>(LOOPBACK_NAMES);
    if (ServerOptions.isLoopback(listen)) {
      return names;
    }
    names.add(hostName(listen));
    names.add(hostName(advertised));
    if (EmbeddedServer.isWildcard(listen)) {
      try {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
          for (InetAddress a : Collections.list(n.getInetAddresses())) {
            names.add(hostName(a.getHostAddress()));
          }
        }
        InetAddress self = InetAddress.getLocalHost();
        names.add(hostName(self.getHostName()));
        names.add(hostName(self.getCanonicalHostName()));
      } catch (SocketException | UnknownHostException e) {
        // The names found so far still work; the machine's own name is a convenience.
      }
    }
    return names;
  }

  /** A host as it appears in a Host header or URL: lower case, IPv6 in brackets, no zone. */
  static String hostName(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      return h;
    }
    if (h.contains(":")) {
      int zone = h.indexOf('%');
      try {
        InetAddress a = InetAddress.getByName(zone < 0 ? h : h.substring(0, zone));
        if (a instanceof Inet6Address) {
          String text = a.getHostAddress();
          int z = text.indexOf('%');
          return "[" + (z < 0 ? text : text.substring(0, z)) + "]";
        }
      } catch (UnknownHostException e) {
        // Not an address literal: compare the text as it is.
      }
      return "[" + h + "]";
    }
    return h;
  }

  /** The host part of a Host header value ({@code name}, {@code name:port}, {@code [v6]:port}). */
  static String hostOf(String header) {
    String h = header.trim();
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0
          ? h.toLowerCase(Locale.ROOT)
          : h.substring(0, end + 1).toLowerCase(Locale.ROOT);
    }
    int colon = h.lastIndexOf(':');
    return (colon < 0 ? h : h.substring(0, colon)).toLowerCase(Locale.ROOT);
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    String refusal = refusal(request.getHeader("Host"), request.getHeader("Origin"), request);
    if (refusal != null) {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      response.setHeader("Cache-Control", "no-store");
      response.setContentType("text/plain; charset=utf-8");
      response.getOutputStream().write((refusal + "\n").getBytes(StandardCharsets.UTF_8));
      return;
    }
    chain.doFilter(req, res);
  }

  private String refusal(String host, String origin, HttpServletRequest request) {
    int port = request.getLocalPort();
    String home = "http://127.0.0.1:" + port + "/browser/";
    if (host == null || host.isBlank()) {
      return "xgraph serve refused this request: it has no Host header. Send `Host: 127.0.0.1:"
          + port
          + "`.";
    }
    if (!names.contains(hostOf(host))) {
      return "xgraph serve refused this request: its Host `"
          + host
          + "` is not a name of this server "
          + names
          + " (a web page that reached this address under its own name, e.g. by DNS rebinding,"
          + " may not use the store). Open "
          + home
          + " instead.";
    }
    if (origin != null && !isOwnOrigin(origin, port)) {
      return "xgraph serve refused this request: it was sent by a web page of origin `"
          + origin
          + "`; only Neo4j Browser served by this server ("
          + home
          + ") may use it from a web page.";
    }
    return null;
  }

  private boolean isOwnOrigin(String origin, int port) {
    URI uri;
    try {
      uri = new URI(origin.trim());
    } catch (URISyntaxException e) {
      return false; // includes the opaque origin "null" of sandboxed frames and file: pages
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      return false;
    }
    int originPort = uri.getPort() < 0 ? 80 : uri.getPort();
    return originPort == port && names.contains(hostName(uri.getHost()));
  }
}
