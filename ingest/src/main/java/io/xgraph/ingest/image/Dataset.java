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
          "Image directory `"
              + dir
              + "` does not exist; give --images DIR (a folder of images or a"
              + " CUB-200-2011 directory with images.txt)");
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

  private static Dataset openCub(Path dir) {
    Map<String, String> files = readTable(dir, "images.txt", true);
    Map<String, String> boxes = readTable(dir, "bounding_boxes.txt", false);
    Map<String, String> splits = readTable(dir, "train_test_split.txt", false);
    Map<String, Map<Integer, Point>> parts = new HashMap<>();
    Path partFile = dir.resolve("part_locs.txt");
    if (Files.isRegularFile(partFile)) {
      for (String[] f : lines(partFile)) {
        String expected = "<image id> <part id> <x> <y> <visible 0|1>";
        if (f.length != 5) {
          throw badLine(partFile, String.join(" ", f), expected);
        }
        try {
          int visible = Integer.parseInt(f[4]);
          double x = finite(f[2]);
          double y = finite(f[3]);
          int part = Integer.parseInt(f[1]);
          if (visible != 0 && visible != 1) {
            throw new NumberFormatException("visible " + visible);
          }
          if (visible == 1) {
            parts.computeIfAbsent(f[0], k -> new TreeMap<>()).put(part, new Point(x, y));
          }
        } catch (NumberFormatException e) {
          throw badLine(partFile, String.join(" ", f), expected);
        }
      }
    }
    List<DatasetImage> out = new ArrayList<>();
    for (Map.Entry<String, String> e : files.entrySet()) {
      String id = e.getKey();
      Box box = null;
      String b = boxes.get(id);
      if (b != null) {
        String[] v = b.trim().split("\\s+");
        if (v.length != 4) {
          throw badLine(dir.resolve("bounding_boxes.txt"), id + " " + b, "<id> <x> <y> <w> <h>");
        }
        try {
          box = new Box(finite(v[0]), finite(v[1]), finite(v[2]), finite(v[3]));
        } catch (NumberFormatException ex) {
          throw badLine(dir.resolve("bounding_boxes.txt"), id + " " + b, "<id> <x> <y> <w> <h>");
        }
      }
      String s = splits.get(id);
      String split = s == null ? "all" : s.trim().equals("1") ? "train" : "test";
      out.add(
          new DatasetImage(
              id,
              dir.resolve("images").resolve(e.getValue().trim()),
              box,
              split,
              parts.getOrDefault(id, Map.of())));
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

  private static Map<String, String> readTable(Path dir, String name, boolean required) {
    Path file = dir.resolve(name);
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      if (required) {
        throw new IllegalArgumentException("CUB file `" + file + "` is missing");
      }
      return out;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String t = line.trim();
        if (t.isEmpty()) {
          continue;
        }
        int space = t.indexOf(' ');
        if (space < 0) {
          throw badLine(file, t, "<image id> <value>");
        }
        out.put(t.substring(0, space), t.substring(space + 1));
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read `" + file + "`: " + e, e);
    }
    return out;
  }

  private static List<String[]> lines(Path file) {
    try {
      List<String[]> out = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          out.add(line.trim().split("\\s+"));
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

  private static IllegalArgumentException badLine(Path file, String line, String expected) {
    return new IllegalArgumentException(
        "Line `"
            + line
            + "` of `"
            + file
            + "` is malformed; expected `"
            + expected
            + "`: fix or remove that line");
  }
}
