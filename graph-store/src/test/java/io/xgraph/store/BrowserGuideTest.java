package io.xgraph.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.bench.SyntheticGraphs;
import io.xgraph.store.server.EmbeddedServer;
import io.xgraph.store.server.ServerOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Browser guide of a served store, in real headless Chromium: the one-click link that {@code
 * xgraph serve} prints connects and plays the guide; a guide query, run from the guide, draws its
 * nodes (SVG circles, coloured by layer, captioned "L2 f..."); the guide's image patches (real CUB
 * birds cropped around the stored positions) load in the page, and without the guide's key they are
 * refused. The screenshot is kept as docs/img/browser-guide.png.
 */
@Tag("browser")
class BrowserGuideTest {

  /** Fill colour of the top layer's patterns (L2) in xgraph.grass. */
  static final String TOP_LAYER_COLOUR = "#4C8EDA";

  /** Fill colours of the patterns of layers 0, 1, 2 (L0, L1, L2) in xgraph.grass. */
  static final Set<String> LAYER_COLOURS = Set.of("#C6E7F5", "#57C7E3", TOP_LAYER_COLOUR);

  @TempDir Path folder;

  @Test
  void guidePlaysThroughTheLinkAndItsQueryDrawsALayerColouredGraphWithPatches() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(DevTools.CHROMIUM),
        "Skipped: /usr/bin/chromium is absent (apt-get install -y chromium)");
    Path cub = Path.of(System.getProperty("xgraph.data", "../../shared/data"), "cub200-dev");
    Assumptions.assumeTrue(Files.isDirectory(cub), "Skipped: no CUB images at " + cub);
    ExplanatoryGraph graph = SyntheticGraphs.tiny("birds", 1);
    try (EmbeddedServer server =
        EmbeddedServer.start(
            ServerOptions.defaults(folder.resolve("store"))
                .withPorts(NeoBrowserTest.freePort(), NeoBrowserTest.freePort())
                .withImageRoot(cub))) {
      server
          .store()
          .write(graph, Provenance.of("synthetic"), cubImages(cub, graph), WriteListener.NONE);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String guide = get(http, server.guideUrl()).body();
      assertTrue(guide.contains("<slide") && guide.contains("runnable"), guide);
      Matcher patch =
          java.util.regex.Pattern.compile("src=\"([^\"]*/xgraph/patch\\?[^\"]+)\"").matcher(guide);
      assertTrue(patch.find(), "the guide shows image patches: " + guide);
      String patchUrl = patch.group(1).replace("&amp;", "&");
      HttpResponse<byte[]> png = getBytes(http, patchUrl);
      assertEquals(200, png.statusCode(), new String(png.body(), StandardCharsets.UTF_8));
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
      assertEquals(112, image.getWidth());
      assertTrue(distinctColours(image) > 100, "a photo, not a flat fill");
      String noKey = patchUrl.replaceAll("&key=[^&]+", "&key=guess");
      assertEquals(403, getBytes(http, noKey).statusCode(), "a patch without the guide's key");

      String link = server.browserGuideUrl();
      try (DevTools chrome = DevTools.launch(folder.resolve("profile"), 1400, 900)) {
        chrome.navigate(link);
        boolean played =
            chrome.waitFor(
                "document.body && document.body.innerText.includes('The explanatory graph')"
                    + " && document.querySelectorAll('pre.runnable').length > 0",
                Duration.ofSeconds(120));
        Path out = Path.of("target", "browser");
        Files.createDirectories(out);
        Files.writeString(out.resolve("guide.txt"), chrome.eval("document.body.innerText"));
        if (!played) {
          chrome.eval(
              "fetch("
                  + DevTools.quote(server.guideUrl())
                  + ", {headers: {pragma: 'no-cache'}}).then(r => r.text().then(t =>"
                  + " window.xgFetch = r.status + ' ' + location.href + ' ' + t.slice(0, 300))),"
                  + " 'ok'");
          chrome.waitFor("!!window.xgFetch", Duration.ofSeconds(20));
        }
        assertTrue(
            played,
            "the link played the guide: "
                + chrome.eval("document.body.innerText")
                + "; a fetch of the guide from the page: "
                + chrome.eval("String(window.xgFetch)"));
        // The carousel draws one slide at a time: go to the one with the patches.
        assertTrue(
            showSlideWith(chrome, "document.querySelectorAll('img.xgraph-patch').length > 0"),
            "a guide slide shows image patches");
        boolean patchesLoaded =
            chrome.waitFor(
                "Array.from(document.querySelectorAll('img.xgraph-patch'))"
                    + ".filter(i => i.complete && i.naturalWidth === 112).length >= 3",
                Duration.ofSeconds(60));
        assertTrue(patchesLoaded, "the guide's image patches load in Browser");
        keep(chrome.screenshot(), "browser-guide-patches.png");
        // The guide's second query: the top layer's strongest patterns and their layer node.
        String second =
            "Array.from(document.querySelectorAll('pre.runnable')).find(p =>"
                + " p.textContent.includes('ORDER BY p.meanScore DESC LIMIT 12'))";
        assertTrue(showSlideWith(chrome, "!!" + second), "the guide has the layer query");
        chrome.eval(
            "Array.from(document.querySelectorAll('pre.runnable')).find(p =>"
                + " p.textContent.includes('ORDER BY p.meanScore DESC LIMIT 12')).click(), 'ok'");
        boolean inEditor =
            chrome.waitFor(
                "document.body.innerText.includes('LIMIT 12')"
                    + " && !!document.querySelector('[data-testid=\\'editor-Run\\']')",
                Duration.ofSeconds(30));
        assertTrue(inEditor, "the guide's query went into the editor");
        chrome.eval("document.querySelector('[data-testid=\\'editor-Run\\']').click(), 'ok'");
        int expected = topLayerPatterns(graph) + 1;
        boolean drawn =
            chrome.waitFor(
                "document.querySelectorAll('svg circle.b-outline').length >= " + expected,
                Duration.ofSeconds(60));
        Thread.sleep(3000); // let the force layout settle before the picture
        keep(chrome.screenshot(), "browser-guide.png");
        String circles =
            chrome.eval("String(document.querySelectorAll('svg circle.b-outline').length)");
        assertTrue(drawn, "the query drew " + expected + " nodes, found " + circles);
        assertEquals(String.valueOf(expected), circles);
        String captions =
            chrome.eval(
                "Array.from(document.querySelectorAll('svg g.node text')).map(t =>"
                    + " t.textContent).join('|')");
        assertTrue(
            captions.contains("L2 f"), "patterns captioned by layer and filter: " + captions);
        String fills =
            chrome.eval(
                "Array.from(new Set(Array.from(document.querySelectorAll('svg circle.b-outline'))"
                    + ".map(c => c.getAttribute('fill')))).join('|')");
        assertTrue(
            Set.of(fills.toUpperCase().split("\\|")).contains(TOP_LAYER_COLOUR),
            "the top layer's colour: " + fills);

        // The PARENT query spans the three layers: three layer colours in one picture.
        String compose =
            "Array.from(document.querySelectorAll('pre.runnable')).find(p =>"
                + " p.textContent.includes('r.rank < 4'))";
        assertTrue(showSlideWith(chrome, "!!" + compose), "the guide has the PARENT query");
        chrome.eval(compose + ".click(), 'ok'");
        chrome.waitFor("document.body.innerText.includes('r2.rank < 2')", Duration.ofSeconds(30));
        chrome.eval("document.querySelector('[data-testid=\\'editor-Run\\']').click(), 'ok'");
        int composed = composedNodes(graph);
        String perFrame =
            "Array.from(document.querySelectorAll('svg')).map(s =>"
                + " s.querySelectorAll('circle.b-outline').length).filter(n => n > 0)";
        boolean both =
            chrome.waitFor(perFrame + ".includes(" + composed + ")", Duration.ofSeconds(60));
        Thread.sleep(3000);
        keep(chrome.screenshot(), "browser-guide-layers.png");
        assertTrue(
            both,
            "the PARENT query drew "
                + composed
                + " nodes: "
                + chrome.eval("JSON.stringify(" + perFrame + ")"));
        String layerFills =
            chrome.eval(
                "Array.from(new Set(Array.from(document.querySelectorAll('svg circle.b-outline'))"
                    + ".map(c => c.getAttribute('fill').toUpperCase()))).join('|')");
        assertTrue(
            Set.of(layerFills.split("\\|")).containsAll(LAYER_COLOURS),
            "one colour per layer " + LAYER_COLOURS + ": " + layerFills);
      }
    }
  }

  /** Writes a screenshot to target/browser and, in a checkout, to docs/img. */
  static void keep(byte[] png, String name) throws Exception {
    Path out = Path.of("target", "browser");
    Files.createDirectories(out);
    Files.write(out.resolve(name), png);
    Path docs = Path.of("..", "docs", "img");
    if (Files.isDirectory(docs)) {
      Files.write(docs.resolve(name), png);
    }
  }

  /** Steps through the guide's slides (forward, then back) until {@code condition} holds. */
  static boolean showSlideWith(DevTools chrome, String condition) throws Exception {
    for (String button : List.of("nextSlide", "previousSlide")) {
      for (int i = 0; i < 10; i++) {
        if (chrome.waitFor(condition, Duration.ofSeconds(2))) {
          return true;
        }
        String clicked =
            chrome.eval(
                "(b => b ? (b.click(), 'yes') : 'no')(document.querySelector("
                    + "'[data-testid=\\'"
                    + button
                    + "\\']'))");
        if (!"yes".equals(clicked)) {
          break;
        }
      }
    }
    return chrome.waitFor(condition, Duration.ofSeconds(2));
  }

  /** Each image id of the graph paired with a real CUB bird (path and box of its listing). */
  static List<ImageInfo> cubImages(Path cub, ExplanatoryGraph graph) throws Exception {
    List<String> files = Files.readAllLines(cub.resolve("images.txt"));
    List<String> boxes = Files.readAllLines(cub.resolve("bounding_boxes.txt"));
    Map<String, String[]> byId = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      String[] f = files.get(i).trim().split("\\s+");
      String[] b = boxes.get(i).trim().split("\\s+");
      byId.put(f[0], new String[] {f[1], b[1], b[2], b[3], b[4]});
    }
    List<String> ids = new ArrayList<>(byId.keySet());
    ids.sort(null);
    List<ImageInfo> out = new ArrayList<>();
    int k = 0;
    for (String id : graph.trainingImageIds()) {
      String[] e = byId.get(ids.get(k++ % ids.size()));
      double[] box = {
        Double.parseDouble(e[1]),
        Double.parseDouble(e[2]),
        Double.parseDouble(e[3]),
        Double.parseDouble(e[4])
      };
      out.add(new ImageInfo(id, "train", "images/" + e[0], box));
    }
    return out;
  }

  /**
   * Nodes of the guide's PARENT query: the strongest pattern of layer 0, its parents of rank below
   * 4 and their parents of rank below 2 (rank = position in the child's parent list).
   */
  static int composedNodes(ExplanatoryGraph graph) {
    Map<Integer, Pattern> byId = new HashMap<>();
    graph.layers().forEach(l -> l.patterns().forEach(p -> byId.put(p.id(), p)));
    Pattern start =
        graph.layers().get(0).patterns().stream()
            .max(java.util.Comparator.comparingDouble(Pattern::meanScore))
            .orElseThrow();
    Set<Integer> nodes = new java.util.HashSet<>(List.of(start.id()));
    List<io.xgraph.learner.model.ParentLink> up = start.parents();
    for (int r = 0; r < Math.min(4, up.size()); r++) {
      Pattern q = byId.get(up.get(r).parentId());
      nodes.add(q.id());
      for (int r2 = 0; r2 < Math.min(2, q.parents().size()); r2++) {
        nodes.add(q.parents().get(r2).parentId());
      }
    }
    return nodes.size();
  }

  static int topLayerPatterns(ExplanatoryGraph graph) {
    return Math.min(12, graph.layers().get(graph.layers().size() - 1).patterns().size());
  }

  static int distinctColours(BufferedImage image) {
    Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }

  static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<byte[]> getBytes(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
