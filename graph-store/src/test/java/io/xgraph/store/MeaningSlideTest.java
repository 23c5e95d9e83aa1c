package io.xgraph.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.meaning.PartLabel;
import io.xgraph.learner.meaning.PatternOcclusion;
import io.xgraph.learner.meaning.TrackingRule;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.bench.SyntheticGraphs;
import io.xgraph.store.server.EmbeddedServer;
import io.xgraph.store.server.ServerOptions;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.graphdb.Result;
import org.neo4j.graphdb.Transaction;

/**
 * The guide's "What a pattern means" slide on a served store: before anything is stored it names
 * the commands that write labels, occlusion figures and descriptors; once labels and occlusion
 * figures are stored, its queries are filled in with the store's graph, layer and most-labelled
 * part, and run to the rows written here, best first.
 */
class MeaningSlideTest {

  @TempDir Path folder;

  @Test
  void theSlidesQueriesAnswerFromWhatIsStored() throws Exception {
    ExplanatoryGraph graph = SyntheticGraphs.tiny("meaning", 1);
    try (EmbeddedServer server =
        EmbeddedServer.start(
            ServerOptions.defaults(folder.resolve("store"))
                .withPorts(NeoBrowserTest.freePort(), NeoBrowserTest.freePort()))) {
      server.store().write(graph, Provenance.of("synthetic"));
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String before = meaningSlide(BrowserGuideTest.get(http, server.guideUrl()).body());
      assertTrue(before.contains("No part labels yet"), before);
      assertTrue(before.contains("xgraph part occlusion --store"), before);
      assertTrue(before.contains("xgraph part describe --store"), before);

      List<Pattern> layer1 = graph.layers().get(1).patterns();
      int best = layer1.get(0).id();
      int second = layer1.get(1).id();
      server
          .store()
          .writePartLabels(
              "meaning",
              List.of(label(best, "throat", 0.9), label(second, "throat", 0.6)),
              TrackingRule.DEFAULT,
              132);
      server
          .store()
          .writeOcclusion(
              "meaning",
              List.of(
                  new PatternOcclusion(best, 5, 0.30, 0.10, 63),
                  new PatternOcclusion(second, 5, 0.50, 0.05, 63)),
              true);

      String after = meaningSlide(BrowserGuideTest.get(http, server.guideUrl()).body());
      assertFalse(after.contains("No part labels yet"), after);
      assertFalse(after.contains("No occlusion figures yet"), after);
      List<String> queries = queries(after);
      assertEquals(4, queries.size(), after);
      assertTrue(queries.get(0).contains("layer: 1") && queries.get(0).contains("'throat'"));
      assertTrue(queries.get(3).contains("xg.pattern.similar('meaning:"), queries.get(3));

      List<Map<String, Object>> tracking = run(server, queries.get(0));
      assertEquals(2, tracking.size());
      assertEquals("meaning:" + best, tracking.get(0).get("p.key"), "best share first");
      List<Map<String, Object>> coverage = run(server, queries.get(1));
      assertEquals("throat", coverage.get(0).get("s.name"));
      assertEquals(2L, coverage.get(0).get("patterns"));
      List<Map<String, Object>> relied = run(server, queries.get(2));
      assertEquals(2, relied.size());
      assertEquals("meaning:" + second, relied.get(0).get("p.key"), "largest net drop first");
    }
  }

  private static PartLabel label(int pattern, String part, double share) {
    return new PartLabel(pattern, part, 12, share, 0.08, 3.5, -2.0, 9.25, 21.875);
  }

  /** The HTML of the guide's slide titled "What a pattern means". */
  private static String meaningSlide(String guide) {
    int at = guide.indexOf("<h3>What a pattern means</h3>");
    assertTrue(at >= 0, "the guide has the meaning slide: " + guide);
    return guide.substring(at, guide.indexOf("</slide>", at));
  }

  private static List<String> queries(String slide) {
    List<String> out = new ArrayList<>();
    Matcher m =
        java.util.regex.Pattern.compile("<pre class=\"pre-scrollable code runnable\">(.*?)</pre>")
            .matcher(slide.replace("\n", "\u0001"));
    while (m.find()) {
      out.add(
          m.group(1)
              .replace("\u0001", "\n")
              .replace("&lt;", "<")
              .replace("&gt;", ">")
              .replace("&quot;", "\"")
              .replace("&#39;", "'")
              .replace("&amp;", "&"));
    }
    return out;
  }

  private static List<Map<String, Object>> run(EmbeddedServer server, String query) {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Transaction tx = server.database().beginTx();
        Result r = tx.execute(query)) {
      r.forEachRemaining(rows::add);
    }
    return rows;
  }
}
