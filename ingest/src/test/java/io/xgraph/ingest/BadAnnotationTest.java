package io.xgraph.ingest;

import static io.xgraph.ingest.BadDatasetFixture.ids;
import static io.xgraph.ingest.BadDatasetFixture.miniCub;
import static io.xgraph.ingest.BadDatasetFixture.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xgraph.ingest.store.FeatureStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad CUB annotation files: a malformed line or an out-of-range value in {@code part_locs.txt},
 * {@code bounding_boxes.txt} or {@code train_test_split.txt} is refused before anything is written,
 * naming the file, the line and the rule; a part or box beyond its image stops the run naming its
 * line, and the birds stored before stay readable.
 */
class BadAnnotationTest {

  @TempDir Path tmp;

  @Test
  void malformedPartLinesNameTheFileTheLineAndTheFix() throws IOException {
    for (String bad : List.of("1 3 12.5 40", "1 3 12.5 forty 1", "1 3 12.5 40 2", "1 x 1 2 1")) {
      Path cub = miniCub(tmp.resolve("cub-" + bad.hashCode()), 2);
      Files.writeString(cub.resolve("part_locs.txt"), "1 1 20 30 1\n" + bad + "\n");
      assertEquals(
          "Line 2 (`"
              + bad
              + "`) of `"
              + cub.resolve("part_locs.txt")
              + "` is malformed; expected `<image id> <part id> <x> <y> <visible 0|1>`: fix or"
              + " remove that line",
          refusedBeforeWriting(cub, tmp.resolve("out-" + bad.hashCode())));
    }
  }

  @Test
  void malformedBoxLineIsRefused() throws IOException {
    Path cub = miniCub(tmp.resolve("cub"), 2);
    Files.writeString(cub.resolve("bounding_boxes.txt"), "1 10 10 50 50\n2 10 ten 50 50\n");
    assertEquals(
        "Line 2 (`2 10 ten 50 50`) of `"
            + cub.resolve("bounding_boxes.txt")
            + "` is malformed; expected `<image id> <x> <y> <w> <h>`: fix or remove that line",
        refusedBeforeWriting(cub, tmp.resolve("o")));
  }

  /**
   * Values a CUB file cannot hold, found when the dataset is read (before the model runs or
   * anything is written): a visible part at a negative coordinate, a split other than 0/1, a box of
   * no size or left of the image. Each message names the file, the line number, the line and the
   * rule.
   */
  @Test
  void annotationValuesOutOfRangeNameTheFileTheLineAndTheRule() throws IOException {
    record Case(String table, int line, String text, String message) {}
    List<Case> cases =
        List.of(
            new Case(
                "part_locs.txt",
                2,
                "1 3 -4.0 40.0 1",
                "has a visible part at (-4.0, 40.0), but coordinates are pixels from the top-left"
                    + " of the image, >= 0: fix that line or mark the part not visible (last field"
                    + " 0)"),
            new Case(
                "part_locs.txt",
                2,
                "2 5 30.0 -0.5 1",
                "has a visible part at (30.0, -0.5), but coordinates are pixels from the top-left"
                    + " of the image, >= 0: fix that line or mark the part not visible (last field"
                    + " 0)"),
            new Case(
                "train_test_split.txt",
                2,
                "2 2",
                "has split `2`, but the split is 1 (train) or 0 (test): fix that line"),
            new Case(
                "train_test_split.txt",
                1,
                "1 train",
                "has split `train`, but the split is 1 (train) or 0 (test): fix that line"),
            new Case(
                "bounding_boxes.txt",
                2,
                "2 10.0 10.0 0.0 50.0",
                "has a box of width `0.0` and height `50.0`, but both must be at least 1 pixel: fix"
                    + " that line"),
            new Case(
                "bounding_boxes.txt",
                1,
                "1 -20.0 10.0 50.0 50.0",
                "has a box at x `-20.0`, y `10.0`, but the top-left corner is in pixels from the"
                    + " top-left of the image, >= 0 (one pixel of overhang is clipped): fix that"
                    + " line"));
    for (Case c : cases) {
      Path cub = miniCub(tmp.resolve("cub-" + c.hashCode()), 2);
      List<String> lines = new ArrayList<>(Files.readAllLines(cub.resolve(c.table())));
      if (c.table().equals("part_locs.txt")) {
        lines.add(c.line() - 1, c.text());
      } else {
        lines.set(c.line() - 1, c.text());
      }
      Files.write(cub.resolve(c.table()), lines);
      assertEquals(
          "Line "
              + c.line()
              + " (`"
              + c.text()
              + "`) of `"
              + cub.resolve(c.table())
              + "` "
              + c.message(),
          refusedBeforeWriting(cub, tmp.resolve("out-" + c.hashCode())));
    }
  }

  /** An invisible part's coordinates are not used, so CUB's "0 0" and any other value pass. */
  @Test
  void invisiblePartsAreNotChecked() throws IOException {
    Path cub = miniCub(tmp.resolve("cub"), 1);
    Files.writeString(cub.resolve("part_locs.txt"), "1 1 -7 -7 0\n1 2 100 90 1\n");
    var images = io.xgraph.ingest.image.Dataset.open(cub).images();
    assertEquals(Map.of(2, new io.xgraph.learner.data.Point(100, 90)), images.get(0).parts());
  }

  /**
   * A visible part beyond the image size is found when the image's header is read: the run stops
   * naming the part, the image, its size and the line; the birds before it stay committed.
   */
  @Test
  void partOutsideTheImageStopsTheRunNamingItsLine() throws IOException {
    Path cub = miniCub(tmp.resolve("cub"), 3);
    List<String> parts = new ArrayList<>(Files.readAllLines(cub.resolve("part_locs.txt")));
    parts.add("3 7 900.0 20.0 1");
    Files.write(cub.resolve("part_locs.txt"), parts);
    assertEquals(
        "Part 7 of image `"
            + thirdBird(cub)
            + "` at (900.0, 20.0) lies outside the 500x347 image; fix line "
            + parts.size()
            + " of `"
            + cub.resolve("part_locs.txt")
            + "` (x y in pixels from the top-left) or mark the part not visible (last field 0)",
        stoppedAfterTwoBirds(cub, tmp.resolve("store")));
  }

  /**
   * A box outside its image stops the run with the file, the box, the image size and the fix; the
   * birds before it stay committed and readable.
   */
  @Test
  void boxOutsideTheImageStopsTheRunAndKeepsWhatWasStored() throws IOException {
    Path cub = miniCub(tmp.resolve("cub"), 3);
    List<String> boxes = Files.readAllLines(cub.resolve("bounding_boxes.txt"));
    boxes.set(2, "3 100 100 5000 40");
    Files.write(cub.resolve("bounding_boxes.txt"), boxes);
    assertEquals(
        "Box [x=100.0, y=100.0, w=5000.0, h=40.0] of image `"
            + thirdBird(cub)
            + "` lies outside the 500x347 image; fix the box (x y w h, pixels from the top-left):"
            + " line 3 of `"
            + cub.resolve("bounding_boxes.txt")
            + "`",
        stoppedAfterTwoBirds(cub, tmp.resolve("store")));
  }

  /**
   * The message of the refusal of a run over {@code cub} into {@code out}, after checking that the
   * run stopped while reading the dataset: nothing was written.
   */
  private static String refusedBeforeWriting(Path cub, Path out) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Ingestor.run(options("squeezenet", List.of(), cub, out), IngestListener.SILENT));
    assertFalse(Files.exists(out), "nothing written before the dataset is read");
    return e.getMessage();
  }

  /**
   * The message that stopped a run over {@code cub} (3 birds, the third spoilt) into {@code out},
   * after checking that the two birds before it stay committed and readable.
   */
  private static String stoppedAfterTwoBirds(Path cub, Path out) throws IOException {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Ingestor.run(
                    options("squeezenet", List.of("fire9/concat_1"), cub, out),
                    IngestListener.SILENT));
    assertEquals(List.of("1", "2"), ids(FeatureStore.open(out)));
    return e.getMessage();
  }

  /** The image file of the third bird of {@code cub}. */
  private static Path thirdBird(Path cub) throws IOException {
    String third = Files.readAllLines(cub.resolve("images.txt")).get(2).split(" ")[1];
    return cub.resolve("images").resolve(third);
  }
}
