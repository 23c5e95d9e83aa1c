package io.xgraph.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.store.bench.SyntheticGraphs;
import io.xgraph.store.server.EmbeddedServer;
import io.xgraph.store.server.ServerOptions;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Neo4j Browser, served by the embedded server, in real headless Chromium: opened plainly it asks
 * for the password (authentication is on); opened through the server's one-click link it connects
 * as neo4j without a login form, the password gone from the address bar, runs a Cypher query over a
 * stored graph, and shows it with the project's style. The screenshot goes to
 * target/browser/browser.png. Skipped only if /usr/bin/chromium is absent.
 */
@Tag("browser")
class NeoBrowserTest {

  static final String QUERY =
      "MATCH (m:ExplanatoryGraph {name: 'birds'})-[:HAS_LAYER]->(l:Layer {index: 2})-[:HAS_PATTERN]->(p)"
          + " OPTIONAL MATCH (c:Pattern)-[r:PARENT]->(p) RETURN m, l, p, c, r LIMIT 40";

  @TempDir Path folder;

  @Test
  void browserConnectsThroughTheLinkWithItsPasswordAndShowsAQueryResult() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(DevTools.CHROMIUM),
        "Skipped: /usr/bin/chromium is absent (apt-get install -y chromium)");
    int bolt = freePort();
    int http = freePort();
    try (EmbeddedServer server =
        EmbeddedServer.start(
            ServerOptions.defaults(folder.resolve("store")).withPorts(bolt, http))) {
      server.store().write(SyntheticGraphs.tiny("birds", 1), Provenance.of("synthetic"));
      String url =
          server.browserUrl("cmd=edit&arg=" + URLEncoder.encode(QUERY, StandardCharsets.UTF_8));
      try (DevTools chrome = DevTools.launch(folder.resolve("profile"), 1400, 900)) {
        // Without the link's password Browser shows its login form and is not connected.
        chrome.navigate(server.browserLoginUrl());
        boolean loginForm =
            chrome.waitFor(
                "document.querySelector('input[type=password]') !== null", Duration.ofSeconds(120));
        String loginText = chrome.eval("document.body.innerText");
        assertTrue(loginForm, "Browser asks for the password: " + loginText);
        assertTrue(!loginText.contains("You are connected as"), loginText);

        chrome.navigate(url);
        boolean connected =
            chrome.waitFor(
                "document.body && document.body.innerText.includes('You are connected as')"
                    + " || document.body.innerText.includes('Connected to Neo4j')",
                Duration.ofSeconds(120));
        String connectedText = chrome.eval("document.body.innerText");
        assertTrue(connected, "Browser connected through the link: " + connectedText);
        String address = chrome.eval("location.href");
        assertTrue(address.contains("/browser/"), address);
        assertTrue(!address.contains(server.password()), "the password left the address bar");
        // The style sheet is applied by Browser's post-connect command (a ":style" frame).
        boolean styled =
            chrome.waitFor(
                "document.body.innerText.includes(':style http')", Duration.ofSeconds(60));
        String buttons =
            chrome.eval(
                "Array.from(document.querySelectorAll('button')).map(b => (b.title || '') + '/' +"
                    + " (b.getAttribute('aria-label') || '')).join(' ')");
        Files.createDirectories(Path.of("target", "browser"));
        Files.writeString(Path.of("target", "browser", "buttons.txt"), buttons);
        chrome.eval(
            "Array.from(document.querySelectorAll('button[title=\\'Close\\']')).forEach(b =>"
                + " b.click()), 'ok'");
        Thread.sleep(1000);
        chrome.eval("document.querySelector('[data-testid=\\'editor-Run\\']').click(), 'ok'");
        boolean result =
            chrome.waitFor(
                "document.body.innerText.includes('Started streaming')", Duration.ofSeconds(60));
        Thread.sleep(3000); // let the force layout settle before the picture
        Path out = Path.of("target", "browser");
        Files.createDirectories(out);
        Files.write(out.resolve("browser.png"), chrome.screenshot());
        String text = chrome.eval("document.body.innerText");
        Files.writeString(out.resolve("browser.txt"), text);
        String storage = chrome.eval("JSON.stringify(window.localStorage)");
        Files.writeString(out.resolve("localStorage.json"), storage);
        assertTrue(styled, "the style frame ran: " + text);
        assertTrue(
            result || text.contains("Displaying ") || text.contains("Started streaming"),
            "the query ran: " + text);
        assertTrue(
            text.contains("Started streaming 40 records") || text.contains("Displaying 18 nodes"),
            text);
        assertTrue(text.contains("ExplanatoryGraph") && text.contains("Pattern"), text);
        assertTrue(
            storage.contains("57C7E3") || storage.contains("57c7e3"),
            "the project's style sheet was applied on connect: " + storage);
      }
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
