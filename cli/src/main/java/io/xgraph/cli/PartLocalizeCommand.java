package io.xgraph.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xgraph part localize}: {@code xg.part.localize} on one image. */
@Command(
    name = "localize",
    mixinStandardHelpOptions = true,
    description =
        "Localise a stored part on one image (xg.part.localize): the point on the object crop and"
            + " in original-image pixels, score, winning template and the patterns that voted.")
public final class PartLocalizeCommand implements Callable<Integer> {

  @Mixin PartCalls calls;

  @Option(names = "--part", required = true, description = "Part name")
  String part;

  @Option(
      names = "--image",
      required = true,
      paramLabel = "ID_OR_PATH",
      description = "Image id of a stored Image node, or a path under the image root")
  String image;

  @Option(
      names = "--responses",
      description = "auto (stored INFERRED_ON if any, else the CNN; default), stored, or cnn",
      defaultValue = "auto")
  String responses;

  @Option(
      names = "--mirrored",
      arity = "1",
      paramLabel = "true|false",
      description = "Try the mirrored image too (default: as the part was learned)")
  Boolean mirrored;

  @Override
  public Integer call() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("responses", responses);
    if (mirrored != null) {
      config.put("mirrored", mirrored);
    }
    Map<String, Object> r =
        calls
            .call(
                "CALL xg.part.localize($model, $part, $image, $config)",
                Map.of("model", calls.model, "part", part, "image", image, "config", config))
            .get(0);
    System.out.printf(
        "Part `%s` on `%s`: crop (%.1f, %.1f), image (%.1f, %.1f), score %.4g, template %s (%s),"
            + " mirrored %s, responses %s%n",
        r.get("part"),
        r.get("image"),
        num(r, "x"),
        num(r, "y"),
        num(r, "imageX"),
        num(r, "imageY"),
        num(r, "score"),
        r.get("template"),
        r.get("templateImage"),
        r.get("mirrored"),
        r.get("responses"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> votes = (List<Map<String, Object>>) r.get("votes");
    System.out.printf(
        "%d votes (pattern key, target x, target y on the crop, mass):%n", votes.size());
    for (Map<String, Object> v : votes) {
      System.out.printf(
          "  %-24s %7.1f %7.1f %10.4g%n", v.get("key"), num(v, "x"), num(v, "y"), num(v, "mass"));
    }
    return 0;
  }

  private static double num(Map<String, Object> m, String k) {
    return ((Number) m.get(k)).doubleValue();
  }
}
