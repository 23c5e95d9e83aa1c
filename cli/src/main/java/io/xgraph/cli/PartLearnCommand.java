package io.xgraph.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xgraph part learn}: {@code xg.part.learn} from an annotation file. */
@Command(
    name = "learn",
    mixinStandardHelpOptions = true,
    description =
        "Learn a semantic part from annotated images and store it with the model"
            + " (xg.part.learn). The annotation file has one line per image: image,x,y (comma or"
            + " tab separated; image = Image id or path under the image root; x, y in"
            + " original-image pixels unless --coordinates crop; '#' comments and a header line"
            + " 'image,x,y' are skipped).")
public final class PartLearnCommand implements Callable<Integer> {

  @Mixin PartCalls calls;

  @Option(names = "--part", required = true, description = "Part name, e.g. head")
  String part;

  @Option(
      names = "--annotations",
      required = true,
      paramLabel = "FILE",
      description = "CSV/TSV file: image,x,y per line")
  Path annotations;

  @Option(
      names = "--unannotated",
      description =
          "Training images of the model used as unannotated evidence (default: the procedure's,"
              + " 20); each costs one CNN + graph run unless its inference is stored")
  Integer unannotated;

  @Option(
      names = "--min-annotations",
      description = "Fewest annotations accepted (default: the procedure's, 1)")
  Integer minAnnotations;

  @Option(
      names = "--coordinates",
      description = "image (original-image pixels, default) or crop (224x224 object crop)",
      defaultValue = "image")
  String coordinates;

  @Option(names = "--replace", description = "Replace a stored part of the same name")
  boolean replace;

  @Override
  public Integer call() throws IOException {
    List<Map<String, Object>> rows = readAnnotations(annotations);
    Map<String, Object> config = new LinkedHashMap<>();
    if (unannotated != null) {
      config.put("unannotated", unannotated.longValue());
    }
    if (minAnnotations != null) {
      config.put("minAnnotations", minAnnotations.longValue());
    }
    config.put("coordinates", coordinates);
    config.put("replace", replace);
    Map<String, Object> r =
        calls
            .call(
                "CALL xg.part.learn($model, $part, $annotations, $config)",
                Map.of("model", calls.model, "part", part, "annotations", rows, "config", config))
            .get(0);
    System.out.printf(
        "Part `%s` of model `%s` (version %s): %s templates, patterns per template %s,"
            + " template images %s, mirrored %s; %s unannotated images, %s CNN+graph runs,"
            + " %.1f s%n",
        r.get("part"),
        r.get("model"),
        r.get("modelVersion"),
        r.get("templates"),
        r.get("patternsPerTemplate"),
        r.get("templateImages"),
        r.get("templateMirrored"),
        r.get("unannotated"),
        r.get("inferences"),
        ((Number) r.get("millis")).doubleValue() / 1000);
    return 0;
  }

  /**
   * Reads {@code image,x,y} lines (comma or tab separated); blank lines, {@code #} comments and a
   * header line starting with {@code image} are skipped.
   *
   * @throws IllegalArgumentException naming the file and line of a malformed row
   */
  static List<Map<String, Object>> readAnnotations(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "Annotation file `" + file + "` does not exist; give a CSV/TSV file of image,x,y lines");
    }
    List<Map<String, Object>> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(line.contains("\t") ? "\t" : ",", -1);
      if (out.isEmpty() && f.length == 3 && f[0].strip().equalsIgnoreCase("image")) {
        continue;
      }
      if (f.length != 3) {
        throw new IllegalArgumentException(
            "Line "
                + (i + 1)
                + " of `"
                + file
                + "` has "
                + f.length
                + " fields: `"
                + line
                + "`; give image,x,y (use tabs if the image path holds a comma)");
      }
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("image", f[0].strip());
      try {
        a.put("x", Double.parseDouble(f[1].strip()));
        a.put("y", Double.parseDouble(f[2].strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "Line "
                + (i + 1)
                + " of `"
                + file
                + "` has x,y `"
                + f[1]
                + ","
                + f[2]
                + "`; give numbers (pixels)",
            e);
      }
      out.add(a);
    }
    return out;
  }
}
