package io.xgraph.store.server;

import java.util.List;
import java.util.Map;
import org.neo4j.graphdb.Result;
import org.neo4j.graphdb.Transaction;

/**
 * The Browser guide's slide of pictures: links to an image's firing heatmap (one panel per layer)
 * and to the top layer's patch sheets captioned with part labels, from {@link StoredPictures}
 * through {@code /xgraph/heatmap} and {@code /xgraph/sheet}.
 */
final class PictureSlide {

  private PictureSlide() {}

  static final String TITLE = "Pictures: where patterns fire";

  /** The slide for graph {@code model}, whose top layer has index {@code topLayer}. */
  static String html(ServedSites.Site site, String model, int topLayer, String strongestKey) {
    String image;
    String part;
    int partLayer;
    try (Transaction tx = site.db().beginTx()) {
      image =
          first(
              tx.execute(
                  "MATCH (:Pattern {key: $k})-[:FIRES_ON {rank: 0}]->(i:Image) RETURN i.id AS v",
                  Map.of("k", strongestKey)));
      Result best =
          tx.execute(
              "MATCH (l:Layer {graph: $g})-[:HAS_PATTERN]->(:Pattern)-[:TRACKS]->(s:SemanticPart)"
                  + " WITH s.name AS part, l.index AS layer, count(*) AS n"
                  + " RETURN part, layer ORDER BY n DESC, layer DESC LIMIT 1",
              Map.of("g", model));
      if (best.hasNext()) {
        Map<String, Object> r = best.next();
        part = (String) r.get("part");
        partLayer = ((Number) r.get("layer")).intValue();
      } else {
        part = null;
        partLayer = topLayer;
      }
    }
    String text =
        "An image's <b>heatmap</b>: in each layer, the patterns whose top images include it, each"
            + " adding its score around its stored position (FIRES_ON x, y), drawn on the object"
            + " crop the CNN saw (the journal version's Fig. 6). A <b>patch sheet</b>: a layer's"
            + " strongest patterns, one row each with its top image patches, captioned with the"
            + " part it tracks (TRACKS, from <code>xgraph part labels</code>) and the share of its"
            + " held-out firings on that part. Open a link in a new tab; <code>xgraph heatmap</code>"
            + " and <code>xgraph patches --overview</code> draw the same from the command line.";
    if (site.imageRoot() == null || image == null) {
      return BrowserGuide.slide(
          TITLE,
          text
              + " (No pictures here: start <code>xgraph serve</code> with <code>--image-root"
              + " DIR</code>, the dataset the store's images came from.)",
          "MATCH (i:Image)<-[f:FIRES_ON]-(p:Pattern {graph: "
              + BrowserGuide.cypherString(model)
              + "})\nRETURN i.id AS image, count(p) AS firing ORDER BY firing DESC LIMIT 10");
    }
    StringBuilder links = new StringBuilder("<ul class=\"xgraph-pictures\">");
    link(links, site.heatmapUrl(model, image), "Heatmap of image " + image + ", every layer");
    link(
        links,
        site.sheetUrl(model, topLayer, null),
        "Patch sheet of the top layer (L" + topLayer + ")");
    if (part != null) {
      link(
          links,
          site.sheetUrl(model, partLayer, part),
          "Patterns of L" + partLayer + " tracking " + part);
    } else {
      links.append(
          "<li>No part labels in this store: <code>xgraph part labels --store DIR</code> writes"
              + " them; the sheets then carry them.</li>");
    }
    links.append("</ul>");
    return BrowserGuide.slide(
        TITLE,
        text,
        links.toString(),
        "MATCH (i:Image {id: "
            + BrowserGuide.cypherString(image)
            + "})<-[f:FIRES_ON]-(p:Pattern {graph: "
            + BrowserGuide.cypherString(model)
            + "})\nRETURN p.layer AS layer, count(p) AS firing, avg(f.score) AS meanScore"
            + " ORDER BY layer");
  }

  private static void link(StringBuilder out, String url, String label) {
    out.append("<li><a class=\"xgraph-picture\" href=\"")
        .append(BrowserGuide.escape(url))
        .append("\" target=\"_blank\">")
        .append(BrowserGuide.escape(label))
        .append("</a></li>");
  }

  private static String first(Result r) {
    List<Object> v = r.stream().map(m -> m.get("v")).toList();
    return v.isEmpty() ? null : String.valueOf(v.get(0));
  }
}
