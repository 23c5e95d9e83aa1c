package io.xgraph.cypher.procedures;

import io.xgraph.cypher.results.HelpResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.neo4j.graphdb.Transaction;
import org.neo4j.procedure.Context;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;

/** {@code xg.help}: what the plugin offers, in one call, for people new to it. */
public class HelpProcedures {

  @Context public Transaction tx;

  @Procedure(name = "xg.help", mode = Mode.READ)
  @Description(
      "Lists every xg.* procedure and function with its kind, signature and description, those"
          + " whose name contains the search text only.")
  public Stream<HelpResult> help(
      @Name(
              value = "search",
              defaultValue = "",
              description = "Text the name must contain, e.g. 'pattern'; '' lists all.")
          String search) {
    String text = search == null ? "" : search;
    List<HelpResult> out = new ArrayList<>();
    for (String kind : List.of("procedure", "function")) {
      String show = kind.equals("procedure") ? "SHOW PROCEDURES" : "SHOW FUNCTIONS";
      tx
          .execute(
              show
                  + " YIELD name, signature, description WHERE name STARTS WITH 'xg.' AND name"
                  + " CONTAINS $text RETURN name, signature, description",
              Map.of("text", text))
          .stream()
          .forEach(
              r ->
                  out.add(
                      new HelpResult(
                          (String) r.get("name"),
                          kind,
                          (String) r.get("signature"),
                          (String) r.get("description"))));
    }
    out.sort((a, b) -> a.name.compareTo(b.name));
    return out.stream();
  }
}
