package io.xgraph.store.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neo4j.graphdb.Result;
import org.neo4j.graphdb.Transaction;

/**
 * The Neo4j Browser guide of a served store ({@code :play http://127.0.0.1:7474/xgraph/guide}):
 * slides of ready-to-run queries, filled in with the store's own model, its strongest pattern and
 * that pattern's image patches, each query returning a small graph.
 */
public final class BrowserGuide {

  /** Images per pattern the guide's queries and patch strip show. */
  static final int TOP_IMAGES = 6;

  private BrowserGuide() {}

  /** What the guide's queries are filled in with, read from the store. */
  record Facts(
      String model,
      int layers,
      String topLayerName,
      String strongestKey,
      long strongestChannel,
      int topImages,
      boolean imagePaths,
      String part,
      boolean comparison) {}

  /** The guide's HTML for the store of {@code site}. */
  public static String html(ServedSites.Site site) {
    Facts f;
    MeaningSlide.Facts meaning = null;
    try (Transaction tx = site.db().beginTx()) {
      f = facts(tx);
      if (f != null) {
        meaning = MeaningSlide.facts(tx, f.model());
      }
    }
    List<String> slides = new ArrayList<>();
    slides.add(intro(f));
    if (f == null) {
      return page(slides);
    }
    String m = cypherString(f.model());
    int top = f.layers() - 1;
    slides.add(
        slide(
            "A layer's strongest patterns",
            "The 12 patterns of the top layer ("
                + escape(f.topLayerName())
                + ") that score highest on average. A pattern is one part of a filter's activation"
                + " map that recurs at a consistent position; its caption reads L&lt;layer&gt;"
                + " f&lt;filter&gt;.&lt;pattern of that filter&gt;.",
            "MATCH (l:Layer {graph: "
                + m
                + ", index: "
                + top
                + "})-[h:HAS_PATTERN]->(p:Pattern)\n"
                + "WITH l, h, p ORDER BY p.meanScore DESC LIMIT 12\nRETURN l, h, p"));
    slides.add(
        slide(
            "How patterns compose",
            "PARENT links a pattern to the patterns one layer up that co-activate with it at a"
                + " stable displacement (dx, dy). Here: the strongest pattern of the lowest layer,"
                + " its 4 closest parents and their 2 closest parents each. Colours tell the layers"
                + " apart.",
            "MATCH (p:Pattern {graph: "
                + m
                + ", layer: 0}) WITH p ORDER BY p.meanScore DESC LIMIT 1\n"
                + "MATCH (p)-[r:PARENT]->(q:Pattern) WHERE r.rank < 4\n"
                + "OPTIONAL MATCH (q)-[r2:PARENT]->(g:Pattern) WHERE r2.rank < 2\n"
                + "RETURN p, r, q, r2, g"));
    String key = cypherString(f.strongestKey());
    String patches = "";
    if (site.imageRoot() != null && f.imagePaths() && f.topImages() > 0) {
      StringBuilder strip =
          new StringBuilder("<div style=\"display:flex;flex-wrap:wrap;gap:4px\">");
      for (int rank = 0; rank < Math.min(TOP_IMAGES, f.topImages()); rank++) {
        String url = escape(site.patchUrl(f.strongestKey(), rank));
        strip
            .append("<a href=\"")
            .append(url)
            .append("\" target=\"_blank\"><img class=\"xgraph-patch\" src=\"")
            .append(url)
            .append("\" width=\"")
            .append(PatternPatches.SIZE)
            .append("\" height=\"")
            .append(PatternPatches.SIZE)
            .append("\" alt=\"rank ")
            .append(rank)
            .append("\"></a>");
      }
      patches = strip.append("</div>").toString();
    } else {
      patches =
          "<p>(No image patches: start <code>xgraph serve</code> with <code>--image-root"
              + " DIR</code>, the dataset the store's images came from.)</p>";
    }
    slides.add(
        slide(
            "One pattern's top images",
            "FIRES_ON links a pattern to the training images where it fires strongest (rank 0 ="
                + " strongest), at the inferred position x, y. Below: the receptive field of "
                + escape(f.strongestKey())
                + " around that position on each image.",
            "MATCH (p:Pattern {key: "
                + key
                + "})-[f:FIRES_ON]->(i:Image) WHERE f.rank < "
                + TOP_IMAGES
                + "\nRETURN p, f, i",
            patches,
            "CALL xg.pattern.topImages(" + key + ", " + TOP_IMAGES + ")"));
    slides.add(
        slide(
            "One filter, several patterns",
            "A filter of a layer is split into several patterns, each a part it detects at its own"
                + " position; each with its 3 strongest images.",
            "MATCH (p:Pattern {graph: "
                + m
                + ", layer: "
                + top
                + ", channel: "
                + f.strongestChannel()
                + "})\nOPTIONAL MATCH (p)-[r:FIRES_ON]->(i:Image) WHERE r.rank < 3\nRETURN p, r, i"));
    slides.add(PictureSlide.html(site, f.model(), top, f.strongestKey()));
    slides.add(MeaningSlide.html(meaning, f.model(), f.strongestKey()));
    slides.add(partSlide(f, m));
    slides.add(comparisonSlide(f));
    slides.add(
        slide(
            "Procedures",
            "The xg.* procedures answer in tables: the strongest patterns of a layer, the patterns"
                + " near a point of the 224 x 224 object crop, and the list of all procedures.",
            "CALL xg.pattern.lookup(" + m + ", {layer: " + top + ", limit: 10})",
            "CALL xg.pattern.near(" + m + ", 112, 60, {radius: 16})",
            "SHOW PROCEDURES YIELD name, description WHERE name STARTS WITH 'xg.'"
                + " RETURN name, description"));
    return page(slides);
  }

  static Facts facts(Transaction tx) {
    Result models =
        tx.execute(
            "MATCH (m:ExplanatoryGraph) WITH m ORDER BY m.name LIMIT 1"
                + " MATCH (m)-[:HAS_LAYER]->(l:Layer) WITH m, l ORDER BY l.index DESC"
                + " WITH m, collect(l) AS ls WITH m, ls, ls[0] AS top"
                + " MATCH (top)-[:HAS_PATTERN]->(p:Pattern) WITH m, ls, top, p"
                + " ORDER BY p.meanScore DESC LIMIT 1"
                + " OPTIONAL MATCH (p)-[f:FIRES_ON]->(i:Image)"
                + " WITH m, ls, top, p, count(f) AS images, count(i.path) AS paths"
                + " OPTIONAL MATCH (m)-[:HAS_PART]->(part:Part)"
                + " WITH m, ls, top, p, images, paths, min(part.name) AS part"
                + " RETURN m.name AS model, size(ls) AS layers, top.name AS topName,"
                + " p.key AS key, p.channel AS channel, images, paths, part,"
                + " EXISTS { (:Comparison) } AS comparison");
    if (!models.hasNext()) {
      return null;
    }
    Map<String, Object> r = models.next();
    return new Facts(
        (String) r.get("model"),
        ((Number) r.get("layers")).intValue(),
        (String) r.get("topName"),
        (String) r.get("key"),
        ((Number) r.get("channel")).longValue(),
        ((Number) r.get("images")).intValue(),
        ((Number) r.get("paths")).longValue() > 0,
        (String) r.get("part"),
        (Boolean) r.get("comparison"));
  }

  private static String intro(Facts f) {
    return slide(
        "The explanatory graph",
        "Each node of this graph is a <b>pattern</b>: a part that a filter of the CNN detects at a"
            + " consistent position on the object (Zhang et al., AAAI 2018). A learned graph"
            + " (ExplanatoryGraph, of a Model: the CNN) has layers, layers have patterns (colour = layer, light to dark from the lowest), patterns"
            + " have parents one layer up (PARENT) and fire on images (FIRES_ON); taught parts are"
            + " And-Or graphs over patterns (Part, PartTemplate, USES). "
            + (f == null
                ? "This store holds no graph yet: learn one with <code>xgraph demo</code>."
                : "This guide uses graph <code>" + escape(f.model()) + "</code>.")
            + " Click a query to put it into the editor, then run it.",
        "MATCH (g:ExplanatoryGraph)-[h:HAS_LAYER]->(l:Layer) RETURN g, h, l");
  }

  private static String partSlide(Facts f, String m) {
    if (f.part() == null) {
      return slide(
          "A part's And-Or graph",
          "No part is taught on this graph yet. Teach one from a few annotated birds with"
              + " <code>xgraph part learn</code> or the procedure below, then run the query.",
          "CALL xg.part.list(" + m + ")",
          "MATCH (part:Part)-[ht:HAS_TEMPLATE]->(t:PartTemplate)-[u:USES]->(q:Pattern)"
              + " WHERE u.rank < 4 RETURN part, ht, t, u, q LIMIT 40");
    }
    return slide(
        "A part's And-Or graph",
        "Part <code>"
            + escape(f.part())
            + "</code>: an OR over templates (one per annotated example), each an AND over the"
            + " patterns it uses at displacements (dx, dy). Shown: 3 templates, their 4 strongest"
            + " patterns each.",
        "MATCH (:ExplanatoryGraph {name: "
            + m
            + "})-[:HAS_PART]->(part:Part {name: "
            + cypherString(f.part())
            + "})-[ht:HAS_TEMPLATE]->(t:PartTemplate)\n"
            + "WITH part, ht, t ORDER BY ht.index LIMIT 3\n"
            + "MATCH (t)-[u:USES]->(q:Pattern) WHERE u.rank < 4\nRETURN part, ht, t, u, q");
  }

  private static String comparisonSlide(Facts f) {
    String text =
        "MATCHES links a pattern of one model to its closest counterpart in another (distance of"
            + " their firing positions on shared images); Comparison nodes hold the summary.";
    if (!f.comparison()) {
      text +=
          " No comparison is stored yet: <code>xgraph compare</code> writes one; the queries"
              + " then return it.";
    }
    return slide(
        "Comparing two models",
        text,
        "MATCH (a:Pattern)-[x:MATCHES]->(b:Pattern)\nWITH a, x, b ORDER BY x.distance LIMIT 10\n"
            + "RETURN a, x, b",
        "MATCH (c:Comparison)-[r:COMPARES]->(g:ExplanatoryGraph) RETURN c, r, g");
  }

  /** A slide: title, text, then queries (runnable) or raw HTML blocks (starting with '<'). */
  static String slide(String title, String text, String... blocks) {
    StringBuilder s =
        new StringBuilder("<slide class=\"row-fluid\">\n<div class=\"col-sm-3\"><h3>")
            .append(escape(title))
            .append("</h3><p class=\"lead\">")
            .append(text)
            .append("</p></div>\n<div class=\"col-sm-9\">\n");
    for (String b : blocks) {
      if (b.startsWith("<")) {
        s.append(b).append('\n');
      } else {
        s.append("<pre class=\"pre-scrollable code runnable\">")
            .append(escape(b))
            .append("</pre>\n");
      }
    }
    return s.append("</div>\n</slide>\n").toString();
  }

  private static String page(List<String> slides) {
    return "<article class=\"guide\">\n<carousel class=\"deck container-fluid\">\n"
        + String.join("", slides)
        + "</carousel>\n</article>\n";
  }

  static String cypherString(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
