package io.xgraph.store.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, so a test sets every header as a hostile page or a rebinding DNS
 * name would (java.net.http refuses to set Host).
 */
final class RawHttp {

  private RawHttp() {}

  /** A response: status, headers by lower-case name (all values), body. */
  record Response(int status, Map<String, List<String>> headers, String body) {

    /** The first value of a header, or null. */
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public String toString() {
      return status + " " + headers + "\n" + body;
    }
  }

  /** The value of an Authorization header for HTTP basic authentication. */
  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** A Cypher statement as the body of the transaction endpoint. */
  static String statement(String cypher) {
    return "{\"statements\":[{\"statement\":\""
        + cypher.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\"}]}";
  }

  /**
   * Sends one request to 127.0.0.1:{@code port}; {@code headers} are sent as given (a null value
   * leaves the header out), then Content-Length and Connection: close.
   */
  static Response send(
      int port, String method, String path, Map<String, String> headers, String body)
      throws IOException {
    return send("HTTP/1.1", port, method, path, headers, body);
  }

  /** As {@link #send(int, String, String, Map, String)} in another protocol version. */
  static Response send(
      String version,
      int port,
      String method,
      String path,
      Map<String, String> headers,
      String body)
      throws IOException {
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder request = new StringBuilder(method + " " + path + " " + version + "\r\n");
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (h.getValue() != null) {
        request.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      }
    }
    if (body != null) {
      request.append("Content-Length: ").append(content.length).append("\r\n");
    }
    request.append("Connection: close\r\n\r\n");
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(120_000);
      OutputStream out = s.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
      return parse(s.getInputStream().readAllBytes());
    }
  }

  private static Response parse(byte[] raw) throws IOException {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IOException("No complete HTTP response: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers
          .computeIfAbsent(
              lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    List<String> encoding = headers.get("transfer-encoding");
    if (encoding != null && encoding.contains("chunked")) {
      body = unchunk(body);
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] unchunk(byte[] chunked) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = new java.io.ByteArrayInputStream(chunked);
    while (true) {
      StringBuilder size = new StringBuilder();
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          return out.toByteArray();
        }
        if (c != '\r') {
          size.append((char) c);
        }
      }
      int n = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
      if (n == 0) {
        return out.toByteArray();
      }
      out.write(in.readNBytes(n));
      in.readNBytes(2); // CRLF after the chunk
    }
  }
}
