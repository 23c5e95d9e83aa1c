package io.xgraph.examples.bolt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.learner.aog.PartModel;
import io.xgraph.learner.aog.PartTemplate;
import io.xgraph.learner.aog.TemplatePattern;
import io.xgraph.learner.data.Point;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.Firing;
import io.xgraph.learner.model.GraphLayer;
import io.xgraph.learner.model.Pattern;
import io.xgraph.store.Provenance;
import io.xgraph.store.WriteSummary;
import io.xgraph.store.bench.SyntheticGraphs;
import io.xgraph.store.server.EmbeddedServer;
import io.xgraph.store.server.ServerOptions;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example app against a served store (the embedded server of {@code xgraph serve}, Bolt on a
 * free port, a generated password), run in a JVM of its own whose class path is only this module's
 * runtime dependencies: the answers equal what was written.
 */
class GuideQuestionsTest {

  @TempDir Path folder;

  @Test
  void answersTheGuidesThreeQuestionsWithOnlyTheDeclaredDependencies() throws Exception {
    ExplanatoryGraph graph = SyntheticGraphs.tiny("birds", 3);
    try (EmbeddedServer server =
        EmbeddedServer.start(
            ServerOptions.defaults(folder.resolve("store")).withPorts(0, 0).withHttp(false))) {
      WriteSummary written = server.store().write(graph, Provenance.of("synthetic"));
      PartModel head = head(graph);
      server.store().parts().writePart("birds", written.version(), head, Map.of(), false);

      List<String> out = runApp(server.boltUri(), server.password());

      GraphLayer top = graph.layers().get(graph.layers().size() - 1);
      List<Pattern> strongest =
          top.patterns().stream()
              .sorted(
                  Comparator.comparingDouble(Pattern::meanScore)
                      .reversed()
                      .thenComparing(p -> "birds:" + p.id()))
              .limit(5)
              .toList();
      List<String> expected = new ArrayList<>();
      expected.add("model birds");
      for (Pattern p : strongest) {
        expected.add(
            String.format(
                Locale.ROOT,
                "strongest birds:%d L%d f%d.%d %.6f",
                p.id(),
                p.layer(),
                p.channel(),
                p.slot(),
                p.meanScore()));
      }
      List<Firing> fires = strongest.get(0).topImages();
      for (int rank = 0; rank < Math.min(5, fires.size()); rank++) {
        Firing f = fires.get(rank);
        expected.add(
            String.format(
                Locale.ROOT,
                "fires %d %s %.3f %.3f %.6f",
                rank,
                f.imageId(),
                f.x(),
                f.y(),
                f.score()));
      }
      assertEquals(expected, out.subList(0, expected.size()), String.join("\n", out));
      List<String> parts = out.subList(expected.size(), out.size());
      assertEquals(head.templates().size(), parts.size(), String.join("\n", out));
      for (int t = 0; t < head.templates().size(); t++) {
        String keys =
            head.templates().get(t).patterns().stream()
                .map(u -> "birds:" + u.patternIndex())
                .sorted()
                .collect(Collectors.joining(","));
        String line = parts.get(t);
        assertTrue(line.startsWith("part head template " + t + " ["), line);
        String got =
            List.of(line.substring(line.indexOf('[') + 1, line.length() - 1).split(", ")).stream()
                .sorted()
                .collect(Collectors.joining(","));
        assertEquals(keys, got, line);
      }
    }
  }

  /** A part of two templates over three patterns each (the store checks the pattern ids). */
  static PartModel head(ExplanatoryGraph graph) {
    int count = graph.layers().stream().mapToInt(l -> l.patterns().size()).sum();
    List<PartTemplate> templates = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      List<TemplatePattern> uses = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        uses.add(new TemplatePattern(t * 5 + k * 2, 3.0 * k, -2.0 * k, 0.5 - 0.1 * k));
      }
      templates.add(new PartTemplate(graph.trainingImageIds().get(t), new Point(100, 60), uses));
    }
    return new PartModel("head", count, templates);
  }

  /** Runs the app's main in a new JVM on target/classes plus the runtime class path only. */
  static List<String> runApp(String uri, String password) throws Exception {
    String runtime =
        Files.readString(Path.of("target", "runtime-classpath.txt"), StandardCharsets.UTF_8).trim();
    String classPath = Path.of("target", "classes").toAbsolutePath() + File.pathSeparator + runtime;
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(), "-cp", classPath, GuideQuestions.class.getName(), uri, password)
            .redirectErrorStream(true)
            .start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the app ended: " + text);
    assertEquals(0, p.exitValue(), text);
    assertTrue(!runtime.contains("neo4j-kernel") && !runtime.contains("xgraph"), runtime);
    return text.lines().filter(l -> !l.isBlank()).toList();
  }
}
