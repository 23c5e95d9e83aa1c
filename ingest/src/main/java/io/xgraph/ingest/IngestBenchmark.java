package io.xgraph.ingest;

import io.xgraph.ingest.image.BackgroundCrops;
import io.xgraph.ingest.image.Box;
import io.xgraph.ingest.image.Dataset;
import io.xgraph.ingest.image.DatasetImage;
import io.xgraph.ingest.image.ImageCrops;
import io.xgraph.ingest.image.Preprocessing;
import io.xgraph.ingest.image.UnreadableImageException;
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
 *
 * <p>Variants run {@code repeat} times, interleaved (the order alternates between repetitions, so a
 * drift in machine load hits them alike); the table shows medians of wall and process CPU seconds.
 * The bare forward pass runs over exactly the crops ingest puts through the CNN (each bird's object
 * crop and, where it has one, its background negative), so two ratios are reported: per crop (the
 * same CNN work) and per bird (the images per second, where ingest also pays for the
 * negatives that give sigma).
 */
public final class IngestBenchmark {

  private static final int WARMUP = 3;

  private IngestBenchmark() {}

  /**
   * Crops as ingest makes them: object crops of all readable birds, negatives where there is one.
   */
  private record Crops(List<float[]> objects, List<float[]> negatives) {}

  /** Runs the benchmark; {@code work} receives scratch stores (deleted first). */
  public static String run(
      Path model,
      Path images,
      List<String> layers,
      String preprocess,
      int threads,
      int limit,
      int repeat,
      Path work,
      IngestListener listener) {
    if (repeat < 1) {
      throw new IllegalArgumentException("--repeat " + repeat + ": give 1 or more repetitions");
    }
    OnnxGraph graph = CnnModel.analyse(model);
    List<String> chosen = KnownModel.layersFor(graph, layers, model.toString());
    Preprocessing pre = KnownModel.preprocessingFor(graph, preprocess, model.toString());
    Dataset dataset = Dataset.open(images).select("all", limit);
    int n = dataset.images().size();
    Path store = work.resolve("bench-store");
    Path twoPassStore = work.resolve("bench-store-two-pass");

    List<MemoryPoolMXBean> heap = new ArrayList<>();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        heap.add(p);
      }
    }
    IngestOptions options =
        new IngestOptions(model, chosen, images, store, null, "all", limit, threads, preprocess);
    IngestOptions twoPassOptions =
        new IngestOptions(
            model, chosen, images, twoPassStore, null, "all", limit, threads, preprocess);
    List<Timing> bareObjects = new ArrayList<>();
    List<Timing> bareAll = new ArrayList<>();
    List<Timing> exposedAll = new ArrayList<>();
    List<Timing> decode = new ArrayList<>();
    List<Timing> onePass = new ArrayList<>();
    List<Timing> twoPass = new ArrayList<>();
    long peakHeap = 0;
    IngestResult result = null;
    int objects = 0;
    int negatives = 0;
    for (int rep = 0; rep < repeat; rep++) {
      boolean ingestFirst = rep % 2 == 0;
      for (int block = 0; block < 2; block++) {
        if ((block == 0) == ingestFirst) {
          deleteRecursively(store);
          System.gc();
          for (MemoryPoolMXBean p : heap) {
            p.resetPeakUsage();
          }
          long cpu0 = processCpuNanos();
          long t0 = System.nanoTime();
          result = Ingestor.run(options, listener, true);
          onePass.add(since(t0, cpu0));
          peakHeap =
              Math.max(peakHeap, heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum());
          deleteRecursively(twoPassStore);
          cpu0 = processCpuNanos();
          t0 = System.nanoTime();
          Ingestor.run(twoPassOptions, listener, false);
          twoPass.add(since(t0, cpu0));
          deleteRecursively(twoPassStore);
        } else {
          long cpu0 = processCpuNanos();
          long t0 = System.nanoTime();
          Crops crops = crops(dataset, pre, graph.inputSize());
          decode.add(since(t0, cpu0));
          objects = crops.objects().size();
          negatives = crops.negatives().size();
          List<float[]> all = new ArrayList<>(crops.objects());
          all.addAll(crops.negatives());
          try (CnnModel plain = CnnModel.open(model, List.of(), threads)) {
            bareObjects.add(timeForward(plain, crops.objects()));
            bareAll.add(timeForward(plain, all));
          }
          try (CnnModel withLayers = CnnModel.open(model, chosen, threads)) {
            exposedAll.add(timeForward(withLayers, all));
          }
        }
      }
    }
    int birds = result.images();
    int passes = objects + negatives;
    long storeBytes = Ingestor.directorySize(store);
    Timing bareObj = median(bareObjects);
    Timing bare = median(bareAll);
    Timing one = median(onePass);
    StringBuilder t = new StringBuilder();
    t.append(
        String.format(
            "xgraph bench ingest: model %s, %d birds (%s), layers %s, %d ONNX Runtime threads,"
                + " medians of %d interleaved repetitions%n",
            model.getFileName(), n, images, String.join(",", chosen), threads, repeat));
    t.append(
        String.format(
            "CNN passes: %d object crops + %d background negatives = %d (birds without a"
                + " background band have no negative)%n%n",
            objects, negatives, passes));
    t.append(
        String.format(
            "%-56s %6s %8s %8s %8s %8s %8s %8s %8s%n",
            "variant", "passes", "wall s", "cpu s", "wall ms", "cpu ms", "wall vs", "cpu vs",
            "birds/s"));
    t.append(
        String.format(
            "%-56s %6s %8s %8s %8s %8s %8s %8s %8s%n",
            "", "", "", "", "per pass", "per pass", "bare*", "bare*", "wall"));
    row(t, "bare forward, object crops only (inputs in memory)", objects, bareObj, bare, birds);
    row(t, "bare forward, object + negative crops (inputs in memory)", passes, bare, bare, birds);
    row(
        t,
        "forward, layers exposed, same crops (inputs in memory)",
        passes,
        median(exposedAll),
        bare,
        birds);
    row(
        t,
        "decode+crop+preprocess only (one decode per bird)",
        passes,
        median(decode),
        bare,
        birds);
    row(t, "ingest, one pass (this design)", passes, one, bare, birds);
    row(
        t,
        "ingest, two passes (negatives first; earlier design)",
        passes,
        median(twoPass),
        bare,
        birds);
    t.append(
        String.format(
            "* ratio of the variant's total to the bare forward pass over the same %d crops%n%n",
            passes));
    double perCropWall = one.wall / bare.wall;
    double perCropCpu = one.cpu / bare.cpu;
    double perBirdWall = one.wall / bareObj.wall;
    double perBirdCpu = one.cpu / bareObj.cpu;
    t.append("Target: ingest costs at most 15% over the bare forward pass.\n");
    t.append(
        ratioLine(
            String.format("same CNN work (ingest vs bare over the same %d crops)", passes),
            perCropWall,
            perCropCpu));
    t.append(
        ratioLine(
            String.format(
                "per bird (ingest birds/s vs bare object-crop passes/s, %d birds)", birds),
            perBirdWall,
            perBirdCpu));
    t.append(
        String.format(
            "  (per bird includes the %d negative passes that give sigma: %.2f passes per bird)%n",
            negatives, passes / (double) birds));
    t.append(
        String.format(
            "store: %.1f MB, %.1f KB per image (float16 raw maps, %s)%n",
            storeBytes / 1e6, storeBytes / 1e3 / Math.max(1, birds), store));
    t.append(
        String.format(
            "peak heap during one-pass ingest: %.1f MB (heap pools' peak used, garbage included;"
                + " max %.0f MB)%n",
            peakHeap / 1e6, Runtime.getRuntime().maxMemory() / 1e6));
    t.append("repetitions, wall/cpu seconds:\n");
    reps(t, "bare object crops", bareObjects);
    reps(t, "bare all crops", bareAll);
    reps(t, "exposed all crops", exposedAll);
    reps(t, "decode+crop", decode);
    reps(t, "ingest one pass", onePass);
    reps(t, "ingest two passes", twoPass);
    t.append(
        String.format(
            "machine: %d cpus, load average %.2f at the end%n",
            Runtime.getRuntime().availableProcessors(),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    return t.toString();
  }

  /** " {what}: wall r (+p%), cpu r (+p%) -> verdict" for wall and cpu ratios to the bare pass. */
  private static String ratioLine(String what, double wall, double cpu) {
    return String.format(
        "  %s: wall %.3f (%+.1f%%), cpu %.3f (%+.1f%%) -> %s%n",
        what, wall, (wall - 1) * 100, cpu, (cpu - 1) * 100, verdict(wall, cpu));
  }

  private static String verdict(double wall, double cpu) {
    boolean w = wall <= 1.15;
    boolean c = cpu <= 1.15;
    return w && c ? "met" : !w && !c ? "NOT met" : "met on " + (w ? "wall" : "cpu") + " only";
  }

  private static void reps(StringBuilder t, String what, List<Timing> timings) {
    t.append(String.format("  %-20s", what));
    for (Timing x : timings) {
      t.append(String.format(" %.2f/%.2f", x.wall, x.cpu));
    }
    t.append('\n');
  }

  /** Decodes each bird once and cuts its object crop and background negative, as ingest does. */
  private static Crops crops(Dataset dataset, Preprocessing pre, int size) {
    List<float[]> objects = new ArrayList<>();
    List<float[]> negatives = new ArrayList<>();
    for (DatasetImage item : dataset.images()) {
      try {
        ImageCrops.Regions r =
            ImageCrops.decodeAll(
                item.file(),
                (w, h) -> {
                  Box object = ImageCrops.checkedBox(item.file(), w, h, item.box());
                  Box negative = item.box() == null ? null : BackgroundCrops.pick(w, h, object);
                  return negative == null ? List.of(object) : List.of(object, negative);
                });
        objects.add(pre.apply(ImageCrops.crop(r.image(), r.boxes().get(0), size), size));
        if (r.boxes().size() > 1) {
          negatives.add(pre.apply(ImageCrops.crop(r.image(), r.boxes().get(1), size), size));
        }
      } catch (UnreadableImageException e) {
        // skipped in ingest as well
      }
    }
    return new Crops(objects, negatives);
  }

  private static Timing since(long t0, long cpu0) {
    return new Timing((System.nanoTime() - t0) / 1e9, (processCpuNanos() - cpu0) / 1e9);
  }

  private static Timing median(List<Timing> timings) {
    double[] w = timings.stream().mapToDouble(Timing::wall).sorted().toArray();
    double[] c = timings.stream().mapToDouble(Timing::cpu).sorted().toArray();
    int m = w.length / 2;
    return w.length % 2 == 1
        ? new Timing(w[m], c[m])
        : new Timing((w[m - 1] + w[m]) / 2, (c[m - 1] + c[m]) / 2);
  }

  private record Timing(double wall, double cpu) {}

  private static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }

  /** One table row: totals, per CNN pass, ratio to the bare pass over the same crops. */
  private static void row(
      StringBuilder t, String what, int passes, Timing x, Timing bare, int birds) {
    t.append(
        String.format(
            "%-56s %6d %8.2f %8.2f %8.2f %8.2f %8.3f %8.3f %8s%n",
            what,
            passes,
            x.wall,
            x.cpu,
            1000 * x.wall / passes,
            1000 * x.cpu / passes,
            x.wall / bare.wall,
            x.cpu / bare.cpu,
            what.startsWith("ingest") || passes == birds
                ? String.format("%.2f", birds / x.wall)
                : "-"));
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
