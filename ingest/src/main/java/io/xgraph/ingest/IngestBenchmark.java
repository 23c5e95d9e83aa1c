package io.xgraph.ingest;

import io.xgraph.ingest.image.Box;
import io.xgraph.ingest.image.Dataset;
import io.xgraph.ingest.image.DatasetImage;
import io.xgraph.ingest.image.ImageCrops;
import io.xgraph.ingest.image.Preprocessing;
import io.xgraph.ingest.onnx.CnnModel;
import io.xgraph.ingest.onnx.OnnxGraph;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Measures ingest throughput against ONNX Runtime's bare forward pass on the same images with the
 * same threads, in one JVM, and formats the table of {@code xgraph bench ingest}.
 */
public final class IngestBenchmark {

  private static final int WARMUP = 3;

  private IngestBenchmark() {}

  /** Runs the benchmark; {@code work} receives a scratch store (deleted first). */
  public static String run(
      Path model,
      Path images,
      List<String> layers,
      String preprocess,
      int threads,
      int limit,
      Path work,
      IngestListener listener) {
    OnnxGraph graph = CnnModel.analyse(model);
    List<String> chosen = KnownModel.layersFor(graph, layers, model.toString());
    Preprocessing pre = KnownModel.preprocessingFor(graph, preprocess, model.toString());
    Dataset dataset = Dataset.open(images).select("all", limit);
    int n = dataset.images().size();
    Path store = work.resolve("bench-store");
    deleteRecursively(store);

    List<MemoryPoolMXBean> heap = new ArrayList<>();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
        heap.add(p);
      }
    }
    List<float[]> inputs = new ArrayList<>();
    int size = graph.inputSize();
    for (DatasetImage item : dataset.images()) {
      try {
        ImageCrops.Decoded d = ImageCrops.decode(item.file());
        Box box = ImageCrops.checkedBox(d, item.box());
        inputs.add(pre.apply(ImageCrops.crop(d, box, size), size));
      } catch (RuntimeException e) {
        // skipped in ingest as well
      }
    }
    // Bare and exposed forward passes run before and after ingest and are averaged, so that a
    // drift in machine load hits all rows alike; CPU seconds of the process are reported too.
    Timing bareBefore;
    Timing exposedBefore;
    try (CnnModel plain = CnnModel.open(model, List.of(), threads)) {
      bareBefore = timeForward(plain, inputs);
    }
    try (CnnModel withLayers = CnnModel.open(model, chosen, threads)) {
      exposedBefore = timeForward(withLayers, inputs);
    }
    inputs = null;
    System.gc();
    for (MemoryPoolMXBean p : heap) {
      p.resetPeakUsage();
    }
    long cpu0 = processCpuNanos();
    IngestResult r =
        Ingestor.run(
            new IngestOptions(
                model, chosen, images, store, null, "all", limit, threads, preprocess),
            listener);
    double ingestCpu = (processCpuNanos() - cpu0) / 1e9;
    long peakHeap = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    long storeBytes = Ingestor.directorySize(store);
    inputs = new ArrayList<>();
    for (DatasetImage item : dataset.images()) {
      try {
        ImageCrops.Decoded d = ImageCrops.decode(item.file());
        Box box = ImageCrops.checkedBox(d, item.box());
        inputs.add(pre.apply(ImageCrops.crop(d, box, size), size));
      } catch (RuntimeException e) {
        // skipped in ingest as well
      }
    }
    Timing exposedAfter;
    Timing bareAfter;
    try (CnnModel withLayers = CnnModel.open(model, chosen, threads)) {
      exposedAfter = timeForward(withLayers, inputs);
    }
    try (CnnModel plain = CnnModel.open(model, List.of(), threads)) {
      bareAfter = timeForward(plain, inputs);
    }
    double bare = (bareBefore.wall + bareAfter.wall) / 2 / inputs.size();
    double bareCpu = (bareBefore.cpu + bareAfter.cpu) / 2 / inputs.size();
    double exposed = (exposedBefore.wall + exposedAfter.wall) / 2 / inputs.size();
    double exposedCpu = (exposedBefore.cpu + exposedAfter.cpu) / 2 / inputs.size();
    int stored = r.images();
    int passes = stored + r.negatives();
    double ingestAll = r.imageSeconds() + r.negativeSeconds();
    StringBuilder t = new StringBuilder();
    t.append(
        String.format(
            "xgraph bench ingest: model %s, %d images (%s), layers %s, %d threads%n",
            model.getFileName(), n, images, String.join(",", chosen), threads));
    t.append(
        String.format(
            "%-50s %6s %8s %9s %8s %9s%n",
            "what", "passes", "seconds", "images/s", "vs bare", "cpu ms/img"));
    row(t, "bare forward pass (model as is, inputs in memory)", inputs.size(), bare, bare, bareCpu);
    row(
        t,
        "forward pass, layers exposed (inputs in memory)",
        inputs.size(),
        exposed,
        bare,
        exposedCpu);
    row(
        t,
        "ingest image pass (decode+crop+infer+fp16+write)",
        stored,
        r.imageSeconds() / stored,
        bare,
        Double.NaN);
    row(
        t,
        "ingest negatives pass (background crops)",
        r.negatives(),
        r.negativeSeconds() / Math.max(1, r.negatives()),
        bare,
        Double.NaN);
    row(
        t,
        "ingest total (negatives + images)",
        passes,
        ingestAll / passes,
        bare,
        ingestCpu / passes);
    double ratio = (r.imageSeconds() / stored) / bare;
    t.append(
        String.format(
            "ingest image pass per image vs bare forward pass: %.3f (%+.1f%%; target <= +15%%)%n",
            ratio, (ratio - 1) * 100));
    t.append(
        String.format(
            "  of which exposing the layers (ONNX Runtime cannot fuse Conv+Relu or keep them"
                + " internal): %.3f%n",
            exposed / bare));
    t.append(
        String.format(
            "  end to end, birds per second incl. the negatives pass: %.2f%n", stored / ingestAll));
    t.append(
        String.format(
            "store: %.1f MB, %.1f KB per image (float16, %s)%n",
            storeBytes / 1e6, storeBytes / 1e3 / Math.max(1, stored), store));
    t.append(String.format("peak heap during ingest: %.1f MB%n", peakHeap / 1e6));
    t.append(
        String.format(
            "machine: %d cpus, load average %.2f at the end%n",
            Runtime.getRuntime().availableProcessors(),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    return t.toString();
  }

  private record Timing(double wall, double cpu) {}

  private static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }

  /** One table row; {@code perImage} and {@code bare} in seconds per image. */
  private static void row(
      StringBuilder t, String what, int passes, double perImage, double bare, double cpu) {
    t.append(
        String.format(
            "%-50s %6d %8.2f %9.2f %8.3f %9s%n",
            what,
            passes,
            perImage * passes,
            1 / perImage,
            perImage / bare,
            Double.isNaN(cpu) ? "-" : String.format("%.1f", cpu * 1000)));
  }

  /** Wall and process CPU seconds of one forward pass per input (after warm-up). */
  private static Timing timeForward(CnnModel model, List<float[]> inputs) {
    for (int i = 0; i < Math.min(WARMUP, inputs.size()); i++) {
      model.run(inputs.get(i));
    }
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    for (float[] input : inputs) {
      model.run(input);
    }
    return new Timing((System.nanoTime() - t0) / 1e9, (processCpuNanos() - cpu0) / 1e9);
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot delete `" + dir + "`: " + e, e);
    }
  }
}
