package io.xgraph.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Executes every notebook in {@code notebooks/} top to bottom with {@code jupyter nbconvert
 * --execute} and the Java kernel, on the reduced bird store (prepared here first, through the
 * project's own commands). A failing cell fails the build; so does a missing Jupyter or kernel,
 * with the command that installs it. The executed copies land in {@code target/executed/}; {@code
 * -Dnotebooks.update=true} also copies them over the committed notebooks.
 */
class NotebooksIT {

  /**
   * Name of the kernel spec that {@code java -jar rapaio-jupyter-kernel-*.jar -i -auto} installs.
   */
  static final String KERNEL = "rapaio-jupyter-kernel";

  static final String INSTALL_JUPYTER =
      "apt-get install -y jupyter-nbconvert python3-nbclient python3-ipykernel";

  static final String INSTALL_KERNEL =
      "mvn dependency:copy -Dartifact=io.github.padreati:rapaio-jupyter-kernel:3.0.1"
          + " -DoutputDirectory=/tmp/rjk && java -jar /tmp/rjk/rapaio-jupyter-kernel-3.0.1.jar -i"
          + " -auto";

  /** The module folder: failsafe runs in it, and the notebooks live in it. */
  static final Path MODULE = Path.of("").toAbsolutePath();

  static final Path EXECUTED = MODULE.resolve("target/executed");

  static NotebookData data;

  @BeforeAll
  static void prepare() throws Exception {
    requireJupyterAndKernel();
    Path shared = sharedData();
    long t = System.nanoTime();
    data =
        new NotebookData(MODULE.resolve("target/notebook-data"))
            .prepare(
                shared,
                Integer.getInteger("notebooks.images", 40),
                Integer.getInteger("notebooks.iterations", 3),
                2);
    System.out.printf("notebook data ready in %.0f s%n", (System.nanoTime() - t) / 1e9);
    Files.createDirectories(EXECUTED);
  }

  @TestFactory
  Stream<DynamicTest> everyNotebookRunsTopToBottom() throws IOException {
    List<Path> notebooks;
    try (Stream<Path> files = Files.list(MODULE)) {
      notebooks = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
    }
    assertTrue(
        notebooks.size() >= 2, "expected the notebooks in " + MODULE + ", found " + notebooks);
    // -Dnotebooks.only=02,03 runs the notebooks whose names start with one of these prefixes.
    String only = System.getProperty("notebooks.only", "");
    if (!only.isBlank()) {
      List<String> prefixes = List.of(only.split(","));
      notebooks =
          notebooks.stream()
              .filter(nb -> prefixes.stream().anyMatch(nb.getFileName().toString()::startsWith))
              .toList();
    }
    return notebooks.stream()
        .map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> execute(nb)));
  }

  /** Seconds nbconvert waits for the kernel's first answer; a healthy start takes a few. */
  static final int STARTUP_TIMEOUT_SECONDS = 150;

  /** Kernel starts tried per notebook (see the loop in {@link #execute}). */
  static final int START_ATTEMPTS = 3;

  private static void execute(Path notebook) throws Exception {
    String name = notebook.getFileName().toString();
    Path log = EXECUTED.resolve(name.replace(".ipynb", ".log"));
    List<String> cmd =
        List.of(
            "jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--ExecutePreprocessor.kernel_name=" + KERNEL,
            "--ExecutePreprocessor.startup_timeout=" + STARTUP_TIMEOUT_SECONDS,
            "--ExecutePreprocessor.timeout=900",
            "--output-dir",
            EXECUTED.toString(),
            notebook.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(MODULE.toFile());
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    // Relative to the notebook folder (the kernel's working directory), so no machine path is
    // printed into the committed outputs.
    Map<String, String> env = pb.environment();
    env.put(NotebookData.STORE_ENV, relative(data.store()));
    env.put(NotebookData.FEATURES_ENV, relative(data.features()));
    env.put(NotebookData.GRAPH_ENV, relative(data.graphFile()));
    env.put(NotebookData.SECOND_FEATURES_ENV, relative(data.secondFeatures()));
    env.put(NotebookData.SECOND_GRAPH_ENV, relative(data.secondGraphFile()));
    env.put(NotebookData.DATA_ENV, relative(sharedData()));
    env.put("XGRAPH_NOTEBOOK_CLASSPATH", "target/xgraph-notebooks.jar");
    long t = System.nanoTime();
    String out = "";
    Process p = null;
    // The kernel now and then never answers nbconvert's first kernel_info request (seen under
    // heavy load and on a quiet machine, with the kernel up and its sockets bound): fresh starts
    // are allowed for that.
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      p = pb.start();
      if (!p.waitFor(20, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        fail(name + " did not finish within 20 minutes; see " + log);
      }
      out = Files.readString(log, StandardCharsets.UTF_8);
      if (p.exitValue() == 0
          || !out.contains("Kernel didn't respond")
          || attempt == START_ATTEMPTS) {
        break;
      }
      System.out.println(name + ": the kernel did not answer at start-up; starting it again");
    }
    double seconds = (System.nanoTime() - t) / 1e9;
    if (p.exitValue() != 0) {
      fail(name + " failed (exit " + p.exitValue() + "), see " + log + ":\n" + tail(out, 60));
    }
    Path executed = EXECUTED.resolve(name);
    String json = Files.readString(executed, StandardCharsets.UTF_8);
    // The kernel's %jar magic prints the absolute jar path: keep the checkout's location out.
    json = json.replace(MODULE.toString(), ".");
    Files.writeString(executed, json, StandardCharsets.UTF_8);
    System.out.printf("%s executed in %.0f s (%d bytes)%n", name, seconds, json.length());
    assertFalse(json.contains("\"output_type\": \"error\""), name + " has an error output");
    for (Path machine : List.of(MODULE.getParent(), sharedData())) {
      assertEquals(-1, json.indexOf(machine.toString()), name + " prints the path " + machine);
    }
    assertTrue(
        json.length() < 1_000_000,
        name + " is " + json.length() + " bytes executed: keep committed notebooks under 1 MB");
    if (Boolean.getBoolean("notebooks.update")) {
      Files.copy(executed, notebook, StandardCopyOption.REPLACE_EXISTING);
      System.out.println("updated " + notebook.getFileName());
    }
  }

  private static String relative(Path p) {
    return MODULE.relativize(p.toAbsolutePath().normalize()).toString();
  }

  static Path sharedData() {
    String env = System.getenv(NotebookData.DATA_ENV);
    String dir = env != null && !env.isBlank() ? env : System.getProperty("xgraph.data");
    assertTrue(dir != null, "set -Dxgraph.data or XGRAPH_DATA to the shared data folder");
    Path p = Path.of(dir).toAbsolutePath().normalize();
    assertTrue(
        Files.isDirectory(p.resolve("cub200-dev")),
        "no cub200-dev/ in " + p + ": set XGRAPH_DATA to the shared data folder");
    return p;
  }

  /** Fails with the install command when Jupyter's nbconvert or the Java kernel is missing. */
  static void requireJupyterAndKernel() throws Exception {
    String paths;
    try {
      paths = run("jupyter", "nbconvert", "--version") + run("jupyter", "--paths", "--json");
    } catch (IOException | IllegalStateException e) {
      throw new IllegalStateException(
          "Jupyter nbconvert is not installed ("
              + e.getMessage()
              + "). Install it: "
              + INSTALL_JUPYTER,
          e);
    }
    Matcher data = Pattern.compile("\"data\":\\s*\\[([^\\]]*)\\]").matcher(paths);
    List<Path> dirs = new ArrayList<>();
    if (data.find()) {
      Matcher s = Pattern.compile("\"([^\"]+)\"").matcher(data.group(1));
      while (s.find()) {
        dirs.add(Path.of(s.group(1)));
      }
    }
    for (Path d : dirs) {
      if (Files.isRegularFile(d.resolve("kernels").resolve(KERNEL).resolve("kernel.json"))) {
        return;
      }
    }
    throw new IllegalStateException(
        "The Java kernel `"
            + KERNEL
            + "` is not installed in any Jupyter data folder "
            + dirs
            + ". Install it: "
            + INSTALL_KERNEL
            + " (see notebooks/README.md)");
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(
          String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out);
    }
    return out;
  }

  private static String tail(String text, int lines) {
    String[] all = text.split("\n");
    return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
  }
}
