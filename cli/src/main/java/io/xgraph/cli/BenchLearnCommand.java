package io.xgraph.cli;

import io.xgraph.evaluation.SubsetFeatures;
import io.xgraph.ingest.IngestOptions;
import io.xgraph.ingest.IngestResult;
import io.xgraph.ingest.Ingestor;
import io.xgraph.ingest.SharedData;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.learner.data.FeatureSource;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.em.ExplanatoryGraphLearner;
import io.xgraph.learner.em.GraphInference;
import io.xgraph.learner.em.LayerCheckpoints;
import io.xgraph.learner.em.LearnListener;
import io.xgraph.learner.em.LearnPhase;
import io.xgraph.learner.em.LearnerParameters;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.learner.model.GraphLayer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xgraph bench learn}: time and memory of learning, and how they grow. */
@Command(
    name = "learn",
    mixinStandardHelpOptions = true,
    description =
        "Learns the graph on a feature store's training images and prints wall and CPU time"
            + " and peak heap; then how the time grows with the number of images and of nodes per"
            + " filter (shorter runs of --growth-iterations iterations), single-image inference"
            + " time, and the CPU time of ingesting the same images with the learning / ingest"
            + " ratio when --time-ingest is given.")
public final class BenchLearnCommand implements Callable<Integer> {

  @Option(names = "--features", required = true, description = "Feature store (xgraph ingest)")
  Path features;

  @Option(names = "--threads", description = "Worker threads (default: available processors)")
  Integer threads;

  @Option(
      names = "--iterations",
      defaultValue = "20",
      description = "EM iterations of the full run (default: 20)")
  int iterations;

  @Option(
      names = "--growth-iterations",
      defaultValue = "4",
      description = "EM iterations of each growth run; 0 skips them (default: 4)")
  int growthIterations;

  @Option(
      names = "--time-ingest",
      description = "Also run ingest of the same dataset into a temporary store and time it")
  boolean timeIngest;

  @Option(names = "--data", description = "Shared data directory, for --time-ingest")
  String data;

  @Option(
      names = "--dataset",
      paramLabel = "DIR",
      description =
          "Dataset folder for --time-ingest (default: the folder the feature store was ingested"
              + " from, else <data>/cub200-dev)")
  Path dataset;

  @Option(
      names = "--parent-top-images",
      description =
          "Images per child on which parents are scored, 0 = all [release] (default: the"
              + " learner's, 30)")
  Integer parentTopImages;

  @Option(
      names = "--parent-reselect",
      description =
          "Re-select parents every this many iterations, 1 = every iteration [release] (default:"
              + " the learner's, 4)")
  Integer parentReselect;

  @Option(
      names = "--convergence-shift",
      description =
          "Early stop: a layer stops once an iteration moves its nodes by less than this rms"
              + " distance in cells; 0 = all iterations (default: the learner's, 0)")
  Double convergenceShift;

  @Option(
      names = "--all-images",
      description =
          "Learn on every image of the store (train and test split alike, e.g. all 282 birds)"
              + " instead of the training split; the growth runs then use 1/4, 1/2 and all of them")
  boolean allImages;

  @Option(
      names = "--release-parents",
      description = "Parent selection of the release: all images, every iteration")
  boolean releaseParents;

  @Override
  public Integer call() throws IOException {
    FeatureStore featureStore = FeatureStore.open(features);
    FeatureSource store =
        allImages
            ? SubsetFeatures.firstAll(featureStore, featureStore.images().size())
            : featureStore;
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    long trainCount = store.images().stream().filter(ImageRecord::isTrain).count();
    LearnerParameters base = LearnerParameters.defaults().withIterations(iterations);
    if (releaseParents) {
      base = base.withReleaseParentSelection();
    }
    if (parentTopImages != null) {
      base = base.withParentTopImages(parentTopImages);
    }
    if (parentReselect != null) {
      base = base.withParentReselectInterval(parentReselect);
    }
    if (convergenceShift != null) {
      base = base.withConvergenceShift(convergenceShift);
    }
    System.out.printf(
        "parent selection: top %s images per child, re-selected every %d iteration(s)%n",
        base.parentTopImages() == 0 ? "all" : String.valueOf(base.parentTopImages()),
        base.parentReselectInterval());
    System.out.printf(
        "bench learn: %s, %d layers, %d training images of %d, %d threads, %d cores%n",
        store.modelName(),
        store.layers().size(),
        trainCount,
        store.images().size(),
        t,
        Runtime.getRuntime().availableProcessors());
    System.out.printf(
        "%-34s %7s %8s %9s %9s %10s %10s%n",
        "run", "images", "patterns", "wall s", "CPU s", "CPU s/iter", "peak MB");
    PhaseClock phases = new PhaseClock();
    Run full = run("full, defaults", store, base, t, phases);
    full.print();
    if (growthIterations > 0) {
      LearnerParameters g = base.withIterations(growthIterations);
      for (double fraction : new double[] {0.25, 0.5, 1.0}) {
        int n = (int) Math.max(2, Math.round(trainCount * fraction));
        FeatureSource subset =
            allImages
                ? SubsetFeatures.firstAll(featureStore, n)
                : SubsetFeatures.firstTrain(featureStore, n);
        run("images x" + fraction, subset, g, t, LearnListener.silent()).print();
      }
      for (double f : new double[] {0.5, 1.0, 2.0}) {
        run(
                "nodes/filter x" + f + " (rho " + 0.05 * f + "/" + 0.1 * f + ")",
                store,
                g.withRho(0.05 * f, 0.1 * f),
                t,
                LearnListener.silent())
            .print();
      }
    }
    phases.print(full.graph, full.images);
    inferenceTiming(full.graph, featureStore);
    System.out.printf("load average after the runs: %s%n", loadAverage());
    if (timeIngest) {
      IngestTime ingest = ingestTiming(featureStore);
      System.out.printf(
          "learning / ingest CPU: %.1f s / %.1f s = %.2f (floor: the CNN forward passes of ingest;"
              + " target <= 3); %.0f ms per training"
              + " image (%d) vs %.0f ms per CNN input (%d images and negative crops)%n",
          full.cpuSeconds,
          ingest.cpuSeconds(),
          full.cpuSeconds / ingest.cpuSeconds(),
          1000 * full.cpuSeconds / full.images,
          full.images,
          1000 * ingest.cpuSeconds() / ingest.images(),
          ingest.images());
    } else {
      System.out.println(
          "ingest time of the same images: not measured (add --time-ingest, or see `xgraph bench"
              + " ingest`)");
    }
    return 0;
  }

  private record Run(
      String name,
      int images,
      ExplanatoryGraph graph,
      double seconds,
      double cpuSeconds,
      int iterations,
      double peakMb) {
    void print() {
      System.out.printf(
          "%-34s %7d %8d %9.1f %9.1f %10.2f %10.0f%n",
          name,
          images,
          graph.patternCount(),
          seconds,
          cpuSeconds,
          cpuSeconds / (iterations * graph.layers().size()),
          peakMb);
    }
  }

  /**
   * Wall and CPU time of each {@link LearnPhase} of a run, read at the phase boundaries the learner
   * reports (phases run one after the other, each on all threads).
   */
  private static final class PhaseClock implements LearnListener {
    private final double[] wall = new double[LearnPhase.values().length];
    private final double[] cpu = new double[LearnPhase.values().length];
    private final Map<Integer, double[]> emPerLayer = new TreeMap<>();
    private long lastWall;
    private long lastCpu;

    void start() {
      lastWall = System.nanoTime();
      lastCpu = processCpuNanos();
    }

    @Override
    public void phaseFinished(int layer, LearnPhase phase) {
      long w = System.nanoTime();
      long c = processCpuNanos();
      double cpuSeconds = (c - lastCpu) / 1e9;
      wall[phase.ordinal()] += (w - lastWall) / 1e9;
      cpu[phase.ordinal()] += cpuSeconds;
      if (phase == LearnPhase.EM_ITERATION) {
        // {CPU seconds, iterations} of the layer's EM iterations
        double[] em = emPerLayer.computeIfAbsent(layer, k -> new double[2]);
        em[0] += cpuSeconds;
        em[1]++;
      }
      lastWall = w;
      lastCpu = c;
    }

    /** The phase table and the cost of one EM iteration per node and image, layer by layer. */
    void print(ExplanatoryGraph graph, int images) {
      double total = Arrays.stream(cpu).sum();
      System.out.println(
          "where the full run's time went (phases back to back; CPU of the process):");
      System.out.printf("  %-18s %9s %9s %7s%n", "phase", "wall s", "CPU s", "CPU %");
      for (LearnPhase ph : LearnPhase.values()) {
        int k = ph.ordinal();
        System.out.printf(
            "  %-18s %9.1f %9.1f %6.1f%%%n",
            ph.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
            wall[k],
            cpu[k],
            total > 0 ? 100 * cpu[k] / total : 0);
      }
      for (Map.Entry<Integer, double[]> e : emPerLayer.entrySet()) {
        GraphLayer layer = graph.layers().get(e.getKey());
        int nodes = layer.patterns().size();
        double[] em = e.getValue();
        System.out.printf(
            "  EM, %s: %d nodes x %d images x %d iterations in %.1f CPU s = %.0f ns per node and"
                + " image%n",
            layer.geometry().name(),
            nodes,
            images,
            (int) em[1],
            em[0],
            em[0] * 1e9 / ((double) nodes * images * em[1]));
      }
    }
  }

  /** The 1, 5 and 15 minute load averages (other jobs share the cores), or "n/a". */
  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      return one < 0 ? "n/a" : String.format("%.2f", one);
    }
  }

  private static Run run(
      String name, FeatureSource source, LearnerParameters p, int threads, LearnListener listener) {
    System.gc();
    List<MemoryPoolMXBean> heap =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(b -> b.getType() == MemoryType.HEAP)
            .toList();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    if (listener instanceof PhaseClock clock) {
      clock.start();
    }
    long t0 = System.nanoTime();
    long c0 = processCpuNanos();
    ExplanatoryGraph g =
        new ExplanatoryGraphLearner(p, threads).learn(source, listener, LayerCheckpoints.none());
    double s = (System.nanoTime() - t0) / 1e9;
    double cpu = (processCpuNanos() - c0) / 1e9;
    double peak = heap.stream().mapToLong(b -> b.getPeakUsage().getUsed()).sum() / 1e6;
    int images = (int) source.images().stream().filter(ImageRecord::isTrain).count();
    return new Run(name, images, g, s, cpu, p.iterations(), peak);
  }

  private static void inferenceTiming(ExplanatoryGraph graph, FeatureStore store) {
    GraphInference inference = new GraphInference(graph);
    List<LayerGeometry> layers = store.layers();
    int n = Math.min(40, store.images().size());
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      List<float[]> maps = new ArrayList<>();
      for (int l = 0; l < layers.size(); l++) {
        float[] m = new float[layers.get(l).size()];
        store.read(l, i, m);
        maps.add(m);
      }
      long t0 = System.nanoTime();
      inference.infer(maps);
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    double[] warm = Arrays.copyOfRange(ms, Math.min(5, n - 1), n);
    Arrays.sort(warm);
    System.out.printf(
        "inference of %d patterns on one image (all cores, after 5 warm-up images): median %.1f"
            + " ms, max %.1f ms (target: median < 10 ms)%n",
        graph.patternCount(), warm[warm.length / 2], warm[warm.length - 1]);
  }

  /**
   * CPU time of the whole process (all threads, including ONNX Runtime's native ones); the machine
   * may be shared, so CPU seconds compare runs better than wall seconds.
   */
  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    throw new IllegalStateException(
        "process CPU time is not available on this JVM (needs com.sun.management)");
  }

  /** Process CPU seconds of an ingest run and the number of crops it ran the CNN on. */
  private record IngestTime(double cpuSeconds, int images) {}

  /** Ingests the same dataset into a temporary store and times it. */
  private IngestTime ingestTiming(FeatureStore store) throws IOException {
    Path tmp = Files.createTempDirectory("xgraph-bench-ingest");
    try {
      Path dataDir = SharedData.locate(data);
      IngestOptions o =
          new IngestOptions(
              SharedData.model(dataDir, "squeezenet"),
              store.layers().stream().map(LayerGeometry::name).toList(),
              SharedData.dataset(dataset, ImageRootOptions.recorded(store), data),
              tmp.resolve("features"),
              null,
              "all",
              0,
              threads != null ? threads : Runtime.getRuntime().availableProcessors(),
              null);
      long t0 = System.nanoTime();
      long c0 = processCpuNanos();
      IngestResult r = Ingestor.run(o, io.xgraph.ingest.IngestListener.SILENT);
      double s = (System.nanoTime() - t0) / 1e9;
      double cpu = (processCpuNanos() - c0) / 1e9;
      System.out.printf(
          "ingest of the same dataset (%d images, %d negatives; CNN forward passes, decoding,"
              + " writing): %.1f s CPU, %.1f s wall (%.1f s images, %.1f s negatives)%n",
          r.images(), r.negatives(), cpu, s, r.imageSeconds(), r.negativeSeconds());
      return new IngestTime(cpu, r.images() + r.negatives());
    } finally {
      try (Stream<Path> files = Files.walk(tmp)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
