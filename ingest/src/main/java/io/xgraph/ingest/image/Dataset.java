package io.xgraph.ingest.image;

import io.xgraph.learner.data.Point;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An image dataset: a plain folder of images (whole images, no parts), or the CUB-200-2011 layout
 * (images.txt, bounding_boxes.txt, part_locs.txt, train_test_split.txt), recognised by its
 * images.txt.
 *
 * @param root dataset directory
 * @param kind "cub" or "folder"
 * @param images images in dataset order (CUB id order, or sorted relative path)
 */
public record Dataset(Path root, String kind, List<DatasetImage> images) {

  public Dataset {
    images = List.copyOf(images);
  }

  /** Opens {@code dir}, detecting the CUB layout by its images.txt. */
  public static Dataset open(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "Dataset folder `"
              + dir
              + "` does not exist; give --dataset DIR (a folder of images or a"
              + " CUB-200-2011 folder with images.txt, any name)");
    }
    return Files.isRegularFile(dir.resolve("images.txt")) ? openCub(dir) : openFolder(dir);
  }

  /** Images of {@code split} ("train", "test" or "all"), at most {@code limit} (0 = no limit). */
  public Dataset select(String split, int limit) {
    if (!List.of("train", "test", "all").contains(split)) {
      throw new IllegalArgumentException(
          "Value for `--split` was `" + split + "`, but must be one of train, test, all");
    }
    if (limit < 0) {
      throw new IllegalArgumentException(
          "Value for `--limit` was `" + limit + "`, but must be >= 0 (0 = all images)");
    }
    List<DatasetImage> out = new ArrayList<>();
    for (DatasetImage image : images) {
      if (split.equals("all") || split.equals(image.split()) || image.split().equals("all")) {
        out.add(image);
        if (limit > 0 && out.size() == limit) {
          break;
        }
      }
    }
    return new Dataset(root, kind, out);
  }

  private static Dataset openFolder(Path dir) {
    List<DatasetImage> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .forEach(
              p ->
                  out.add(
                      new DatasetImage(dir.relativize(p).toString(), p, null, "all", Map.of())));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot list image directory `" + dir + "`: " + e, e);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "Image directory `" + dir + "` holds no files; give a folder of images");
    }
    return new Dataset(dir, "folder", out);
  }

  private static final String PART_FORMAT = "<image id> <part id> <x> <y> <visible 0|1>";
  private static final String BOX_FORMAT = "<image id> <x> <y> <w> <h>";
  private static final String SPLIT_FORMAT = "<image id> <1 = train | 0 = test>";

  /** One non-blank line of an annotation file: its 1-based number, text and fields. */
  private record Line(Path file, int number, String text, String[] fields) {}

  private static Dataset openCub(Path dir) {
    Map<String, Line> files = readTable(dir, "images.txt", true);
    Map<String, Line> boxes = readTable(dir, "bounding_boxes.txt", false);
    Map<String, Line> splits = readTable(dir, "train_test_split.txt", false);
    Map<String, Map<Integer, Point>> parts = new HashMap<>();
    Map<String, Map<Integer, Integer>> partLines = new HashMap<>();
    Path partFile = dir.resolve("part_locs.txt");
    if (Files.isRegularFile(partFile)) {
      for (Line line : lines(partFile)) {
        String[] f = line.fields();
        if (f.length != 5) {
          throw badLine(line, PART_FORMAT);
        }
        int visible;
        int part;
        double x;
        double y;
        try {
          visible = Integer.parseInt(f[4]);
          x = finite(f[2]);
          y = finite(f[3]);
          part = Integer.parseInt(f[1]);
        } catch (NumberFormatException e) {
          throw badLine(line, PART_FORMAT);
        }
        if (visible != 0 && visible != 1) {
          throw badLine(line, PART_FORMAT);
        }
        if (visible == 1) {
          if (x < 0 || y < 0) {
            throw badValue(
                line,
                "a visible part at (" + f[2] + ", " + f[3] + ")",
                "coordinates are pixels from the top-left of the image, >= 0",
                "fix that line or mark the part not visible (last field 0)");
          }
          parts.computeIfAbsent(f[0], k -> new TreeMap<>()).put(part, new Point(x, y));
          partLines.computeIfAbsent(f[0], k -> new HashMap<>()).put(part, line.number());
        }
      }
    }
    List<DatasetImage> out = new ArrayList<>();
    for (Map.Entry<String, Line> e : files.entrySet()) {
      String id = e.getKey();
      Line boxLine = boxes.get(id);
      Box box = boxLine == null ? null : box(boxLine);
      String split = split(splits.get(id));
      out.add(
          new DatasetImage(
              id,
              // the rest of the line, so that a file name with spaces stays whole
              dir.resolve("images").resolve(e.getValue().text().substring(id.length()).trim()),
              box,
              split,
              parts.getOrDefault(id, Map.of()),
              new DatasetImage.Lines(
                  dir.resolve("bounding_boxes.txt"),
                  boxLine == null ? 0 : boxLine.number(),
                  partFile,
                  partLines.getOrDefault(id, Map.of()))));
    }
    out.sort(
        (a, c) -> {
          try {
            return Long.compare(Long.parseLong(a.id()), Long.parseLong(c.id()));
          } catch (NumberFormatException ex) {
            return a.id().compareTo(c.id());
          }
        });
    return new Dataset(dir, "cub", out);
  }

  /**
   * The box of a bounding_boxes.txt line; what can be checked without the image is checked here
   * (the image size is checked when its header is read, {@link DatasetImage#checkedBox}).
   */
  private static Box box(Line line) {
    String[] v = line.fields();
    if (v.length != 5) {
      throw badLine(line, BOX_FORMAT);
    }
    Box box;
    try {
      box = new Box(finite(v[1]), finite(v[2]), finite(v[3]), finite(v[4]));
    } catch (NumberFormatException ex) {
      throw badLine(line, BOX_FORMAT);
    }
    if (box.w() < 1 || box.h() < 1) {
      throw badValue(
          line,
          "a box of width `" + v[3] + "` and height `" + v[4] + "`",
          "both must be at least 1 pixel",
          "fix that line");
    }
    if (box.x() < -ImageCrops.BOX_TOLERANCE || box.y() < -ImageCrops.BOX_TOLERANCE) {
      throw badValue(
          line,
          "a box at x `" + v[1] + "`, y `" + v[2] + "`",
          "the top-left corner is in pixels from the top-left of the image, >= 0 (one pixel of"
              + " overhang is clipped)",
          "fix that line");
    }
    return box;
  }

  /** The split of a train_test_split.txt line: 1 is train, 0 test; no line: "all". */
  private static String split(Line line) {
    if (line == null) {
      return "all";
    }
    if (line.fields().length != 2) {
      throw badLine(line, SPLIT_FORMAT);
    }
    return switch (line.fields()[1]) {
      case "1" -> "train";
      case "0" -> "test";
      default ->
          throw badValue(
              line,
              "split `" + line.fields()[1] + "`",
              "the split is 1 (train) or 0 (test)",
              "fix that line");
    };
  }

  /** The lines of an id-keyed table by image id; a repeated id keeps its last line, as before. */
  private static Map<String, Line> readTable(Path dir, String name, boolean required) {
    Path file = dir.resolve(name);
    Map<String, Line> out = new java.util.LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      if (required) {
        throw new IllegalArgumentException("CUB file `" + file + "` is missing");
      }
      return out;
    }
    for (Line line : lines(file)) {
      if (line.fields().length < 2) {
        throw badLine(line, "<image id> <value>");
      }
      out.put(line.fields()[0], line);
    }
    return out;
  }

  private static List<Line> lines(Path file) {
    try {
      List<Line> out = new ArrayList<>();
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < all.size(); i++) {
        String t = all.get(i).trim();
        if (!t.isEmpty()) {
          out.add(new Line(file, i + 1, t, t.split("\\s+")));
        }
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read `" + file + "`: " + e, e);
    }
  }

  /** A finite decimal number; NaN and infinities count as malformed. */
  private static double finite(String text) {
    double v = Double.parseDouble(text);
    if (!Double.isFinite(v)) {
      throw new NumberFormatException(text);
    }
    return v;
  }

  private static IllegalArgumentException badLine(Line line, String expected) {
    return new IllegalArgumentException(
        "Line "
            + line.number()
            + " (`"
            + line.text()
            + "`) of `"
            + line.file()
            + "` is malformed; expected `"
            + expected
            + "`: fix or remove that line");
  }

  /** A well-formed line with a value out of its range: the line, the value, the rule, the fix. */
  private static IllegalArgumentException badValue(
      Line line, String value, String rule, String fix) {
    return new IllegalArgumentException(
        "Line "
            + line.number()
            + " (`"
            + line.text()
            + "`) of `"
            + line.file()
            + "` has "
            + value
            + ", but "
            + rule
            + ": "
            + fix);
  }
}
