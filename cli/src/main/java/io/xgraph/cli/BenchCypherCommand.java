package io.xgraph.cli;

import io.xgraph.cypher.ModelFiles;
import io.xgraph.ingest.IngestListener;
import io.xgraph.ingest.IngestOptions;
import io.xgraph.ingest.Ingestor;
import io.xgraph.ingest.SharedData;
import io.xgraph.ingest.image.Dataset;
import io.xgraph.ingest.image.DatasetImage;
import io.xgraph.ingest.image.ImageCrops;
import io.xgraph.ingest.store.FeatureStore;
import io.xgraph.ingest.store.StoredImage;
import io.xgraph.learner.em.ExplanatoryGraphLearner;
import io.xgraph.learner.em.LayerCheckpoints;
import io.xgraph.learner.em.LearnListener;
import io.xgraph.learner.em.LearnerParameters;
import io.xgraph.learner.model.ExplanatoryGraph;
import io.xgraph.store.ModelInfo;
import io.xgraph.store.Provenance;
import io.xgraph.store.server.EmbeddedServer;
import io.xgraph.store.server.ServerOptions;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Query;
import org.neo4j.driver.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xgraph bench cypher}: latency of the xg.* procedures over Bolt on the bird graph, and
 * throughput with concurrent clients.
 */
@Command(
    name = "cypher",
    mixinStandardHelpOptions = true,
    description =
        "p50/p99 latency over Bolt of xg.pattern.lookup, topImages, near, xg.image.infer (one"
            + " 224x224 image, CNN included) and xg.part.localize (a head learned from 3 CUB"
            + " foreheads; on an image with stored inference and on a new image) on the bird"
            + " graph, and throughput with concurrent clients; prints the table and writes it to"
            + " --out.")
public final class BenchCypherCommand implements Callable<Integer> {

  @Mixin SharedDataOption sharedData = new SharedDataOption();

  @Mixin DatasetOption dataset = new DatasetOption();

  @Option(
      names = "--store",
      description =
          BirdStore.STORE_HELP + "; default: learn one on --images training birds into --work")
  Path store;

  @Option(
      names = "--work",
      defaultValue = "xgraph-work/bench-cypher",
      description =
          "Scratch directory (features, store, the 224 image) (default: ${DEFAULT-VALUE})")
  Path work;

  @Option(
      names = "--images",
      defaultValue = "0",
      description = "Training birds to learn on (0 = all) (default: ${DEFAULT-VALUE})")
  int images;

  @Option(
      names = "--iterations",
      defaultValue = "20",
      description = "EM iterations per layer when learning (default: ${DEFAULT-VALUE})")
  int iterations;

  @Option(
      names = "--requests",
      defaultValue = "200",
      description = "Timed calls per procedure (default: ${DEFAULT-VALUE})")
  int requests;

  @Option(
      names = "--clients",
      defaultValue = "8",
      description = "Concurrent clients of the throughput runs (default: ${DEFAULT-VALUE})")
  int clients;

  @Option(
      names = "--out",
      defaultValue = "bench-cypher.txt",
      description = "File for the table (default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (requests < 10 || clients < 1) {
      throw new IllegalArgumentException(
          "Values for `--requests` and `--clients` were `"
              + requests
              + "` and `"
              + clients
              + "`, but must be >= 10 and >= 1");
    }
    BirdStore bench =
        BirdStore.prepare(
            sharedData.locate(), dataset.resolve(sharedData), work, store, images, iterations);
    FeatureStore features = bench.learned() ? FeatureStore.open(work.resolve("features")) : null;
    try (EmbeddedServer server = EmbeddedServer.start(bench.serverOptions())) {
      ModelInfo info = bench.model(server);
      String image224 = write224Image(bench.cub(), bench.imageRoot(), features);
      List<PartImage> partImages = copyPartImages(bench.cub(), bench.imageRoot());
      String table = run(server, info.name(), image224, info, partImages);
      BenchOutput.printAndWrite(bench.learnedNote() + table, out);
    }
    return 0;
  }

  /**
   * The setup bench cypher and bench load share: the shared data's squeezenet and CUB folder, the
   * image root under the scratch folder, and the store, learned there first when none is given.
   *
   * @param store the store folder; with {@link #learned} the one learned under the scratch folder
   * @param learnedNote the line with the learning times, empty when the store was given
   */
  record BirdStore(Path cub, Path imageRoot, Path store, boolean learned, String learnedNote) {

    /** The start of the help of both benchmarks' --store. */
    static final String STORE_HELP =
        "Existing store folder holding a learned squeezenet graph with its model file properties";

    /**
     * Points the procedures' roots at {@code work}/images and the models folder, and without a
     * {@code store} learns one on {@code images} training birds of the dataset {@code cub} with
     * {@code iterations} EM iterations into {@code work}/store, printing the learning times.
     */
    static BirdStore prepare(
        Path dataDir, Path cub, Path work, Path store, int images, int iterations)
        throws Exception {
      Path onnx = SharedData.model(dataDir, "squeezenet");
      Files.createDirectories(work);
      Path imageRoot = Files.createDirectories(work.resolve("images"));
      InProcessProcedures.setRoots(imageRoot, onnx.getParent());
      if (store != null) {
        return new BirdStore(cub, imageRoot, store, false, "");
      }
      Path learnedStore = work.resolve("store");
      String note = learnBirdStore(onnx, cub, work, images, iterations, learnedStore);
      System.out.print(note);
      return new BirdStore(cub, imageRoot, learnedStore, true, note);
    }

    ServerOptions serverOptions() {
      return InProcessProcedures.serverOptions(store);
    }

    /** The first model of the store the server runs. */
    ModelInfo model(EmbeddedServer server) {
      List<ModelInfo> models = server.store().listModels();
      if (models.isEmpty()) {
        throw new IllegalArgumentException("Store `" + store + "` holds no model; learn one first");
      }
      return models.get(0);
    }
  }

  /**
   * Ingests the training birds ({@code images}, 0 = all) into {@code work}/features, learns the
   * graph and writes it with its model file properties into a fresh {@code store}; returns a line
   * with the times.
   */
  static String learnBirdStore(
      Path onnx, Path cub, Path work, int images, int iterations, Path store) throws Exception {
    long t0 = System.nanoTime();
    Ingestor.run(
        new IngestOptions(
            onnx, List.of(), cub, work.resolve("features"), null, "train", images, 2, null),
        IngestListener.SILENT);
    FeatureStore features = FeatureStore.open(work.resolve("features"));
    long t1 = System.nanoTime();
    ExplanatoryGraph graph =
        new ExplanatoryGraphLearner(LearnerParameters.defaults().withIterations(iterations), 2)
            .learn(features, LearnListener.silent(), LayerCheckpoints.none());
    long t2 = System.nanoTime();
    BenchOutput.deleteTree(store);
    try (EmbeddedServer s = EmbeddedServer.start(InProcessProcedures.serverOptions(store))) {
      s.store()
          .write(
              graph,
              ModelFiles.withModelFile(
                  Provenance.of("cub200-dev train"),
                  onnx.getFileName().toString(),
                  features.preprocessing()));
    }
    return String.format(
        "graph learned on %d birds (%d iterations): ingest %.0f s, learn %.0f s%n",
        features.images().size(), iterations, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
  }

  /** A bird's object crop resized to 224x224, written as PNG under the image root. */
  static String write224Image(Path cub, Path imageRoot, FeatureStore features) throws Exception {
    Path source;
    io.xgraph.ingest.image.Box box;
    if (features != null && !features.storedImages().isEmpty()) {
      StoredImage s = features.storedImages().get(0);
      source = ImageRootOptions.file(cub, s.file());
      box = s.box();
    } else {
      try (var files = Files.walk(cub.resolve("images"))) {
        source =
            files.filter(p -> p.toString().endsWith(".jpg")).sorted().findFirst().orElseThrow();
      }
      box = null;
    }
    ImageCrops.Decoded d = ImageCrops.decode(source);
    int[] rgb = ImageCrops.crop(d, ImageCrops.checkedBox(d, box), 224);
    BufferedImage img = new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, 224, 224, rgb, 0, 224);
    Pictures.writePng(img, imageRoot.resolve("bird-224.png"));
    return "bird-224.png";
  }

  /** A CUB image copied under the image root, with its box and forehead (original pixels). */
  record PartImage(String path, List<Double> box, double x, double y) {
    Map<String, Object> annotation() {
      return Map.of("image", path, "x", x, "y", y, "box", box);
    }
  }

  /** CUB part id of the forehead. */
  private static final int FOREHEAD = 6;

  /**
   * The first 3 train and 2 test birds with a visible forehead, copied under the image root (the
   * image root of this bench holds only what it writes).
   */
  static List<PartImage> copyPartImages(Path cub, Path imageRoot) throws Exception {
    Dataset dataset = Dataset.open(cub);
    List<PartImage> out = new ArrayList<>();
    Path dir = Files.createDirectories(imageRoot.resolve("part"));
    for (String split : List.of("train", "test")) {
      int wanted = split.equals("train") ? 3 : 2;
      for (DatasetImage d : dataset.select(split, 0).images()) {
        if (wanted == 0) {
          break;
        }
        io.xgraph.learner.data.Point p = d.parts().get(FOREHEAD);
        if (p == null || d.box() == null) {
          continue;
        }
        String name = "part/" + split + "-" + d.id() + "-" + d.file().getFileName();
        Files.copy(d.file(), dir.resolve(name.substring(5)), StandardCopyOption.REPLACE_EXISTING);
        io.xgraph.ingest.image.Box b = d.box();
        out.add(new PartImage(name, List.of(b.x(), b.y(), b.w(), b.h()), p.x(), p.y()));
        wanted--;
      }
    }
    return out;
  }

  private String run(
      EmbeddedServer server, String model, String image, ModelInfo info, List<PartImage> parts)
      throws Exception {
    try (Driver driver = GraphDatabase.driver(server.boltUri(), server.authToken())) {
      List<String> keys;
      try (Session s = driver.session()) {
        keys = BenchQueries.patternKeys(s, model);
      }
      int layers = info.layers().size();
      List<Op> ops =
          List.of(
              new Op(
                  "xg.pattern.lookup (one layer, 100 rows by score)",
                  rnd -> BenchQueries.lookup(model, layers, rnd)),
              new Op("xg.pattern.topImages (k = 10)", rnd -> BenchQueries.topImages(keys, rnd)),
              new Op(
                  "xg.pattern.near (radius 20, 10 per layer)",
                  rnd -> BenchQueries.near(model, rnd)),
              new Op(
                  "xg.image.infer (224x224 image, CNN + graph)",
                  rnd -> BenchQueries.infer(model, image)));
      // The server's first call that needs the model reads the stored graph and opens the CNN.
      String loadNote;
      try (Session s = driver.session()) {
        long t = System.nanoTime();
        s.run(BenchQueries.infer(model, image)).consume();
        loadNote =
            String.format(
                "first xg.image.infer on this server: %.0f ms (reads the stored graph, without its"
                    + " top images, and opens the CNN; later calls below)%n",
                (System.nanoTime() - t) / 1e6);
      }
      // A head learned from 3 annotated birds; one test bird gets its inference stored.
      String partNote;
      try (Session s = driver.session()) {
        long t = System.nanoTime();
        var learned =
            s.run(
                    "CALL xg.part.learn($m, 'bench-head', $a, {replace: true, unannotated: 0}) YIELD"
                        + " patternsPerTemplate, unannotated, inferences RETURN *",
                    Map.of(
                        "m",
                        model,
                        "a",
                        parts.subList(0, 3).stream().map(PartImage::annotation).toList()))
                .single();
        partNote =
            String.format(
                "part bench-head learned from 3 foreheads in %.1f s (%d unannotated images, %d"
                    + " CNN+graph runs, patterns per template %s)%n",
                (System.nanoTime() - t) / 1e9,
                learned.get("unannotated").asLong(),
                learned.get("inferences").asLong(),
                learned.get("patternsPerTemplate").asList());
        PartImage st = parts.get(3);
        s.run(
                "CALL xg.image.inferAndStore($m, $p, {imageId: 'bench-part-stored', box: $b})"
                    + " YIELD key RETURN count(*)",
                Map.of("m", model, "p", st.path(), "b", st.box()))
            .consume();
        // The same bird under another id with its mirror stored as well: no CNN at all.
        for (boolean mirrored : new boolean[] {false, true}) {
          s.run(
                  "CALL xg.image.inferAndStore($m, $p, {imageId: 'bench-part-stored-both',"
                      + " box: $b, mirrored: $mirrored}) YIELD key RETURN count(*)",
                  Map.of("m", model, "p", st.path(), "b", st.box(), "mirrored", mirrored))
              .consume();
        }
      }
      PartImage fresh = parts.get(4);
      ops = new ArrayList<>(ops);
      ops.add(
          new Op(
              "xg.part.localize (stored inference, no mirror)",
              rnd ->
                  new Query(
                      "CALL xg.part.localize($m, 'bench-head', 'bench-part-stored',"
                          + " {responses: 'stored', mirrored: false}) YIELD x RETURN x",
                      Map.of("m", model))));
      ops.add(
          new Op(
              "xg.part.localize (stored + CNN on the mirror)",
              rnd ->
                  new Query(
                      "CALL xg.part.localize($m, 'bench-head', 'bench-part-stored',"
                          + " {responses: 'stored'}) YIELD x RETURN x",
                      Map.of("m", model))));
      ops.add(
          new Op(
              "xg.part.localize (stored image + stored mirror)",
              rnd ->
                  new Query(
                      "CALL xg.part.localize($m, 'bench-head', 'bench-part-stored-both',"
                          + " {responses: 'stored'}) YIELD x RETURN x",
                      Map.of("m", model))));
      ops.add(
          new Op(
              "xg.part.localize (new image: CNN x2 + graph)",
              rnd ->
                  new Query(
                      "CALL xg.part.localize($m, 'bench-head', $p, {responses: 'cnn', box: $b})"
                          + " YIELD x RETURN x",
                      Map.of("m", model, "p", fresh.path(), "b", fresh.box()))));
      StringBuilder sb = new StringBuilder();
      sb.append(loadNote);
      sb.append(partNote);
      sb.append(
          String.format(
              "model %s: %d layers, %d patterns; %d cores; %d timed calls per procedure%n",
              model,
              layers,
              info.patternCount(),
              Runtime.getRuntime().availableProcessors(),
              requests));
      sb.append(
          String.format(
              "%-48s %10s %10s %10s %16s%n",
              "procedure (over Bolt)", "first ms", "p50 ms", "p99 ms", clients + " clients/s"));
      for (Op op : ops) {
        double first;
        try (Session s = driver.session()) {
          long t = System.nanoTime();
          s.run(op.query.apply(new SplittableRandom(1))).consume();
          first = (System.nanoTime() - t) / 1e6;
          for (int i = 0; i < 5; i++) {
            s.run(op.query.apply(new SplittableRandom(i))).consume();
          }
        }
        int n =
            op.name.startsWith("xg.image") || op.name.startsWith("xg.part")
                ? Math.max(10, requests / 4)
                : requests;
        double[] lat = new double[n];
        try (Session s = driver.session()) {
          SplittableRandom rnd = new SplittableRandom(7);
          for (int i = 0; i < n; i++) {
            Query q = op.query.apply(rnd);
            long t = System.nanoTime();
            s.run(q).consume();
            lat[i] = (System.nanoTime() - t) / 1e6;
          }
        }
        Arrays.sort(lat);
        double throughput = throughput(driver, op, n);
        sb.append(
            String.format(
                "%-48s %10.1f %10.2f %10.2f %16.1f%n",
                op.name,
                first,
                lat[(int) Math.floor(0.5 * (n - 1))],
                lat[(int) Math.ceil(0.99 * (n - 1))],
                throughput));
      }
      return sb.toString();
    }
  }

  /** Calls per second of {@code clients} sessions running {@code total} calls together. */
  private double throughput(Driver driver, Op op, int total) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> futures = new ArrayList<>();
      long t = System.nanoTime();
      for (int c = 0; c < clients; c++) {
        int calls = total / clients + (c < total % clients ? 1 : 0);
        long seed = c;
        futures.add(
            pool.submit(
                () -> {
                  SplittableRandom rnd = new SplittableRandom(seed);
                  try (Session s = driver.session()) {
                    for (int i = 0; i < calls; i++) {
                      s.run(op.query.apply(rnd)).consume();
                    }
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      return total / ((System.nanoTime() - t) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  private record Op(String name, Function<SplittableRandom, Query> query) {}
}
