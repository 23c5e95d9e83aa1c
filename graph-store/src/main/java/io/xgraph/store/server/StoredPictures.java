package io.xgraph.store.server;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;

/**
 * The pictures the served site and the notebooks draw from a store alone: an image's firing heatmap
 * per layer from the stored {@code FIRES_ON} positions (each pattern's top images, so a pattern
 * counts on an image only where that image is among its strongest; {@code xgraph heatmap} with a
 * feature store infers every pattern instead), and a layer's patch sheet captioned with each
 * pattern's part label ({@code TRACKS}).
 */
public final class StoredPictures {

  /** Patterns (rows) of a sheet by default. */
  public static final int SHEET_PATTERNS = 8;

  /** Top images (columns) of a sheet by default. */
  public static final int SHEET_TOP = 6;

  /** Side of a sheet's tile, pixels. */
  static final int TILE = 80;

  private StoredPictures() {}

  /** A drawn sheet and the texts on it (its title, its note or null, each row's label lines). */
  public record Sheet(BufferedImage image, String title, String note, List<List<String>> rows) {}

  /**
   * The firing heatmap of image {@code imageId} under graph {@code graph} (null: the store's only
   * graph), one panel per layer.
   *
   * @throws IllegalArgumentException naming the unknown graph or image, or the missing file
   */
  public static BufferedImage heatmap(
      GraphDatabaseService db, Path imageRoot, String graph, String imageId) {
    try (Transaction tx = db.beginTx()) {
      String g = graphName(tx, graph);
      if (imageId == null || imageId.isBlank()) {
        throw new IllegalArgumentException(
            "Give the image id (parameter `image`), e.g. one of " + someImages(tx, g));
      }
      List<Map<String, Object>> layers = layers(tx, g);
      List<Map<String, Object>> fires =
          rows(
              tx,
              "MATCH (i:Image {id: $id})<-[f:FIRES_ON]-(p:Pattern {graph: $g})"
                  + " RETURN p.layer AS layer, f.x AS x, f.y AS y, f.score AS score,"
                  + " i.path AS path, i.box AS box",
              Map.of("id", imageId, "g", g));
      if (fires.isEmpty()) {
        boolean known =
            !rows(tx, "MATCH (i:Image {id: $id}) RETURN 1", Map.of("id", imageId)).isEmpty();
        throw new IllegalArgumentException(
            (known
                    ? "No pattern of graph `"
                        + g
                        + "` has image `"
                        + imageId
                        + "` among its stored"
                        + " top images (FIRES_ON); `xgraph heatmap --features F --graph G --image "
                        + imageId
                        + "` infers the graph on any ingested image."
                    : "No image `" + imageId + "` in the store.")
                + " Images graph `"
                + g
                + "` fires on include "
                + someImages(tx, g));
      }
      int input = num(layers.get(0).get("input")).intValue();
      BufferedImage crop =
          objectCrop(imageRoot, imageId, fires.get(0).get("path"), fires.get(0).get("box"), input);
      List<FiringHeatmap.Panel> panels = new ArrayList<>();
      for (Map<String, Object> l : layers) {
        long index = num(l.get("index")).longValue();
        List<FiringHeatmap.Spot> spots = new ArrayList<>();
        for (Map<String, Object> f : fires) {
          if (num(f.get("layer")).longValue() == index) {
            spots.add(
                new FiringHeatmap.Spot(
                    num(f.get("x")).doubleValue(),
                    num(f.get("y")).doubleValue(),
                    num(f.get("score")).doubleValue()));
          }
        }
        panels.add(
            new FiringHeatmap.Panel(
                (String) l.get("name"), num(l.get("stride")).doubleValue(), spots));
      }
      return FiringHeatmap.render(
          crop,
          String.format(
              Locale.ROOT,
              "%s, image %s: where its patterns fire (stored FIRES_ON: patterns with this image"
                  + " among their top images)",
              g,
              imageId),
          panels);
    }
  }

  /**
   * The patch sheet of layer {@code layer} (index or name) of graph {@code graph} (null: the
   * store's only graph): its strongest patterns by mean score, or with {@code part} the patterns
   * tracking that part by share; each row a pattern's top {@code top} image patches, captioned with
   * its part label and share, or "no part label". A graph without labels gets uncaptioned rows and
   * a note saying how to write them.
   *
   * @throws IllegalArgumentException naming the unknown graph, layer or part
   */
  public static Sheet sheet(
      GraphDatabaseService db,
      Path imageRoot,
      String graph,
      String layer,
      String part,
      int patterns,
      int top) {
    if (patterns < 1 || patterns > 64 || top < 1 || top > 32) {
      throw new IllegalArgumentException(
          "A sheet has 1..64 patterns and 1..32 top images each; was " + patterns + " and " + top);
    }
    try (Transaction tx = db.beginTx()) {
      String g = graphName(tx, graph);
      Map<String, Object> l = layer(tx, g, layer);
      long index = num(l.get("index")).longValue();
      String layerName = (String) l.get("name");
      boolean labelled =
          !rows(
                  tx,
                  "MATCH (:Pattern {graph: $g})-[t:TRACKS]->(:SemanticPart) RETURN 1 LIMIT 1",
                  Map.of("g", g))
              .isEmpty();
      String writeLabels = "xgraph part labels --features F --graph G --store DIR writes them";
      List<Map<String, Object>> chosen;
      String what;
      if (part != null && !part.isBlank()) {
        if (!labelled) {
          throw new IllegalArgumentException(
              "Graph `"
                  + g
                  + "` has no part labels (TRACKS), so no pattern tracks `"
                  + part
                  + "`: "
                  + writeLabels
                  + "; without a part the sheet shows the strongest"
                  + " patterns.");
        }
        chosen =
            rows(
                tx,
                "MATCH (p:Pattern {graph: $g, layer: $l})-[t:TRACKS]->(:SemanticPart {name: $part})"
                    + " RETURN p.key AS key, p.channel AS channel ORDER BY t.share DESC LIMIT $n",
                Map.of("g", g, "l", index, "part", part, "n", (long) patterns));
        if (chosen.isEmpty()) {
          throw new IllegalArgumentException(unknownPart(tx, g, part, layerName));
        }
        what = chosen.size() + " patterns tracking " + part + " (by share)";
      } else {
        chosen =
            rows(
                tx,
                "MATCH (p:Pattern {graph: $g, layer: $l}) WHERE EXISTS { (p)-[:FIRES_ON]->() }"
                    + " RETURN p.key AS key, p.channel AS channel"
                    + " ORDER BY p.meanScore DESC LIMIT $n",
                Map.of("g", g, "l", index, "n", (long) patterns));
        what = chosen.size() + " strongest patterns (by mean score)";
      }
      double rf = num(l.get("rf")).doubleValue();
      int input = num(l.get("input")).intValue();
      int side = (int) Math.max(1, Math.min(Math.round(rf), input));
      Map<String, BufferedImage> crops = new HashMap<>();
      List<PatchSheet.Row> sheetRows = new ArrayList<>();
      for (Map<String, Object> p : chosen) {
        String key = (String) p.get("key");
        List<BufferedImage> tiles = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (Map<String, Object> f :
            rows(
                tx,
                "MATCH (:Pattern {key: $k})-[f:FIRES_ON]->(i:Image) WHERE f.rank < $top"
                    + " RETURN i.id AS id, i.path AS path, i.box AS box, f.x AS x, f.y AS y,"
                    + " f.score AS score ORDER BY f.rank",
                Map.of("k", key, "top", (long) top))) {
          String id = String.valueOf(f.get("id"));
          BufferedImage crop =
              crops.computeIfAbsent(
                  id, x -> objectCrop(imageRoot, id, f.get("path"), f.get("box"), input));
          tiles.add(
              patch(crop, num(f.get("x")).doubleValue(), num(f.get("y")).doubleValue(), side));
          captions.add(
              String.format(Locale.ROOT, "%s  %.2f", id, num(f.get("score")).doubleValue()));
        }
        sheetRows.add(
            new PatchSheet.Row(
                List.of(key, partCaption(tx, key), "filter " + p.get("channel")), tiles, captions));
      }
      String title =
          String.format(
              Locale.ROOT,
              "%s, layer %s: %s; patches = receptive field %d px around the stored position",
              g,
              layerName,
              what,
              side);
      String note =
          labelled
              ? null
              : "No part labels in this store for graph `" + g + "`: " + writeLabels + ".";
      return new Sheet(
          PatchSheet.render(title, note, sheetRows, TILE, 150),
          title,
          note,
          sheetRows.stream().map(PatchSheet.Row::label).toList());
    }
  }

  /** A pattern's part labels, best share first, as one caption line. */
  static String partCaption(Transaction tx, String patternKey) {
    List<Map<String, Object>> labels =
        rows(
            tx,
            "MATCH (:Pattern {key: $k})-[t:TRACKS]->(s:SemanticPart)"
                + " RETURN s.name AS part, t.share AS share ORDER BY t.share DESC",
            Map.of("k", patternKey));
    if (labels.isEmpty()) {
      return "no part label";
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(2, labels.size()); i++) {
      s.append(i == 0 ? "" : ", ")
          .append(labels.get(i).get("part"))
          .append(
              String.format(
                  Locale.ROOT, " %.0f%%", 100 * num(labels.get(i).get("share")).doubleValue()));
    }
    if (labels.size() > 2) {
      s.append(" +").append(labels.size() - 2);
    }
    return s.toString();
  }

  private static String unknownPart(Transaction tx, String g, String part, String layerName) {
    List<Map<String, Object>> where =
        rows(
            tx,
            "MATCH (l:Layer {graph: $g})-[:HAS_PATTERN]->(:Pattern)-[:TRACKS]->(:SemanticPart"
                + " {name: $part}) RETURN l.index AS index, l.name AS layer, count(*) AS n ORDER BY index",
            Map.of("g", g, "part", part));
    if (where.isEmpty()) {
      List<Object> names = new ArrayList<>();
      for (Map<String, Object> r :
          rows(
              tx,
              "MATCH (:Pattern {graph: $g})-[:TRACKS]->(s:SemanticPart)"
                  + " RETURN DISTINCT s.name AS name ORDER BY name",
              Map.of("g", g))) {
        names.add(r.get("name"));
      }
      return "No pattern of graph `" + g + "` tracks a part `" + part + "`; its parts are " + names;
    }
    Map<String, Object> counts = new LinkedHashMap<>();
    for (Map<String, Object> r : where) {
      counts.put((String) r.get("layer"), r.get("n"));
    }
    return "No pattern of layer "
        + layerName
        + " tracks `"
        + part
        + "`; patterns per layer that do: "
        + counts;
  }

  /** {@code graph}, checked, or the store's only graph when null. */
  static String graphName(Transaction tx, String graph) {
    List<Object> names = new ArrayList<>();
    for (Map<String, Object> r :
        rows(tx, "MATCH (g:ExplanatoryGraph) RETURN g.name AS name ORDER BY name", Map.of())) {
      names.add(r.get("name"));
    }
    if (graph == null || graph.isBlank()) {
      if (names.size() != 1) {
        throw new IllegalArgumentException(
            "The store holds "
                + names.size()
                + " graphs "
                + names
                + ": name one (parameter `graph`)");
      }
      return (String) names.get(0);
    }
    if (!names.contains(graph)) {
      throw new IllegalArgumentException(
          "No graph `" + graph + "` in the store; its graphs are " + names);
    }
    return graph;
  }

  private static List<Map<String, Object>> layers(Transaction tx, String g) {
    return rows(
        tx,
        "MATCH (:ExplanatoryGraph {name: $g})-[:HAS_LAYER]->(l:Layer)"
            + " RETURN l.index AS index, l.name AS name, l.stride AS stride,"
            + " l.receptiveField AS rf, l.inputSize AS input ORDER BY index",
        Map.of("g", g));
  }

  /** Layer {@code layer} of {@code g}, by index or name. */
  static Map<String, Object> layer(Transaction tx, String g, String layer) {
    List<String> names = new ArrayList<>();
    for (Map<String, Object> l : layers(tx, g)) {
      names.add(l.get("index") + "=" + l.get("name"));
      if (layer != null
          && (layer.trim().equals(String.valueOf(l.get("index"))) || layer.equals(l.get("name")))) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        "Layer was `"
            + layer
            + "`, but graph `"
            + g
            + "` has layers "
            + names
            + " (index or name)");
  }

  private static String someImages(Transaction tx, String g) {
    List<Object> ids = new ArrayList<>();
    for (Map<String, Object> r :
        rows(
            tx,
            "MATCH (p:Pattern {graph: $g})-[f:FIRES_ON {rank: 0}]->(i:Image)"
                + " WITH i, count(p) AS n ORDER BY n DESC LIMIT 5 RETURN i.id AS id",
            Map.of("g", g))) {
      ids.add(r.get("id"));
    }
    return ids.toString();
  }

  /** The object crop as the CNN saw it: the image's box stretched to {@code input} square. */
  static BufferedImage objectCrop(
      Path imageRoot, String imageId, Object path, Object box, int input) {
    if (imageRoot == null) {
      throw new IllegalArgumentException(
          "No image folder is configured: give the dataset the store's images came from"
              + " (xgraph serve --image-root DIR).");
    }
    if (!(path instanceof String relative)) {
      throw new IllegalArgumentException(
          "Image `"
              + imageId
              + "` has no path in the store (written without its dataset); write"
              + " the graph again from its feature store.");
    }
    Path file = PatternPatches.insideRoot(imageRoot, relative);
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read image " + file, e);
    }
    if (image == null) {
      throw new IllegalArgumentException("The image " + file + " is not a readable picture");
    }
    double[] b = PatternPatches.box(box);
    if (b == null) {
      b = new double[] {0, 0, image.getWidth(), image.getHeight()};
    }
    BufferedImage out = new BufferedImage(input, input, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(
        image,
        0,
        0,
        input,
        input,
        (int) Math.round(b[0]),
        (int) Math.round(b[1]),
        (int) Math.round(b[0] + Math.max(1, b[2])),
        (int) Math.round(b[1] + Math.max(1, b[3])),
        null);
    g.dispose();
    return out;
  }

  /** The {@code side} square of {@code crop} centred on (x, y); grey beyond the crop. */
  static BufferedImage patch(BufferedImage crop, double x, double y, int side) {
    BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(new Color(0x80, 0x80, 0x80));
    g.fillRect(0, 0, side, side);
    g.drawImage(
        crop,
        -(int) Math.round(x - (side - 1) / 2.0),
        -(int) Math.round(y - (side - 1) / 2.0),
        null);
    g.dispose();
    return out;
  }

  /** {@code image} as PNG bytes. */
  public static byte[] png(BufferedImage image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static List<Map<String, Object>> rows(
      Transaction tx, String query, Map<String, Object> params) {
    List<Map<String, Object>> out = new ArrayList<>();
    tx.execute(query, params).forEachRemaining(out::add);
    return out;
  }

  private static Number num(Object v) {
    if (v instanceof Number n) {
      return n;
    }
    throw new IllegalStateException("Expected a number in the store, found " + v);
  }
}
