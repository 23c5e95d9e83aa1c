package io.xgraph.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven through the Chrome DevTools Protocol over a plain java.net.http
 * WebSocket: navigate, evaluate JavaScript, capture a PNG. Just enough for the Browser test.
 */
final class DevTools implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private final Process chromium;
  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  private DevTools(Process chromium, WebSocket socket) {
    this.chromium = chromium;
    this.socket = socket;
  }

  static DevTools launch(Path profile, int width, int height) throws Exception {
    Process p =
        new ProcessBuilder(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--remote-debugging-port=0",
                "--window-size=" + width + "," + height,
                "about:blank")
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    Pattern listening = Pattern.compile("DevTools listening on (ws://[^\\s]+)");
    String line;
    String browserWs = null;
    StringBuilder seen = new StringBuilder();
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher m = listening.matcher(line);
      if (m.find()) {
        browserWs = m.group(1);
        break;
      }
    }
    if (browserWs == null) {
      p.destroyForcibly();
      throw new IllegalStateException("Chromium did not start DevTools: " + seen);
    }
    Thread drain =
        new Thread(
            () -> {
              try {
                while (out.readLine() != null) {
                  // keep Chromium's output pipe from filling up
                }
              } catch (IOException ignored) {
                // Chromium exited
              }
            });
    drain.setDaemon(true);
    drain.start();
    URI ws = URI.create(browserWs);
    HttpClient http = HttpClient.newHttpClient();
    String list =
        http.send(
                HttpRequest.newBuilder(
                        URI.create("http://" + ws.getHost() + ":" + ws.getPort() + "/json/list"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher page =
        Pattern.compile(
                "\"type\"\\s*:\\s*\"page\"[\\s\\S]*?\"webSocketDebuggerUrl\"\\s*:\\s*\"([^\"]+)\"")
            .matcher(list);
    if (!page.find()) {
      p.destroyForcibly();
      throw new IllegalStateException("No page target in " + list);
    }
    DevTools[] self = new DevTools[1];
    StringBuilder buffer = new StringBuilder();
    WebSocket socket =
        http.newWebSocketBuilder()
            .buildAsync(
                URI.create(page.group(1)),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    buffer.append(data);
                    if (last) {
                      String message = buffer.toString();
                      buffer.setLength(0);
                      Matcher id = Pattern.compile("^\\{\"id\":(\\d+),").matcher(message);
                      if (id.find()) {
                        CompletableFuture<String> f =
                            self[0].pending.remove(Integer.parseInt(id.group(1)));
                        if (f != null) {
                          f.complete(message);
                        }
                      }
                    }
                    ws.request(1);
                    return null;
                  }
                })
            .get(30, TimeUnit.SECONDS);
    self[0] = new DevTools(p, socket);
    return self[0];
  }

  /** Sends a command and returns the raw JSON reply. */
  String call(String method, String paramsJson) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<String> reply = new CompletableFuture<>();
    pending.put(id, reply);
    socket
        .sendText(
            "{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}", true)
        .get(30, TimeUnit.SECONDS);
    return reply.get(60, TimeUnit.SECONDS);
  }

  void navigate(String url) throws Exception {
    call("Page.enable", "{}");
    call("Page.navigate", "{\"url\":" + quote(url) + "}");
  }

  /** Evaluates a JavaScript expression returning a string. */
  String eval(String expression) throws Exception {
    String reply =
        call(
            "Runtime.evaluate",
            "{\"expression\":" + quote(expression) + ",\"returnByValue\":true}");
    int start = reply.indexOf("\"value\":\"");
    if (start < 0) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (int i = start + 9; i < reply.length(); i++) {
      char c = reply.charAt(i);
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        char e = reply.charAt(++i);
        switch (e) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'u' -> {
            out.append((char) Integer.parseInt(reply.substring(i + 1, i + 5), 16));
            i += 4;
          }
          default -> out.append(e);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Polls {@code expression} (JavaScript, boolean) until true; false after the timeout. */
  boolean waitFor(String expression, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if ("true".equals(eval("String(" + expression + ")"))) {
        return true;
      }
      Thread.sleep(500);
    }
    return false;
  }

  byte[] screenshot() throws Exception {
    String reply = call("Page.captureScreenshot", "{\"format\":\"png\"}");
    Matcher m = Pattern.compile("\"data\":\"([^\"]+)\"").matcher(reply);
    if (!m.find()) {
      throw new IllegalStateException("No screenshot in reply " + reply.substring(0, 200));
    }
    return java.util.Base64.getDecoder().decode(m.group(1));
  }

  /** Types a key chord (e.g. Ctrl+Enter) into the focused element. */
  void key(String key, String code, int keyCode, int modifiers) throws Exception {
    for (String type : List.of("rawKeyDown", "keyUp")) {
      call(
          "Input.dispatchKeyEvent",
          String.format(
              "{\"type\":\"%s\",\"key\":\"%s\",\"code\":\"%s\",\"windowsVirtualKeyCode\":%d,"
                  + "\"modifiers\":%d}",
              type, key, code, keyCode, modifiers));
    }
  }

  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }

  @Override
  public void close() {
    socket.abort();
    chromium.destroyForcibly();
    try {
      chromium.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
