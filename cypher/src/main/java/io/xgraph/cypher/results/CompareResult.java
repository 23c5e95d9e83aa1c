package io.xgraph.cypher.results;

import org.neo4j.procedure.Description;

/**
 * One row of {@code xg.model.compare}: a layer pair ({@code table = 'layerPair'}), a model's
 * stability summary ({@code 'model'}) or a part's coverage ({@code 'part'}); fields of the other
 * tables are null.
 */
public final class CompareResult {
  @Description("'layerPair', 'model' or 'part'.")
  public final String table;

  @Description("Model A of the stored comparison.")
  public final String modelA;

  @Description("Model B of the stored comparison.")
  public final String modelB;

  @Description("layerPair: layer of A.")
  public final String layerA;

  @Description("layerPair: layer of B.")
  public final String layerB;

  @Description("layerPair: patterns of layerA.")
  public final Long nodesA;

  @Description("layerPair: patterns of layerB.")
  public final Long nodesB;

  @Description("layerPair: mutual best matches within maxDistance.")
  public final Long matches;

  @Description("layerPair: fraction of layerA's patterns with a counterpart in layerB.")
  public final Double fractionA;

  @Description("layerPair: fraction of layerB's patterns with a counterpart in layerA.")
  public final Double fractionB;

  @Description("layerPair: mean normalised distance of the matches (NaN when none).")
  public final Double meanDistance;

  @Description("layerPair: stability of layerA's graph nodes, release form (lower is better).")
  public final Double stabilityA;

  @Description("layerPair: stability of layerB's graph nodes, release form.")
  public final Double stabilityB;

  @Description("layerPair: mean score of layerA's patterns where they fire.")
  public final Double meanScoreA;

  @Description("layerPair: mean score of layerB's patterns where they fire.")
  public final Double meanScoreB;

  @Description("model: the model.")
  public final String model;

  @Description("model: its patterns.")
  public final Long patterns;

  @Description("model: patterns with at least one counterpart.")
  public final Long withCounterpart;

  @Description("model: graph stability, paper form.")
  public final Double graphPaper;

  @Description("model: graph stability, release form.")
  public final Double graphRelease;

  @Description("model: raw-filter baseline stability, paper form.")
  public final Double rawPaper;

  @Description("model: raw-filter baseline stability, release form.")
  public final Double rawRelease;

  @Description("model: mean score over fired (pattern, image) pairs.")
  public final Double meanScore;

  @Description("part: CUB part id.")
  public final Long partId;

  @Description("part: part name.")
  public final String part;

  @Description("part: stable patterns of A pointing at the part.")
  public final Long stableA;

  @Description("part: stable patterns of B pointing at the part.")
  public final Long stableB;

  @Description("part: all patterns of A pointing at the part.")
  public final Long pointingA;

  @Description("part: all patterns of B pointing at the part.")
  public final Long pointingB;

  private CompareResult(Builder b) {
    table = b.table;
    modelA = b.modelA;
    modelB = b.modelB;
    layerA = b.layerA;
    layerB = b.layerB;
    nodesA = b.nodesA;
    nodesB = b.nodesB;
    matches = b.matches;
    fractionA = b.fractionA;
    fractionB = b.fractionB;
    meanDistance = b.meanDistance;
    stabilityA = b.stabilityA;
    stabilityB = b.stabilityB;
    meanScoreA = b.meanScoreA;
    meanScoreB = b.meanScoreB;
    model = b.model;
    patterns = b.patterns;
    withCounterpart = b.withCounterpart;
    graphPaper = b.graphPaper;
    graphRelease = b.graphRelease;
    rawPaper = b.rawPaper;
    rawRelease = b.rawRelease;
    meanScore = b.meanScore;
    partId = b.partId;
    part = b.part;
    stableA = b.stableA;
    stableB = b.stableB;
    pointingA = b.pointingA;
    pointingB = b.pointingB;
  }

  /** Fills one row; unset fields stay null. */
  public static final class Builder {
    public String table;
    public String modelA;
    public String modelB;
    public String layerA;
    public String layerB;
    public Long nodesA;
    public Long nodesB;
    public Long matches;
    public Double fractionA;
    public Double fractionB;
    public Double meanDistance;
    public Double stabilityA;
    public Double stabilityB;
    public Double meanScoreA;
    public Double meanScoreB;
    public String model;
    public Long patterns;
    public Long withCounterpart;
    public Double graphPaper;
    public Double graphRelease;
    public Double rawPaper;
    public Double rawRelease;
    public Double meanScore;
    public Long partId;
    public String part;
    public Long stableA;
    public Long stableB;
    public Long pointingA;
    public Long pointingB;

    public CompareResult build() {
      return new CompareResult(this);
    }
  }
}
