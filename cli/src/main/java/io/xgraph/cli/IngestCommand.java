package io.xgraph.cli;

import io.xgraph.ingest.IngestListener;
import io.xgraph.ingest.IngestOptions;
import io.xgraph.ingest.IngestResult;
import io.xgraph.ingest.Ingestor;
import io.xgraph.ingest.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xgraph ingest}: CNN feature maps of a dataset into a feature store. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description =
        "Runs an ONNX image CNN over a dataset (plain folder or CUB-200-2011 layout) and keeps the"
            + " chosen layers' pre-ReLU maps in a feature store, with negative-image sigma."
            + " Re-running with the same options resumes.")
public final class IngestCommand implements Callable<Integer> {

  /** Options shared by ingest and bench ingest. */
  static final class Common {
    @picocli.CommandLine.Mixin SharedDataOption sharedData = new SharedDataOption();

    @Option(
        names = "--model",
        defaultValue = "squeezenet",
        description = "ONNX file, or squeezenet / mobilenet / resnet50 (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--dataset", paramLabel = "DIR", description = DatasetOption.HELP)
    Path images;

    /** Ingest's older name of --dataset, kept working but not shown. */
    @Option(names = "--images", paramLabel = "DIR", hidden = true, description = "--dataset")
    void images(Path dir) {
      images = dir;
    }

    @Option(
        names = "--layers",
        split = ",",
        description = "Layers (tensor names), lowest first; default per known model")
    List<String> layers;

    @Option(
        names = "--threads",
        defaultValue = "2",
        description = "ONNX Runtime threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(
        names = "--preprocess",
        description =
            "Input profile: caffe-bgr, caffe-bgr-resnet or imagenet-rgb (needed for unknown models)")
    String preprocess;

    Path modelPath() {
      return LayersCommand.resolveModel(sharedData.data, model);
    }

    Path imagesPath() {
      return SharedData.dataset(images, null, sharedData.data);
    }
  }

  @picocli.CommandLine.Mixin Common common = new Common();

  @Option(
      names = "--out",
      description = "Feature store directory (default: xgraph-work/<model-name>/features)")
  Path out;

  @Option(names = "--negatives", description = "Folder of negative (background) images")
  Path negatives;

  @Option(names = "--limit", defaultValue = "0", description = "At most N images (0 = all)")
  int limit;

  @Option(
      names = "--split",
      defaultValue = "all",
      description = "train, test or all (default: ${DEFAULT-VALUE})")
  String split;

  @Option(
      names = "--mirrored",
      description =
          "Also store the maps of each crop's horizontal flip, in the sibling store <out>/"
              + MIRRORED_DIR
              + " (same image ids, keypoints mirrored; used by `part eval`, never learned on"
              + " unless given to `learn --features`)")
  boolean mirrored;

  /** Sub-directory of a feature store that holds its mirrored sibling store. */
  static final String MIRRORED_DIR = "mirrored";

  @Override
  public Integer call() {
    Path model = common.modelPath();
    Path store = out != null ? out : defaultStore(model);
    IngestOptions options =
        new IngestOptions(
            model,
            common.layers,
            common.imagesPath(),
            store,
            negatives,
            split,
            limit,
            common.threads,
            common.preprocess);
    report(Ingestor.run(options, new BarListener()));
    if (mirrored) {
      report(Ingestor.run(options.mirroredInto(store.resolve(MIRRORED_DIR)), new BarListener()));
    }
    return 0;
  }

  private static void report(IngestResult r) {
    System.out.printf(
        "feature store %s: %d images (%d written now), %d negatives this run, %.1f s negatives +"
            + " %.1f s images, %.1f MB (%.0f KB per image)%n",
        r.store(),
        r.images(),
        r.writtenThisRun(),
        r.negatives(),
        r.negativeSeconds(),
        r.imageSeconds(),
        r.storeBytes() / 1e6,
        r.images() == 0 ? 0.0 : r.storeBytes() / 1e3 / r.images());
    if (!r.skipped().isEmpty()) {
      System.out.println(r.skipped().size() + " file(s) skipped:");
      r.skipped().forEach(s -> System.out.println("  " + s));
    }
  }

  static Path defaultStore(Path model) {
    String name = model.getFileName().toString().replaceFirst("\\.onnx$", "");
    return Path.of("xgraph-work", name, "features");
  }

  /** Draws a terminal progress bar per phase. */
  static final class BarListener implements IngestListener {
    private ProgressBar bar;

    @Override
    public void phase(String name, int total, int done) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(name)
              .setInitialMax(total)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(250)
              .build();
      bar.stepTo(done);
    }

    @Override
    public void step() {
      if (bar != null) {
        bar.step();
      }
    }

    @Override
    public void phaseEnd() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }

    @Override
    public void skipped(String file, String reason) {
      System.err.println("skipped " + reason);
    }

    @Override
    public void info(String message) {
      System.err.println(message);
    }
  }
}
