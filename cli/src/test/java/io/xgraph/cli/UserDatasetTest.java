package io.xgraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.ingest.store.FeatureStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A user's own dataset folder, tried as a new user would (issue 23, item 6): a data folder with the
 * models and a renamed copy of shared birds called {@code cub200-heldout} (CUB layout, new ids,
 * class folders and file names), and a plain folder of three images. Every command that reads
 * images takes {@code --dataset}; without it, a data folder lacking {@code cub200-dev} is refused
 * with a message that names {@code --dataset} and the folder to give.
 */
class UserDatasetTest {

  /** Shared bird ids copied: six of class 001 and six of class 002; every third is a test bird. */
  private static final int[] BIRDS = {1, 2, 3, 4, 5, 6, 61, 62, 63, 64, 65, 66};

  @TempDir static Path tmp;

  static Path data;
  static Path heldout;
  static Path plain;

  @BeforeAll
  static void userFolders() throws IOException {
    Path shared = Path.of(System.getProperty("xgraph.data"));
    data = Files.createDirectories(tmp.resolve("my data"));
    Path models = Files.createDirectories(data.resolve("models"));
    try (var files = Files.list(shared.resolve("models"))) {
      for (Path m : files.filter(f -> f.toString().endsWith(".onnx")).toList()) {
        Files.createSymbolicLink(models.resolve(m.getFileName()), m.toAbsolutePath());
      }
    }
    heldout = cubCopy(shared.resolve("cub200-dev"), data.resolve("cub200-heldout"));
    plain = Files.createDirectories(tmp.resolve("photos"));
    Map<Integer, String> images = table(shared.resolve("cub200-dev/images.txt"));
    for (int k = 0; k < 3; k++) {
      Files.copy(
          shared.resolve("cub200-dev/images").resolve(images.get(BIRDS[k * 5])),
          plain.resolve("photo " + k + ".jpg"));
    }
  }

  /** The CUB tables of {@code BIRDS}, renumbered 1..12, images under renamed folders. */
  private static Path cubCopy(Path cub, Path dest) throws IOException {
    Map<Integer, String> images = table(cub.resolve("images.txt"));
    Map<Integer, String> boxes = table(cub.resolve("bounding_boxes.txt"));
    List<String> imageLines = new ArrayList<>();
    List<String> boxLines = new ArrayList<>();
    List<String> splitLines = new ArrayList<>();
    List<String> partLines = new ArrayList<>();
    Map<Integer, List<String>> parts = new LinkedHashMap<>();
    for (String line : Files.readAllLines(cub.resolve("part_locs.txt"))) {
      String[] f = line.trim().split("\\s+", 2);
      if (f.length == 2) {
        parts.computeIfAbsent(Integer.parseInt(f[0]), k -> new ArrayList<>()).add(f[1]);
      }
    }
    for (int i = 0; i < BIRDS.length; i++) {
      int id = i + 1;
      int old = BIRDS[i];
      String rel = "my_birds_" + (old < 60 ? "a" : "b") + "/bird-" + id + ".jpg";
      Path target = dest.resolve("images").resolve(rel);
      Files.createDirectories(target.getParent());
      Files.copy(cub.resolve("images").resolve(images.get(old)), target);
      imageLines.add(id + " " + rel);
      boxLines.add(id + " " + boxes.get(old));
      splitLines.add(id + " " + (id % 3 == 0 ? 0 : 1));
      for (String p : parts.getOrDefault(old, List.of())) {
        partLines.add(id + " " + p);
      }
    }
    Files.write(dest.resolve("images.txt"), imageLines);
    Files.write(dest.resolve("bounding_boxes.txt"), boxLines);
    Files.write(dest.resolve("train_test_split.txt"), splitLines);
    Files.write(dest.resolve("part_locs.txt"), partLines);
    return dest;
  }

  /** A CUB table: id -> the rest of the line. */
  private static Map<Integer, String> table(Path file) throws IOException {
    Map<Integer, String> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.trim().split("\\s+", 2);
      if (f.length == 2) {
        out.put(Integer.parseInt(f[0]), f[1]);
      }
    }
    return out;
  }

  /** Runs the command with standard error captured; the exit code must be 2. */
  private static String refusal(String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code;
    try {
      System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      code = Main.execute(args);
    } finally {
      System.setErr(old);
    }
    String err = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(Main.EXIT_USAGE, code, String.join(" ", args) + "\n" + err);
    return err.split("\n")[0];
  }

  /**
   * {@code --data} at a folder holding {@code cub200-heldout} but no {@code cub200-dev}: each
   * command says to give {@code --dataset} and which folder, before any work (no work folder).
   */
  @Test
  void dataWithoutTheDefaultDatasetNamesTheFix() {
    String fix =
        "No dataset given and the default `"
            + data.resolve("cub200-dev")
            + "` does not exist; give --dataset DIR (a CUB-200-2011 folder (images.txt,"
            + " bounding_boxes.txt, part_locs.txt, ...) or a plain folder of images, any name):"
            + " `"
            + data
            + "` holds [cub200-heldout], e.g. --dataset "
            + heldout;
    Path work = tmp.resolve("never");
    Map<String, String[]> commands = new LinkedHashMap<>();
    commands.put("demo", new String[] {"demo", "--work", work.toString()});
    commands.put("ingest", new String[] {"ingest", "--out", work.toString()});
    commands.put("bench ingest", new String[] {"bench", "ingest", "--work", work.toString()});
    commands.put("bench cypher", new String[] {"bench", "cypher", "--work", work.toString()});
    commands.put("bench load", new String[] {"bench", "load", "--work", work.toString()});
    for (Map.Entry<String, String[]> c : commands.entrySet()) {
      List<String> args = new ArrayList<>(List.of(c.getValue()));
      args.addAll(List.of("--data", data.toString()));
      assertEquals(
          "xgraph " + c.getKey() + ": " + fix, refusal(args.toArray(String[]::new)), c.getKey());
    }
    assertTrue(!Files.exists(work), "work started in " + work);
    assertEquals(
        "xgraph ingest: Value for `--dataset` was `"
            + data.resolve("heldout")
            + "`, but that folder does not exist; give a CUB-200-2011 folder (images.txt,"
            + " bounding_boxes.txt, part_locs.txt, ...) or a plain folder of images, any name",
        refusal("ingest", "--dataset", data.resolve("heldout").toString()));
  }

  /**
   * The option the messages name exists wherever images are read: every command with {@code --data}
   * (the shared folder) also takes {@code --dataset}, except {@code layers}, which reads a model
   * only.
   */
  @Test
  void everyCommandWithDataTakesDataset() {
    List<String> missing = new ArrayList<>();
    TreeSet<String> checked = new TreeSet<>();
    walk(new CommandLine(new Main()), missing, checked);
    assertTrue(missing.isEmpty(), "without --dataset: " + missing);
    for (String c :
        List.of(
            "xgraph demo",
            "xgraph ingest",
            "xgraph bench ingest",
            "xgraph bench cypher",
            "xgraph bench load",
            "xgraph bench all",
            "xgraph bench learn",
            "xgraph part eval",
            "xgraph part learn",
            "xgraph part localize",
            "xgraph part show",
            "xgraph patches",
            "xgraph serve")) {
      assertTrue(checked.contains(c), c + " not among " + checked);
    }
  }

  private static void walk(CommandLine cmd, List<String> missing, TreeSet<String> checked) {
    var options = cmd.getCommandSpec().optionsMap();
    String name = cmd.getCommandSpec().qualifiedName();
    if (options.containsKey("--data") && !name.equals("xgraph layers")) {
      checked.add(name);
      if (!options.containsKey("--dataset")) {
        missing.add(name);
      }
    }
    for (CommandLine sub : cmd.getSubcommands().values()) {
      if (!"help".equals(sub.getCommandName())) {
        walk(sub, missing, checked);
      }
    }
  }

  /** Ingest reads the renamed CUB copy (as --dataset and as ingest's older --images). */
  @Test
  void ingestReadsTheRenamedCubCopy() {
    for (String flag : List.of("--dataset", "--images")) {
      Path out = tmp.resolve("store" + flag);
      CliRun run =
          CliRun.of(
              "ingest",
              "--data",
              data.toString(),
              flag,
              heldout.toString(),
              "--layers",
              "fire9/concat_1",
              "--limit",
              "4",
              "--out",
              out.toString());
      assertEquals(0, run.code(), run.out());
      FeatureStore store = FeatureStore.open(out);
      assertEquals(List.of("1", "2", "3", "4"), store.images().stream().map(r -> r.id()).toList());
      assertEquals("test", store.images().get(2).split());
      assertNotNull(store.images().get(0).parts().get(6), "forehead of bird 1");
      assertEquals(heldout.toAbsolutePath().normalize().toString(), store.manifest("dataset.root"));
    }
  }

  /**
   * The demo on the renamed CUB copy, one layer and one EM iteration: the whole report (stability
   * table, head part), then {@code patches} on its feature store finds the images through the
   * folder the store recorded, with {@code --data} at a folder without any dataset.
   */
  @Test
  void demoOnTheRenamedCubCopy() throws IOException {
    Path work = tmp.resolve("demo-cub");
    CliRun run =
        CliRun.of(
            "demo",
            "--data",
            data.toString(),
            "--dataset",
            heldout.toString(),
            "--layers",
            "fire9/concat_1",
            "--iterations",
            "1",
            "--no-mirrored",
            "--work",
            work.toString());
    assertEquals(0, run.code(), run.out());
    assertTrue(
        run.out().contains("images: 12 (8 train), model squeezenet1.1-fp16.onnx"), run.out());
    assertTrue(run.out().contains("graph        test "), run.out());
    assertTrue(
        run.out().contains("part head-forehead: normalized localisation error on "), run.out());
    Path empty = Files.createDirectories(tmp.resolve("empty data"));
    Path features = work.resolve("squeezenet1.1-fp16/features");
    Path png = tmp.resolve("overview.png");
    CliRun patches =
        CliRun.of(
            "patches",
            "--data",
            empty.toString(),
            "--features",
            features.toString(),
            "--graph",
            work.resolve("squeezenet1.1-fp16/graph.xg").toString(),
            "--layer",
            "0",
            "--overview",
            "--patterns",
            "2",
            "--top",
            "2",
            "--out",
            png.toString());
    assertEquals(0, patches.code(), patches.out());
    assertTrue(Files.size(png) > 1000);
  }

  /**
   * A plain folder has no split and no parts: the demo ingests, learns and stores the graph, and
   * says why it skips the evaluation instead of failing at it.
   */
  @Test
  void demoOnAPlainFolder() {
    Path work = tmp.resolve("demo-plain");
    CliRun run =
        CliRun.of(
            "demo",
            "--data",
            data.toString(),
            "--images",
            plain.toString(),
            "--layers",
            "fire9/concat_1",
            "--iterations",
            "1",
            "--work",
            work.toString());
    assertEquals(0, run.code(), run.out());
    assertTrue(run.out().contains("images: 3 (3 train)"), run.out());
    assertTrue(
        run.out()
            .contains(
                "no evaluation: `"
                    + plain.toAbsolutePath().normalize()
                    + "` has no train/test split (0 train, 0 test images; a plain folder has"
                    + " none)"),
        run.out());
    assertTrue(!Files.exists(work.resolve("squeezenet1.1-fp16/features/mirrored")));
    assertTrue(Files.isDirectory(work.resolve("store")));
  }
}
