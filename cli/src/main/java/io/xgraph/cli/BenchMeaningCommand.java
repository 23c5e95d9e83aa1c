package io.xgraph.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xgraph bench meaning}: what answering "what does a pattern mean" costs on the demo graph,
 * each step run as its command would run it (in this JVM, on a copy of the demo's store): part
 * labels with their store write, occlusion on a few held-out birds, descriptors and their vector
 * index. Prints wall and process CPU time per step.
 */
@Command(
    name = "meaning",
    mixinStandardHelpOptions = true,
    description =
        "Time part labels (`part labels --store`), occlusion (`part occlusion --store` on"
            + " --images held-out birds) and descriptors with their vector index (`part describe"
            + " --store`) on the demo's graph, each on a copy of the demo's store; print wall and"
            + " CPU seconds per step.")
public final class BenchMeaningCommand implements Callable<Integer> {

  @Option(
      names = "--demo-work",
      paramLabel = "DIR",
      description =
          "The demo's work folder (`xgraph demo --work DIR`), with the model's feature store,"
              + " graph.xg and store/ (default: ${DEFAULT-VALUE}); its store must not be served.",
      defaultValue = "xgraph-work")
  Path demoWork;

  @Option(
      names = "--model-folder",
      paramLabel = "NAME",
      description = "The model's folder inside the work folder (default: ${DEFAULT-VALUE}).",
      defaultValue = "squeezenet1.1-fp16")
  String modelFolder;

  @Option(
      names = "--images",
      description = "Held-out birds occluded (default: ${DEFAULT-VALUE}).",
      defaultValue = "8")
  int images;

  @Option(
      names = "--work",
      paramLabel = "DIR",
      description = "Scratch folder for the store copy (default: ${DEFAULT-VALUE}).",
      defaultValue = "xgraph-work/bench-meaning")
  Path work;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Where the table is written too (default: ${DEFAULT-VALUE}).",
      defaultValue = "xgraph-work/bench/meaning.md")
  Path out;

  /** One timed step: its name, the command it ran, wall and CPU seconds, exit code. */
  record Step(String name, String command, double wallSeconds, double cpuSeconds, int exit) {}

  @Override
  public Integer call() throws Exception {
    Path model = demoWork.resolve(modelFolder);
    Path features = model.resolve("features");
    Path graph = model.resolve("graph.xg");
    Path demoStore = demoWork.resolve("store");
    for (Path p : List.of(features, graph, demoStore)) {
      if (!Files.exists(p)) {
        throw new IllegalArgumentException(
            "No "
                + p
                + ": run `xgraph demo --work "
                + demoWork
                + "` first (or give its folder with --demo-work)");
      }
    }
    if (images < 1 || images > 1000) {
      throw new IllegalArgumentException(
          "--images was " + images + ": give 1..1000 held-out birds to occlude");
    }
    Path store = work.resolve("store");
    BenchOutput.deleteTree(work);
    copyTree(demoStore, store);
    String f = features.toString();
    String g = graph.toString();
    String s = store.toString();
    List<Step> steps = new ArrayList<>();
    steps.add(
        timed(
            "part labels, TRACKS written",
            "part",
            "labels",
            "--features",
            f,
            "--graph",
            g,
            "--store",
            s));
    steps.add(
        timed(
            "occlusion, " + images + " held-out birds, written",
            "part",
            "occlusion",
            "--features",
            f,
            "--graph",
            g,
            "--images",
            Integer.toString(images),
            "--store",
            s));
    steps.add(
        timed(
            "descriptors and vector index",
            "part",
            "describe",
            "--features",
            f,
            "--graph",
            g,
            "--store",
            s));
    String table = table(steps, model);
    BenchOutput.printAndWrite(table, out);
    return steps.stream().allMatch(st -> st.exit() == 0) ? 0 : Main.EXIT_FAILURE;
  }

  /** Runs {@code args} as the {@code xgraph} command line in this JVM and times it. */
  static Step timed(String name, String... args) {
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    int exit = Main.execute(args);
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = (processCpuNanos() - cpu0) / 1e9;
    return new Step(name, "xgraph " + String.join(" ", args), wall, cpu, exit);
  }

  static String table(List<Step> steps, Path model) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%nWhat a pattern means, costs on %s (%d cores, load average %.1f at the end)%n%n",
            model.getFileName(),
            Runtime.getRuntime().availableProcessors(),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    b.append("| step | wall s | CPU s | exit |\n|---|---|---|---|\n");
    for (Step st : steps) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.1f | %d |%n",
              st.name(),
              st.wallSeconds(),
              st.cpuSeconds(),
              st.exit()));
    }
    b.append("\nCommands (each on the store copy):\n");
    for (Step st : steps) {
      b.append("  ").append(st.command()).append('\n');
    }
    return b.toString();
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals("store_lock")) {
          // the lock file belongs to the process that has the store open, not to the copy
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
