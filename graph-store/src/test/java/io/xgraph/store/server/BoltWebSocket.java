package io.xgraph.store.server;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Bolt over a WebSocket, as a web page speaks it (Neo4j Browser and the JavaScript driver do): the
 * opening request carries the page's Origin, then the Bolt 5.0 handshake and one HELLO with the
 * given authentication. Just enough to show what such a page may do.
 */
final class BoltWebSocket implements AutoCloseable {

  /** A server reply: SUCCESS or FAILURE, and its raw text (code and message are readable). */
  record Reply(boolean success, String text) {}

  private final WebSocket socket;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private int read;

  private BoltWebSocket(WebSocket socket) {
    this.socket = socket;
  }

  /** Opens {@code ws://127.0.0.1:port} with {@code Origin: origin} and agrees on Bolt 5.0. */
  static BoltWebSocket open(int port, String origin) throws Exception {
    BoltWebSocket[] self = new BoltWebSocket[1];
    WebSocket ws =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Origin", origin)
            .buildAsync(
                URI.create("ws://127.0.0.1:" + port),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                    byte[] bytes = new byte[data.remaining()];
                    data.get(bytes);
                    synchronized (self[0].received) {
                      self[0].received.writeBytes(bytes);
                      self[0].received.notifyAll();
                    }
                    w.request(1);
                    return null;
                  }
                })
            .get(60, TimeUnit.SECONDS);
    self[0] = new BoltWebSocket(ws);
    ByteBuffer handshake = ByteBuffer.allocate(20);
    handshake.putInt(0x6060B017).putInt(0x00000005).putInt(0).putInt(0).putInt(0).flip();
    ws.sendBinary(handshake, true).get(60, TimeUnit.SECONDS);
    byte[] version = self[0].take(4);
    if (version[3] != 5 || version[2] != 0) {
      throw new IllegalStateException("Bolt 5.0 not agreed: " + java.util.Arrays.toString(version));
    }
    return self[0];
  }

  /** Sends HELLO with {@code auth} (scheme, principal, credentials) and returns the reply. */
  Reply hello(Map<String, String> auth) throws Exception {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    message.write(0xB1); // a struct of one field
    message.write(0x01); // HELLO
    message.write(0xA0 + auth.size() + 1);
    string(message, "user_agent");
    string(message, "xgraph-test/1.0");
    for (Map.Entry<String, String> e : auth.entrySet()) {
      string(message, e.getKey());
      string(message, e.getValue());
    }
    byte[] m = message.toByteArray();
    ByteBuffer chunk = ByteBuffer.allocate(m.length + 4);
    chunk.putShort((short) m.length).put(m).putShort((short) 0).flip();
    socket.sendBinary(chunk, true).get(60, TimeUnit.SECONDS);
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    while (true) {
      byte[] size = take(2);
      int n = ((size[0] & 0xFF) << 8) | (size[1] & 0xFF);
      if (n == 0) {
        break;
      }
      reply.writeBytes(take(n));
    }
    byte[] r = reply.toByteArray();
    boolean success = r.length > 1 && (r[1] & 0xFF) == 0x70;
    return new Reply(success, new String(r, StandardCharsets.ISO_8859_1));
  }

  private static void string(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length < 16) {
      out.write(0x80 + b.length);
    } else {
      out.write(0xD0);
      out.write(b.length);
    }
    out.writeBytes(b);
  }

  private byte[] take(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    synchronized (received) {
      while (received.size() - read < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("No Bolt reply over the WebSocket within 60 s");
        }
        received.wait(Math.max(1, left / 1_000_000));
      }
      byte[] all = received.toByteArray();
      byte[] out = java.util.Arrays.copyOfRange(all, read, read + n);
      read += n;
      return out;
    }
  }

  @Override
  public void close() {
    socket.abort();
  }
}
