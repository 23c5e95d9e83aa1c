package io.xgraph.cypher.results;

import org.neo4j.procedure.Description;

/** One procedure or function of the plugin (row of {@code xg.help}). */
public final class HelpResult {
  @Description("Name, e.g. 'xg.pattern.lookup'.")
  public final String name;

  @Description("'procedure' (CALL it) or 'function' (use it in an expression, e.g. RETURN).")
  public final String kind;

  @Description("Arguments with defaults and types, and the fields it yields or the type returned.")
  public final String signature;

  @Description("What it does, in one sentence.")
  public final String description;

  public HelpResult(String name, String kind, String signature, String description) {
    this.name = name;
    this.kind = kind;
    this.signature = signature;
    this.description = description;
  }
}
