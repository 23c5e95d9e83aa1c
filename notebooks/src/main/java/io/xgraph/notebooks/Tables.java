package io.xgraph.notebooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Plain-text tables of query rows for notebook cells: aligned columns, numbers to 4 digits. */
public final class Tables {

  private Tables() {}

  /**
   * The rows as an aligned text table, columns in the first row's key order; an empty list gives
   * "(no rows)".
   */
  public static String text(List<? extends Map<String, ?>> rows) {
    if (rows.isEmpty()) {
      return "(no rows)\n";
    }
    List<String> columns = new ArrayList<>(rows.get(0).keySet());
    List<String[]> cells = new ArrayList<>();
    cells.add(columns.toArray(String[]::new));
    for (Map<String, ?> row : rows) {
      String[] line = new String[columns.size()];
      for (int c = 0; c < line.length; c++) {
        line[c] = cell(row.get(columns.get(c)));
      }
      cells.add(line);
    }
    int[] width = new int[columns.size()];
    for (String[] line : cells) {
      for (int c = 0; c < line.length; c++) {
        width[c] = Math.max(width[c], line[c].length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (int r = 0; r < cells.size(); r++) {
      String[] line = cells.get(r);
      for (int c = 0; c < line.length; c++) {
        boolean last = c + 1 == line.length;
        b.append(last ? line[c] : String.format(Locale.ROOT, "%-" + width[c] + "s  ", line[c]));
      }
      b.append('\n');
      if (r == 0) {
        for (int c = 0; c < line.length; c++) {
          b.append("-".repeat(width[c])).append(c + 1 < line.length ? "  " : "\n");
        }
      }
    }
    return b.toString();
  }

  static String cell(Object v) {
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e6
          ? String.format(Locale.ROOT, "%.1f", d)
          : String.format(Locale.ROOT, "%.4g", d);
    }
    return String.valueOf(v);
  }
}
