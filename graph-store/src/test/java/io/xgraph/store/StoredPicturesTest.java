package io.xgraph.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.meaning.PartLabel;
import io.xgraph.learner.meaning.TrackingRule;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.bench.SyntheticGraphs;
import io.xgraph.store.server.EmbeddedServer;
import io.xgraph.store.server.FiringHeatmap;
import io.xgraph.store.server.ServerOptions;
import io.xgraph.store.server.StoredPictures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's pictures on a served store of real CUB birds: the heatmap is hot where the image's
 * stored firings are and shows the plain photo where none reach; the patch sheet carries the part
 * label of a TRACKS written here, and a graph without labels gets uncaptioned rows with a note; bad
 * input (image, layer, part, graph) is named; the guide's picture links serve PNGs, with the key.
 */
class StoredPicturesTest {

  @TempDir static Path folder;

  static Path cub;
  static ExplanatoryGraph graph;
  static EmbeddedServer server;

  @BeforeAll
  static void serve() throws Exception {
    cub = Path.of(System.getProperty("xgraph.data", "../../shared/data"), "cub200-dev");
    Assumptions.assumeTrue(Files.isDirectory(cub), "Skipped: no CUB images at " + cub);
    graph = SyntheticGraphs.tiny("birds", 1);
    server =
        EmbeddedServer.start(
            ServerOptions.defaults(folder.resolve("store"))
                .withPorts(NeoBrowserTest.freePort(), NeoBrowserTest.freePort())
                .withImageRoot(cub));
    server
        .store()
        .write(
            graph,
            Provenance.of("synthetic"),
            BrowserGuideTest.cubImages(cub, graph),
            WriteListener.NONE);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void heatPeaksAtTheStrongestFiringAndVanishesBeyondThreeSigma() {
    FiringHeatmap.Panel panel =
        new FiringHeatmap.Panel(
            "l",
            4,
            List.of(new FiringHeatmap.Spot(20, 30, 2.0), new FiringHeatmap.Spot(5, 5, 0.5)));
    float[] heat = FiringHeatmap.heat(48, panel);
    int best = 0;
    for (int i = 0; i < heat.length; i++) {
      best = heat[i] > heat[best] ? i : best;
    }
    assertEquals(30 * 48 + 20, best, "hottest at the strong spot");
    assertEquals(2.0, heat[best], 1e-4);
    assertEquals(0.5, heat[5 * 48 + 5], 1e-4, "the weak spot adds its own score");
    assertEquals(0f, heat[45 * 48 + 45], "nothing beyond 3 sigma of every spot");
  }

  @Test
  void storedHeatmapIsHotWhereTheImageFiresAndPlainElsewhere() {
    // The image most patterns of the lowest layer fire on, and the heat its firings make there.
    Map<String, Integer> count = new HashMap<>();
    for (Pattern p : graph.layers().get(0).patterns()) {
      p.topImages().forEach(f -> count.merge(f.imageId(), 1, Integer::sum));
    }
    String image =
        count.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    int side = graph.layers().get(0).geometry().inputSize();
    BufferedImage picture = StoredPictures.heatmap(server.database(), cub, null, image);
    for (int l = 0; l < graph.layers().size(); l++) {
      GraphLayer layer = graph.layers().get(l);
      List<FiringHeatmap.Spot> spots = new ArrayList<>();
      for (Pattern p : layer.patterns()) {
        for (Firing f : p.topImages()) {
          if (f.imageId().equals(image)) {
            spots.add(new FiringHeatmap.Spot(f.x(), f.y(), f.score()));
          }
        }
      }
      float[] heat =
          FiringHeatmap.heat(side, new FiringHeatmap.Panel("", layer.geometry().stride(), spots));
      int left = 8 + l * (side + 8);
      int top = 24;
      int hot = 0;
      for (int i = 0; i < heat.length; i++) {
        hot = heat[i] > heat[hot] ? i : hot;
      }
      if (spots.isEmpty()) {
        continue;
      }
      int rgb = picture.getRGB(left + hot % side, top + hot / side);
      assertTrue(
          ((rgb >> 16) & 0xff) > 240 && ((rgb >> 8) & 0xff) > 225,
          "layer "
              + l
              + ": the hottest firing is drawn pale yellow, was "
              + Integer.toHexString(rgb));
      for (int i = 0; i < heat.length; i++) {
        if (heat[i] == 0) {
          int c = picture.getRGB(left + i % side, top + i / side);
          int r = (c >> 16) & 0xff;
          assertTrue(
              r == ((c >> 8) & 0xff) && r == (c & 0xff),
              "layer " + l + ": no firing reaches pixel " + i + ", so it is the grey photo");
        }
      }
    }
  }

  @Test
  void sheetsCarryStoredPartLabelsAndANoteWithoutThem() {
    StoredPictures.Sheet plain =
        StoredPictures.sheet(server.database(), cub, null, "2", null, 4, 3);
    assertTrue(plain.note().contains("xgraph part labels"), plain.note());
    plain.rows().forEach(r -> assertEquals("no part label", r.get(1), r.toString()));
    assertEquals(4, plain.rows().size());
    IllegalArgumentException noLabels =
        assertThrows(
            IllegalArgumentException.class,
            () -> StoredPictures.sheet(server.database(), cub, null, "2", "beak", 4, 3));
    assertTrue(noLabels.getMessage().contains("has no part labels"), noLabels.getMessage());

    Pattern strongest =
        graph.layers().get(2).patterns().stream()
            .filter(p -> !p.topImages().isEmpty())
            .max(Comparator.comparingDouble(Pattern::meanScore))
            .orElseThrow();
    String graphName = server.store().listModels().get(0).name();
    server
        .store()
        .writePartLabels(
            graphName,
            List.of(new PartLabel(strongest.id(), "beak", 12, 0.75, 0.1, 1, 2, 3, 5.4)),
            TrackingRule.DEFAULT,
            20);
    StoredPictures.Sheet labelled =
        StoredPictures.sheet(server.database(), cub, null, "conv_c", null, 4, 3);
    assertNull(labelled.note());
    String key = graphName + ":" + strongest.id();
    assertEquals(List.of(key, "beak 75%", "filter " + strongest.channel()), labelled.rows().get(0));
    assertEquals("no part label", labelled.rows().get(1).get(1));
    StoredPictures.Sheet beak =
        StoredPictures.sheet(server.database(), cub, null, "2", "beak", 4, 3);
    assertEquals(1, beak.rows().size());
    assertTrue(beak.title().contains("tracking beak"), beak.title());
    assertTrue(beak.image().getHeight() > 80, "one row of patches drawn");

    assertMessage(
        () -> StoredPictures.sheet(server.database(), cub, null, "2", "tail", 4, 3),
        "tracks a part `tail`",
        "[beak]");
    assertMessage(
        () -> StoredPictures.sheet(server.database(), cub, null, "0", "beak", 4, 3),
        "No pattern of layer conv_a tracks `beak`",
        "conv_c=1");
  }

  @Test
  void badInputIsNamedWithWhatExists() {
    assertMessage(
        () -> StoredPictures.heatmap(server.database(), cub, null, "no-such-image"),
        "No image `no-such-image` in the store",
        "fires on include [");
    assertMessage(
        () -> StoredPictures.sheet(server.database(), cub, null, "9", null, 4, 3),
        "Layer was `9`",
        "0=conv_a");
    assertMessage(
        () -> StoredPictures.heatmap(server.database(), cub, "cats", "1"),
        "No graph `cats`",
        "birds");
    assertMessage(
        () -> StoredPictures.sheet(server.database(), null, null, "1", null, 2, 2),
        "No image folder",
        "--image-root");
  }

  @Test
  void guideLinksServePicturesOnlyWithItsKey() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String guide = BrowserGuideTest.get(http, server.guideUrl()).body();
    assertTrue(guide.contains("Pictures: where patterns fire"), guide);
    List<String> links = new ArrayList<>();
    Matcher m =
        java.util.regex.Pattern.compile("href=\"([^\"]*/xgraph/(heatmap|sheet)\\?[^\"]+)\"")
            .matcher(guide);
    while (m.find()) {
      links.add(m.group(1).replace("&amp;", "&"));
    }
    assertTrue(links.size() >= 2, "a heatmap and a sheet link: " + links);
    for (String url : links) {
      HttpResponse<byte[]> png = BrowserGuideTest.getBytes(http, url);
      assertEquals(
          200, png.statusCode(), url + ": " + new String(png.body(), StandardCharsets.UTF_8));
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
      assertTrue(image.getWidth() > 100 && BrowserGuideTest.distinctColours(image) > 100, url);
      assertEquals(
          403,
          BrowserGuideTest.getBytes(http, url.replaceAll("&key=[^&]+", "&key=x")).statusCode());
    }
    String heatmap = links.stream().filter(u -> u.contains("/heatmap")).findFirst().orElseThrow();
    HttpResponse<byte[]> unknown =
        BrowserGuideTest.getBytes(http, heatmap.replaceAll("image=[^&]+", "image=nope"));
    assertEquals(404, unknown.statusCode());
    assertTrue(new String(unknown.body(), StandardCharsets.UTF_8).contains("No image `nope`"));
  }

  private static void assertMessage(Runnable call, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "`" + p + "` in: " + e.getMessage());
    }
  }
}
