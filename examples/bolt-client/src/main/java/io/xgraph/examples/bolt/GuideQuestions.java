package io.xgraph.examples.bolt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

/**
 * A downstream app over Bolt that asks an xgraph store the three questions of the Browser guide:
 * which patterns of a model's top layer are strongest, where the strongest of them fires, and which
 * patterns a taught part uses. Plain Cypher on the documented graph model (docs/graph-model.md);
 * only the Neo4j Java Driver on the class path.
 *
 * <p>Run: {@code java -cp ... io.xgraph.examples.bolt.GuideQuestions bolt://127.0.0.1:7687
 * <password> [model]} (the password is the one {@code xgraph serve} printed).
 */
public final class GuideQuestions {

  /** A pattern and its mean score. */
  public record StrongPattern(String key, long layer, long channel, long slot, double meanScore) {}

  /** One of a pattern's top images: rank, image id, inferred position (input-plane px). */
  public record TopImage(long rank, String imageId, double x, double y, double score) {}

  /** A template of a part and the pattern keys it uses, strongest vote first. */
  public record PartTemplateUses(String part, long template, List<String> patternKeys) {}

  private final Driver driver;

  public GuideQuestions(Driver driver) {
    this.driver = driver;
  }

  /** The model asked about: the one given, else the first stored model by name. */
  public String model(String given) {
    if (given != null) {
      return given;
    }
    List<Record> rows =
        run("MATCH (g:ExplanatoryGraph) RETURN g.name AS name ORDER BY name LIMIT 1", Map.of());
    if (rows.isEmpty()) {
      throw new IllegalStateException("The store holds no model: learn one (xgraph demo) first.");
    }
    return rows.get(0).get("name").asString();
  }

  /** Question 1: the {@code limit} strongest patterns of the model's top layer. */
  public List<StrongPattern> strongestTopLayerPatterns(String model, int limit) {
    List<StrongPattern> out = new ArrayList<>();
    for (Record r :
        run(
            "MATCH (:ExplanatoryGraph {name: $m})-[:HAS_LAYER]->(l:Layer) WITH l ORDER BY l.index DESC LIMIT 1"
                + " MATCH (l)-[:HAS_PATTERN]->(p:Pattern)"
                + " RETURN p.key AS key, p.layer AS layer, p.channel AS channel, p.slot AS slot,"
                + " p.meanScore AS meanScore ORDER BY meanScore DESC, key LIMIT $limit",
            Map.of("m", model, "limit", limit))) {
      out.add(
          new StrongPattern(
              r.get("key").asString(),
              r.get("layer").asLong(),
              r.get("channel").asLong(),
              r.get("slot").asLong(),
              r.get("meanScore").asDouble()));
    }
    return out;
  }

  /** Question 2: where a pattern fires strongest, best first. */
  public List<TopImage> topImages(String patternKey, int limit) {
    List<TopImage> out = new ArrayList<>();
    for (Record r :
        run(
            "MATCH (:Pattern {key: $k})-[f:FIRES_ON]->(i:Image)"
                + " RETURN f.rank AS rank, i.id AS id, f.x AS x, f.y AS y, f.score AS score"
                + " ORDER BY rank LIMIT $limit",
            Map.of("k", patternKey, "limit", limit))) {
      out.add(
          new TopImage(
              r.get("rank").asLong(),
              r.get("id").asString(),
              r.get("x").asDouble(),
              r.get("y").asDouble(),
              r.get("score").asDouble()));
    }
    return out;
  }

  /** Question 3: each template of each part of the model, with the patterns it uses. */
  public List<PartTemplateUses> partTemplates(String model) {
    List<PartTemplateUses> out = new ArrayList<>();
    for (Record r :
        run(
            "MATCH (:ExplanatoryGraph {name: $m})-[:HAS_PART]->(part:Part)-[h:HAS_TEMPLATE]->(t:PartTemplate)"
                + " MATCH (t)-[u:USES]->(q:Pattern)"
                + " WITH part, h, q ORDER BY part.name, h.index, u.rank"
                + " RETURN part.name AS part, h.index AS template, collect(q.key) AS keys",
            Map.of("m", model))) {
      out.add(
          new PartTemplateUses(
              r.get("part").asString(),
              r.get("template").asLong(),
              r.get("keys").asList(v -> v.asString())));
    }
    return out;
  }

  private List<Record> run(String cypher, Map<String, Object> params) {
    try (Session session = driver.session()) {
      return session.executeRead(tx -> tx.run(cypher, params).list());
    }
  }

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println(
          "Usage: GuideQuestions BOLT_URI PASSWORD [MODEL]  (as printed by xgraph serve)");
      System.exit(2);
    }
    try (Driver driver = GraphDatabase.driver(args[0], AuthTokens.basic("neo4j", args[1]))) {
      GuideQuestions q = new GuideQuestions(driver);
      String model = q.model(args.length > 2 ? args[2] : null);
      System.out.println("model " + model);
      List<StrongPattern> strongest = q.strongestTopLayerPatterns(model, 5);
      for (StrongPattern p : strongest) {
        System.out.printf(
            java.util.Locale.ROOT,
            "strongest %s L%d f%d.%d %.6f%n",
            p.key(),
            p.layer(),
            p.channel(),
            p.slot(),
            p.meanScore());
      }
      if (!strongest.isEmpty()) {
        for (TopImage t : q.topImages(strongest.get(0).key(), 5)) {
          System.out.printf(
              java.util.Locale.ROOT,
              "fires %d %s %.3f %.3f %.6f%n",
              t.rank(),
              t.imageId(),
              t.x(),
              t.y(),
              t.score());
        }
      }
      List<PartTemplateUses> parts = q.partTemplates(model);
      if (parts.isEmpty()) {
        System.out.println("no part taught on " + model);
      }
      for (PartTemplateUses t : parts) {
        System.out.println(
            "part " + t.part() + " template " + t.template() + " " + t.patternKeys());
      }
    }
  }
}
