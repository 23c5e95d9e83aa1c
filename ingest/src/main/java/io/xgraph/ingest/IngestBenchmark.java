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

    // 1. Ingest, as the command does, with peak heap measured.
    System.gc();
    List<MemoryPoolMXBean> heap = new ArrayList<>();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
        heap.add(p);
      }
    }
    IngestResult r =
        Ingestor.run(
            new IngestOptions(
                model, chosen, images, store, null, "all", limit, threads, preprocess),
            listener);
    long peakHeap = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    long storeBytes = Ingestor.directorySize(store);

    // 2. The same images, decoded and preprocessed up front, through bare forward passes.
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
    double bare;
    try (CnnModel plain = CnnModel.open(model, List.of(), threads)) {
      bare = timeForward(plain, inputs);
    }
    double exposed;
    try (CnnModel withLayers = CnnModel.open(model, chosen, threads)) {
      exposed = timeForward(withLayers, inputs);
    }
    int stored = r.images();
    double ingestImages = r.imageSeconds();
    double ingestAll = r.imageSeconds() + r.negativeSeconds();
    StringBuilder t = new StringBuilder();
    t.append(
        String.format(
            "xgraph bench ingest: model %s, %d images (%s), layers %s, %d threads%n",
            model.getFileName(), n, images, String.join(",", chosen), threads));
    t.append(
        String.format(
            "%-52s %7s %9s %9s %9s%n", "what", "passes", "seconds", "images/s", "vs bare"));
    row(t, "bare forward pass (original model, inputs in memory)", inputs.size(), bare, bare);
    row(t, "forward pass with layers exposed (inputs in memory)", inputs.size(), exposed, bare);
    row(t, "ingest image pass (decode+crop+infer+fp16+write)", stored, ingestImages, bare);
    row(
        t,
        "ingest negatives pass (" + r.negatives() + " background crops)",
        r.negatives(),
        r.negativeSeconds(),
        bare);
    t.append(
        String.format(
            "%-52s %7d %9.2f %9.2f   (%d birds end to end)%n",
            "ingest total (negatives + images)",
            stored + r.negatives(),
            ingestAll,
            stored / ingestAll,
            stored));
    double ratio = (ingestImages / stored) / (bare / inputs.size());
    t.append(
        String.format(
            "ingest image pass per image vs bare forward pass: %.3f (%+.1f%%; target <= +15%%)%n",
            ratio, (ratio - 1) * 100));
    t.append(
        String.format(
            "store: %.1f MB, %.1f KB per image (float16, %s)%n",
            storeBytes / 1e6, storeBytes / 1e3 / Math.max(1, stored), store));
    t.append(String.format("peak heap during ingest: %.1f MB%n", peakHeap / 1e6));
    return t.toString();
  }

  private static void row(StringBuilder t, String what, int passes, double seconds, double bare) {
    t.append(
        String.format(
            "%-52s %7d %9.2f %9.2f %9s%n",
            what,
            passes,
            seconds,
            passes / seconds,
            what.startsWith("bare") ? "1.000" : String.format("%.3f", (seconds / passes) / bare)));
  }

  /** Wall time of one forward pass per input, seconds per image times images (after warm-up). */
  private static double timeForward(CnnModel model, List<float[]> inputs) {
    for (int i = 0; i < Math.min(WARMUP, inputs.size()); i++) {
      model.run(inputs.get(i));
    }
    long t0 = System.nanoTime();
    for (float[] input : inputs) {
      model.run(input);
    }
    return (System.nanoTime() - t0) / 1e9;
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
