package io.xgraph.cypher.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.ResourceIterator;
import org.neo4j.graphdb.Transaction;

/**
 * The patterns of one model version as flat columns, sorted by id: what lookup and near scan. Read
 * once per model version and kept (a few MB for the largest graphs), so a call costs a scan of
 * arrays, not a database query.
 */
public final class PatternTable {

  /** Tables of recently used model versions, by {@link ModelRef#cacheKey()}. */
  private static final Map<String, PatternTable> CACHE = new ConcurrentHashMap<>();

  final String model;
  final List<LayerInfo> layers;
  final String[] key;
  final int[] id;
  final int[] layer;
  final int[] channel;
  final int[] slot;
  final double[] muX;
  final double[] muY;
  final double[] sigma;
  final double[] meanScore;

  PatternTable(
      String model,
      List<LayerInfo> layers,
      String[] key,
      int[] id,
      int[] layer,
      int[] channel,
      int[] slot,
      double[] muX,
      double[] muY,
      double[] sigma,
      double[] meanScore) {
    this.model = model;
    this.layers = List.copyOf(layers);
    this.key = key;
    this.id = id;
    this.layer = layer;
    this.channel = channel;
    this.slot = slot;
    this.muX = muX;
    this.muY = muY;
    this.sigma = sigma;
    this.meanScore = meanScore;
  }

  /** The table of {@code ref}'s version, read through {@code tx} on first use. */
  public static PatternTable of(Transaction tx, ModelRef ref) {
    PatternTable t = CACHE.get(ref.cacheKey());
    if (t == null) {
      t = read(tx, ref.name());
      String prefix = ref.database() + "\u0000" + ref.name() + "\u0000";
      CACHE.keySet().removeIf(k -> k.startsWith(prefix));
      CACHE.put(ref.cacheKey(), t);
    }
    return t;
  }

  static PatternTable read(Transaction tx, String model) {
    List<Node> nodes = new ArrayList<>();
    try (ResourceIterator<Node> it = tx.findNodes(Catalog.PATTERN, "graph", model)) {
      it.forEachRemaining(nodes::add);
    }
    int n = nodes.size();
    Object[][] rows = new Object[n][];
    for (int i = 0; i < n; i++) {
      Node p = nodes.get(i);
      rows[i] =
          new Object[] {
            p.getProperty("key"),
            p.getProperty("id"),
            p.getProperty("layer"),
            p.getProperty("channel"),
            p.getProperty("slot"),
            p.getProperty("muX"),
            p.getProperty("muY"),
            p.getProperty("sigma"),
            p.getProperty("meanScore")
          };
    }
    java.util.Arrays.sort(rows, (a, b) -> Integer.compare(num(a[1]), num(b[1])));
    String[] key = new String[n];
    int[] id = new int[n];
    int[] layer = new int[n];
    int[] channel = new int[n];
    int[] slot = new int[n];
    double[] muX = new double[n];
    double[] muY = new double[n];
    double[] sigma = new double[n];
    double[] meanScore = new double[n];
    for (int i = 0; i < n; i++) {
      Object[] r = rows[i];
      key[i] = (String) r[0];
      id[i] = num(r[1]);
      layer[i] = num(r[2]);
      channel[i] = num(r[3]);
      slot[i] = num(r[4]);
      muX[i] = ((Number) r[5]).doubleValue();
      muY[i] = ((Number) r[6]).doubleValue();
      sigma[i] = ((Number) r[7]).doubleValue();
      meanScore[i] = ((Number) r[8]).doubleValue();
    }
    return new PatternTable(
        model,
        Catalog.layers(tx, model),
        key,
        id,
        layer,
        channel,
        slot,
        muX,
        muY,
        sigma,
        meanScore);
  }

  private static int num(Object o) {
    return ((Number) o).intValue();
  }

  /** Number of patterns. */
  public int size() {
    return id.length;
  }

  /** The model's layers, lowest first. */
  public List<LayerInfo> layers() {
    return layers;
  }

  /** Side of the model input plane, pixels (224 for the shared models). */
  public int inputSize() {
    return layers.isEmpty() ? 224 : layers.get(0).inputSize();
  }

  public String key(int row) {
    return key[row];
  }

  public int id(int row) {
    return id[row];
  }

  public int layer(int row) {
    return layer[row];
  }

  public int channel(int row) {
    return channel[row];
  }

  public int slot(int row) {
    return slot[row];
  }

  public double muX(int row) {
    return muX[row];
  }

  public double muY(int row) {
    return muY[row];
  }

  public double sigma(int row) {
    return sigma[row];
  }

  public double meanScore(int row) {
    return meanScore[row];
  }

  /** Name of layer {@code index}. */
  public String layerName(int index) {
    return layers.get(index).name();
  }
}
