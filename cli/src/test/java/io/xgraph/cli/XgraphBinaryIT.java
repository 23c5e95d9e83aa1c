package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built {@code xgraph} jar run as a user runs it: a separate {@code java} process on the shared
 * data (the demo on 40 birds and two layers, 12k patterns), its report and files, and the exit
 * codes of success (0), a usage mistake (2) and a failure at run time (1). Runs after {@code
 * package}.
 */
class XgraphBinaryIT {

  @TempDir Path tmp;

  /** What one run printed and returned. */
  record Run(int code, String out, String err) {}

  /**
   * Starts the packaged jar as a separate process with {@code args}, standard output and error
   * going to {@code out} and {@code err}, no standard input.
   */
  static Process start(Path out, Path err, String... args) throws IOException {
    String jar = System.getProperty("xgraph.cliJar");
    String lib = System.getProperty("xgraph.cliLib");
    assertTrue(jar != null && Files.isRegularFile(Path.of(jar)), "cli jar built: " + jar);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx3g");
    cmd.add("-cp");
    cmd.add(jar + File.pathSeparator + lib + File.separator + "*");
    cmd.add("io.xgraph.cli.Main");
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }

  /** The demo on a reduced run: 40 birds, two layers, two EM iterations. */
  static List<String> reducedDemo(Path work) {
    return List.of(
        "demo",
        "--data",
        PartEvalCommandTest.data(),
        "--work",
        work.toString(),
        "--limit",
        "40",
        "--iterations",
        "2",
        "--layers",
        "fire7/concat_1,fire9/concat_1");
  }

  private static Run xgraph(String... args) throws Exception {
    Path out = Files.createTempFile("xgraph-it", ".out");
    Path err = Files.createTempFile("xgraph-it", ".err");
    Process p = start(out, err, args);
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      throw new AssertionError("xgraph " + String.join(" ", args) + " did not finish");
    }
    Run r =
        new Run(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  @Test
  void theDemoRunsAsAProcessAndReports() throws Exception {
    Path work = tmp.resolve("work");
    Run demo = xgraph(reducedDemo(work).toArray(String[]::new));
    assertEquals(0, demo.code(), demo.out() + demo.err());
    String out = demo.out();
    assertTrue(out.contains("== xgraph demo report"), out);
    assertTrue(out.contains("fire9/concat_1"), out);
    assertTrue(out.contains("raw filter"), out);
    assertTrue(out.contains("part head-forehead: normalized localisation error"), out);
    assertTrue(out.contains("10 draws of 3 annotated train images (flipped crops"), out);
    assertTrue(
        Files.isDirectory(
            work.resolve("squeezenet1.1-fp16").resolve("features").resolve("mirrored")),
        "the flipped crops' store");
    assertTrue(out.contains("Store: " + work.resolve("store").toAbsolutePath()), out);
    assertTrue(out.contains("MATCH (p:Pattern"), out);
    assertTrue(Files.isRegularFile(work.resolve("squeezenet1.1-fp16").resolve("graph.xg")));
    assertTrue(Files.isDirectory(work.resolve("store")));
    assertTrue(demo.err().contains("%"), "progress bars on stderr");
    // The localisation errors are normalized distances, mean ± std over the draws, one line per
    // method under the part's heading.
    java.util.function.Function<String, double[]> method =
        name -> {
          String line = out.lines().filter(l -> l.trim().startsWith(name + " ")).findFirst().get();
          java.util.regex.Matcher m =
              // \S+ for the plus-minus sign: a POSIX locale prints it as '?'
              java.util.regex.Pattern.compile("(\\d\\.\\d+) \\S+ (\\d\\.\\d+)").matcher(line);
          assertTrue(m.find(), line);
          return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
        };
    double[] aog = method.apply("aog-graph");
    double[] mean = method.apply("mean-position");
    assertTrue(aog[0] > 0 && aog[0] < 0.5 && mean[0] > 0 && mean[0] < 0.5, out);
    assertTrue(aog[1] > 0, "draws differ: " + out);
    assertTrue(
        out.contains("stored as (:Part {name: 'head-forehead'}), taught from the first draw"));

    // The store the demo wrote feeds the picture command.
    Path png = tmp.resolve("overview.png");
    Run patches =
        xgraph(
            "patches",
            "--store",
            work.resolve("store").toString(),
            "--data",
            PartEvalCommandTest.data(),
            "--layer",
            "1",
            "--overview",
            "--patterns",
            "2",
            "--top",
            "3",
            "--out",
            png.toString());
    assertEquals(0, patches.code(), patches.out() + patches.err());
    BufferedImage sheet = ImageIO.read(png.toFile());
    assertEquals(22 + 6 + 2 * (96 + 2 * 12 + 6), sheet.getHeight(), "two rows of patches");

    // A damaged graph file is a failure at run time: exit 1, one line, no stack trace.
    Path broken = tmp.resolve("broken.xg");
    Files.writeString(broken, "not a graph");
    Run eval =
        xgraph(
            "eval",
            "--features",
            work.resolve("squeezenet1.1-fp16").resolve("features").toString(),
            "--graph",
            broken.toString());
    assertEquals(Main.EXIT_FAILURE, eval.code(), eval.out() + eval.err());
    assertTrue(eval.err().contains("broken.xg"), eval.err());
    assertTrue(!eval.err().contains("\tat "), "no stack trace without --verbose: " + eval.err());
  }

  @Test
  void usageMistakesExitWith2AndHelpWith0() throws Exception {
    Run help = xgraph("--help");
    assertEquals(0, help.code(), help.err());
    for (String c : List.of("demo", "patches", "part", "eval", "bench", "serve")) {
      assertTrue(help.out().contains(c), c + " listed in\n" + help.out());
    }
    Run flag = xgraph("demo", "--no-such-flag");
    assertEquals(Main.EXIT_USAGE, flag.code());
    assertTrue(flag.err().contains("--no-such-flag"), flag.err());
    Run missing =
        xgraph("part", "show", "--features", tmp.resolve("none").toString(), "--graph", "g.xg");
    assertTrue(missing.code() == Main.EXIT_USAGE, missing.code() + " " + missing.err());
    assertTrue(missing.err().contains(tmp.resolve("none").toString()), missing.err());
  }
}
