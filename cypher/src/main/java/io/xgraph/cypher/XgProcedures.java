package io.xgraph.cypher;

import io.xgraph.cypher.procedures.CompareProcedures;
import io.xgraph.cypher.procedures.FilterProcedures;
import io.xgraph.cypher.procedures.HelpProcedures;
import io.xgraph.cypher.procedures.ImageProcedures;
import io.xgraph.cypher.procedures.InfoFunctions;
import io.xgraph.cypher.procedures.LayerProcedures;
import io.xgraph.cypher.procedures.ModelProcedures;
import io.xgraph.cypher.procedures.PartProcedures;
import io.xgraph.cypher.procedures.PatternFunctions;
import io.xgraph.cypher.procedures.PatternProcedures;
import io.xgraph.cypher.procedures.SimilarProcedures;
import java.util.List;

/** The procedure classes of the plugin, for registering them in an embedded Neo4j. */
public final class XgProcedures {

  /** Every class holding {@code xg.*} procedures. */
  public static final List<Class<?>> CLASSES =
      List.of(
          ModelProcedures.class,
          LayerProcedures.class,
          PatternProcedures.class,
          ImageProcedures.class,
          PartProcedures.class,
          CompareProcedures.class,
          FilterProcedures.class,
          InfoFunctions.class,
          PatternFunctions.class,
          HelpProcedures.class,
          SimilarProcedures.class);

  private XgProcedures() {}
}
