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
import io.xgraph.ingest.store.FeatureStoreWriter;
import io.xgraph.ingest.store.StoredImage;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.LayerGeometry;
import io.xgraph.learner.data.Point;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Runs a CNN over a dataset into a feature store.
 *
 * <p>One pass when the negatives come from the dataset itself (the default): each image is decoded
 * once, its object crop and its background negative crop are cut from the same pixels and both go
 * through the CNN; the object's raw pre-activation maps are stored in float16 (normalisation
 * happens on read, so the store keeps the raw values) and the negative's maps feed the per-element
 * sigma (see {@link SigmaAccumulator}), written when the last image is done. A store committed
 * without sigma is readable but not normalisable; a re-run rebuilds the sums by running the
 * negatives of the committed images again, in the same order, so the finished store is byte for
 * byte the store of an uninterrupted run. With {@code --negatives DIR} the negatives are a separate
 * first pass over that folder.
 *
 * <p>Image decoding and cropping run a few images ahead on a second thread and store writes (and
 * sigma sums) run behind on a third, overlapping inference. The store commits after at least {@link
 * #COMMIT_EVERY} images and {@link #COMMIT_SECONDS} seconds; a re-run with the same options resumes
 * after the last commit.
 */
public final class Ingestor {

  /** Images between two commits of the store, at least. */
  public static final int COMMIT_EVERY = 16;

  /**
   * Seconds between two commits, at least: each commit syncs the layer files (so that progress
   * never points at data a power cut could lose), which is costly on a busy disk.
   */
  public static final double COMMIT_SECONDS = 5;

  /** Images decoded ahead of inference. */
  static final int LOOKAHEAD = 3;

  private Ingestor() {}

  /** A decoded, preprocessed image ready for the CNN, or the reason it was skipped. */
  private record Prepared(
      int source, String file, float[] input, StoredImage meta, float[] negative, String error) {
    Prepared(int source, String file, float[] input, StoredImage meta, String error) {
      this(source, file, input, meta, null, error);
    }
  }

  /** Negative-image sums and counts, filled in dataset order. */
  private static final class NegativeTally {
    final List<SigmaAccumulator> acc = new ArrayList<>();
    int skipped;
    int noBackground;

    /** The first few reasons of {@link #skipped}, each naming its file. */
    final List<String> skippedReasons = new ArrayList<>();

    void skip(String reason) {
      skipped++;
      if (skippedReasons.size() < 3) {
        skippedReasons.add(reason);
      }
    }

    NegativeTally(CnnModel model) {
      model.layers().forEach(g -> acc.add(new SigmaAccumulator(g.size())));
    }

    void add(List<float[]> maps) {
      for (int i = 0; i < acc.size(); i++) {
        acc.get(i).add(maps.get(i));
      }
    }
  }

  /** Ingests according to {@code options}. */
  public static IngestResult run(IngestOptions options, IngestListener listener) {
    return run(options, listener, true);
  }

  /**
   * As {@link #run(IngestOptions, IngestListener)}; {@code onePass} false runs the negatives as a
   * separate first pass over the dataset (the earlier design, kept to compare results and speed).
   */
  static IngestResult run(IngestOptions options, IngestListener listener, boolean onePass) {
    OnnxGraph graph = CnnModel.analyse(options.model());
    String modelArg = options.model().toString();
    List<String> layers = KnownModel.layersFor(graph, options.layers(), modelArg);
    Preprocessing pre = KnownModel.preprocessingFor(graph, options.preprocessing(), modelArg);
    Dataset dataset = Dataset.open(options.images()).select(options.split(), options.limit());
    if (dataset.images().isEmpty()) {
      throw new IllegalArgumentException(
          "No images of split `" + options.split() + "` in `" + options.images() + "`");
    }
    Dataset negatives = options.negatives() == null ? null : Dataset.open(options.negatives());
    boolean hasBoxes = dataset.images().stream().anyMatch(i -> i.box() != null);
    String negativeSource =
        negatives != null
            ? "folder " + options.negatives().toAbsolutePath().normalize()
            : hasBoxes ? "background crops of the dataset images" : "the dataset images themselves";

    try (CnnModel model = CnnModel.open(options.model(), layers, options.threads())) {
      Properties identity = new Properties();
      identity.setProperty("model.name", model.name());
      identity.setProperty("model.sha256", model.sha256());
      identity.setProperty("model.inputName", graph.imageInput());
      identity.setProperty("preprocessing", pre.id());
      identity.setProperty(
          "dataset.root", options.images().toAbsolutePath().normalize().toString());
      identity.setProperty("dataset.kind", dataset.kind());
      identity.setProperty("dataset.split", options.split());
      identity.setProperty("dataset.limit", Integer.toString(options.limit()));
      identity.setProperty("dataset.images", Integer.toString(dataset.images().size()));
      identity.setProperty("dataset.fingerprint", fingerprint(dataset));
      identity.setProperty("negatives.source", negativeSource);
      if (options.mirrored()) {
        // absent for unflipped stores, so their identity (and resuming them) is unchanged
        identity.setProperty("mirrored", "true");
      }
      boolean mirrored = options.mirrored();
      if (negatives == null && hasBoxes) {
        identity.setProperty(
            "negatives.rule",
            "largest box-free band, min side "
                + BackgroundCrops.MIN_SIDE
                + " px, aspect <= "
                + BackgroundCrops.MAX_ASPECT);
      }
      List<List<String>> sources = new ArrayList<>();
      model.readouts().forEach(r -> sources.add(r.sources()));
      int size = model.inputSize();
      try (FeatureStoreWriter writer =
          FeatureStoreWriter.open(options.out(), identity, model.layers(), sources)) {
        // Refused before any CNN work when the disk cannot hold the rest of the store.
        writer.requireSpaceFor(dataset.images().size() - writer.nextSource());
        int negativeCount = 0;
        double negativeSeconds = 0;
        int before = writer.committed();
        double imageSeconds;
        if (!writer.hasSigma() && negatives == null && onePass) {
          long t0 = System.nanoTime();
          NegativeTally tally = new NegativeTally(model);
          int start = writer.nextSource();
          if (start > 0) {
            negativeCount +=
                negativePass(model, pre, dataset, null, tally, start, listener, size, mirrored);
          }
          negativeSeconds = (System.nanoTime() - t0) / 1e9;
          long t1 = System.nanoTime();
          negativeCount +=
              onePass(model, pre, dataset, hasBoxes, tally, writer, listener, size, mirrored);
          imageSeconds = (System.nanoTime() - t1) / 1e9;
          writeSigma(tally, writer);
        } else if (!writer.hasSigma()) {
          long t0 = System.nanoTime();
          if (negatives == null && !hasBoxes) {
            listener.info(
                "No object boxes and no --negatives: sigma comes from the images themselves"
                    + " (docs/algorithm.md fallback)");
          }
          NegativeTally tally = new NegativeTally(model);
          List<DatasetImage> items = negatives != null ? negatives.images() : dataset.images();
          negativeCount =
              negativePass(
                  model, pre, dataset, negatives, tally, items.size(), listener, size, mirrored);
          writeSigma(tally, writer);
          negativeSeconds = (System.nanoTime() - t0) / 1e9;
          long t1 = System.nanoTime();
          imagePass(model, pre, dataset, writer, listener, size, mirrored);
          imageSeconds = (System.nanoTime() - t1) / 1e9;
        } else {
          long t1 = System.nanoTime();
          imagePass(model, pre, dataset, writer, listener, size, mirrored);
          imageSeconds = (System.nanoTime() - t1) / 1e9;
        }
        long bytes = 0;
        for (LayerGeometry g : model.layers()) {
          bytes += 2L * g.size() * writer.committed();
        }
        return new IngestResult(
            writer.dir(),
            writer.committed(),
            writer.committed() - before,
            negativeCount,
            writer.skipped(),
            negativeSeconds,
            imageSeconds,
            bytes);
      }
    }
  }

  /** The CNN input of a crop ({@code size x size} RGB ints), horizontally flipped if asked. */
  private static float[] input(Preprocessing pre, int[] rgb, int size, boolean mirrored) {
    return pre.apply(mirrored ? ImageCrops.flipHorizontally(rgb, size) : rgb, size);
  }

  /** The keypoints on the crop plane, mirrored with the crop when it is flipped. */
  private static Map<Integer, Point> parts(DatasetImage item, Box box, int size, boolean mirrored) {
    Map<Integer, Point> parts = ImageCrops.partsInCrop(item.parts(), box, size);
    if (!mirrored) {
      return parts;
    }
    Map<Integer, Point> out = new java.util.LinkedHashMap<>();
    parts.forEach((id, p) -> out.put(id, new Point(size - 1 - p.x(), p.y())));
    return out;
  }

  private static String fingerprint(Dataset dataset) {
    StringBuilder sb = new StringBuilder();
    for (DatasetImage i : dataset.images()) {
      sb.append(i.id())
          .append('|')
          .append(dataset.root().relativize(i.file()))
          .append('|')
          .append(i.box())
          .append('|')
          .append(i.split())
          .append('\n');
    }
    return CnnModel.sha256(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * Runs the negatives of the first {@code end} items (of the folder, or else of the dataset) into
   * {@code tally}; returns the number of negative crops used.
   */
  private static int negativePass(
      CnnModel model,
      Preprocessing pre,
      Dataset dataset,
      Dataset negatives,
      NegativeTally tally,
      int end,
      IngestListener listener,
      int size,
      boolean mirrored) {
    List<DatasetImage> items = negatives != null ? negatives.images() : dataset.images();
    boolean background = negatives == null && items.stream().anyMatch(i -> i.box() != null);
    int used = 0;
    listener.phase("negatives", end, 0);
    try (IngestThreads.Prefetcher<Prepared> prefetch =
        new IngestThreads.Prefetcher<>(
            end,
            k -> {
              DatasetImage item = items.get(k);
              try {
                ImageCrops.Region region =
                    ImageCrops.decode(
                        item.file(),
                        (w, h) -> {
                          if (background) {
                            return BackgroundCrops.pick(w, h, item.checkedBox(w, h));
                          }
                          return negatives != null
                              ? ImageCrops.checkedBox(item.file(), w, h, null)
                              : item.checkedBox(w, h);
                        });
                if (region == null) {
                  return new Prepared(k, item.file().toString(), null, null, null);
                }
                float[] input =
                    input(pre, ImageCrops.crop(region.image(), region.box(), size), size, mirrored);
                return new Prepared(k, item.file().toString(), input, null, null);
              } catch (UnreadableImageException e) {
                return new Prepared(k, item.file().toString(), null, null, e.getMessage());
              }
            })) {
      for (int k = 0; k < end; k++) {
        Prepared p = prefetch.next();
        if (p.error() != null) {
          tally.skip(p.error());
          listener.skipped(p.file(), p.error());
        } else if (p.input() == null) {
          tally.noBackground++;
        } else {
          CnnModel.Forward f = model.run(p.input());
          OutputChecks.checkFinite(f, model, p.file());
          tally.add(f.layers());
          used++;
        }
        listener.step();
      }
    }
    listener.phaseEnd();
    return used;
  }

  /** Computes sigma from {@code tally} and writes it with its statistics. */
  private static void writeSigma(NegativeTally tally, FeatureStoreWriter writer) {
    List<SigmaAccumulator> acc = tally.acc;
    long used = acc.get(0).count();
    int skipped = tally.skipped;
    int noBackground = tally.noBackground;
    if (used == 0) {
      // Name the unreadable files: with a dataset of one empty file, "1 unreadable" alone would
      // leave the user guessing which file and why.
      throw new IllegalArgumentException(
          "No usable negative image ("
              + skipped
              + " unreadable"
              + (tally.skippedReasons.isEmpty()
                  ? ""
                  : ": "
                      + String.join("; ", tally.skippedReasons)
                      + (skipped > tally.skippedReasons.size() ? "; ..." : ""))
              + ", "
              + noBackground
              + " without a background band of at least "
              + (int) BackgroundCrops.MIN_SIDE
              + " px); "
              + (skipped > 0 ? "fix or remove the unreadable files, or " : "")
              + "give a folder of background images with --negatives DIR");
    }
    List<float[]> sigma = new ArrayList<>();
    Properties stats = new Properties();
    stats.setProperty("negatives.count", Long.toString(used));
    stats.setProperty("negatives.skipped", Integer.toString(skipped));
    stats.setProperty("negatives.imagesWithoutBackground", Integer.toString(noBackground));
    for (int i = 0; i < acc.size(); i++) {
      sigma.add(acc.get(i).sigma());
      stats.setProperty("negatives.floored." + i, Integer.toString(acc.get(i).floored()));
    }
    writer.writeSigma(sigma, stats);
  }

  /**
   * The single pass over the dataset from {@code writer.nextSource()}: stores each object crop's
   * maps and adds its negative's maps (the background crop, or with no boxes the image itself) to
   * {@code tally}. With {@code tally} null and {@code background} false (sigma is stored already)
   * it only stores the object crops. Returns the number of negatives run.
   */
  private static int onePass(
      CnnModel model,
      Preprocessing pre,
      Dataset dataset,
      boolean background,
      NegativeTally tally,
      FeatureStoreWriter writer,
      IngestListener listener,
      int size,
      boolean mirrored) {
    List<DatasetImage> items = dataset.images();
    int start = writer.nextSource();
    int negativesRun = 0;
    listener.phase("images", items.size(), start);
    CommitCadence cadence = new CommitCadence();
    try (IngestThreads.Prefetcher<Prepared> prefetch =
        new IngestThreads.Prefetcher<>(
            items.size() - start,
            j -> {
              int k = start + j;
              DatasetImage item = items.get(k);
              try {
                ImageCrops.Regions regions =
                    ImageCrops.decodeAll(
                        item.file(),
                        (w, h) -> {
                          // Annotations against the size in the header, before any pixel.
                          Box object = item.checkedBox(w, h);
                          item.checkParts(w, h);
                          Box negative = background ? BackgroundCrops.pick(w, h, object) : null;
                          return negative == null ? List.of(object) : List.of(object, negative);
                        });
                Box box = regions.boxes().get(0);
                float[] input =
                    input(pre, ImageCrops.crop(regions.image(), box, size), size, mirrored);
                float[] negative = null;
                if (regions.boxes().size() > 1) {
                  Box nb = regions.boxes().get(1);
                  negative = input(pre, ImageCrops.crop(regions.image(), nb, size), size, mirrored);
                }
                String file = dataset.root().relativize(item.file()).toString();
                StoredImage meta =
                    new StoredImage(
                        new ImageRecord(item.id(), item.split(), parts(item, box, size, mirrored)),
                        file,
                        box,
                        k);
                return new Prepared(k, item.file().toString(), input, meta, negative, null);
              } catch (UnreadableImageException e) {
                return new Prepared(k, item.file().toString(), null, null, e.getMessage());
              }
            })) {
      IngestThreads.WriteBehind behind = new IngestThreads.WriteBehind();
      try {
        for (int k = start; k < items.size(); k++) {
          Prepared p = prefetch.next();
          if (p.error() != null) {
            if (tally != null) {
              tally.skip(p.error());
            }
            behind.submit(() -> writer.skip(p.source(), p.file() + ": " + p.error()));
            listener.skipped(p.file(), p.error());
          } else {
            CnnModel.Forward f = model.run(p.input());
            OutputChecks.checkStorable(f, model, p.file());
            CnnModel.Forward n;
            if (tally == null) {
              n = null; // sigma is stored already: no negatives
            } else if (p.negative() != null) {
              n = model.run(p.negative());
              OutputChecks.checkFinite(n, model, p.file() + " (background crop)");
              negativesRun++;
            } else if (!background) {
              n = f; // no boxes: the images themselves are the negatives
              negativesRun++;
            } else {
              n = null;
              tally.noBackground++;
            }
            behind.submit(
                () -> {
                  writer.append(p.meta(), f.layers());
                  if (n != null) {
                    tally.add(n.layers());
                  }
                });
          }
          listener.step();
          if (cadence.imageDone()) {
            behind.submit(writer::commit);
          }
        }
      } finally {
        behind.close();
      }
    } catch (RuntimeException | Error e) {
      // Everything appended is complete on disk: keep it even if a later image failed. The first
      // failure is the one reported (a full disk may fail the commit too).
      try {
        writer.commit();
      } catch (RuntimeException commitFailure) {
        e.addSuppressed(commitFailure);
      }
      listener.phaseEnd();
      throw e;
    }
    writer.commit();
    listener.phaseEnd();
    return negativesRun;
  }

  /** The pass over the dataset from {@code writer.nextSource()} when sigma is already stored. */
  private static void imagePass(
      CnnModel model,
      Preprocessing pre,
      Dataset dataset,
      FeatureStoreWriter writer,
      IngestListener listener,
      int size,
      boolean mirrored) {
    onePass(model, pre, dataset, false, null, writer, listener, size, mirrored);
  }

  /** Total size of the regular files in {@code dir}. */
  public static long directorySize(Path dir) {
    try (var files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot list `" + dir + "`: " + e, e);
    }
  }

  /** Commits after at least {@link #COMMIT_EVERY} images and {@link #COMMIT_SECONDS} seconds. */
  private static final class CommitCadence {
    private int sinceCommit;
    private long lastCommit = System.nanoTime();

    /** Counts one image; true when a commit is due (and restarts the count). */
    boolean imageDone() {
      if (++sinceCommit >= COMMIT_EVERY && System.nanoTime() - lastCommit >= COMMIT_SECONDS * 1e9) {
        sinceCommit = 0;
        lastCommit = System.nanoTime();
        return true;
      }
      return false;
    }
  }
}
