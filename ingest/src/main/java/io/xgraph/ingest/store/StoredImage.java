package io.xgraph.ingest.store;

import io.xgraph.ingest.image.Box;
import io.xgraph.learner.data.ImageRecord;
import io.xgraph.learner.data.Point;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * One image of the store: the learner's record plus where it came from.
 *
 * @param record id, split and parts in crop coordinates
 * @param file image path as given to ingest
 * @param box crop box on the original image (the whole image for a plain folder)
 * @param source index of the image in the dataset selection (for resuming)
 */
public record StoredImage(ImageRecord record, String file, Box box, int source) {

  void put(Properties p, int k) {
    String prefix = "image." + k + ".";
    p.setProperty(prefix + "id", record.id());
    p.setProperty(prefix + "split", record.split());
    p.setProperty(prefix + "file", file);
    p.setProperty(prefix + "box", box.x() + "," + box.y() + "," + box.w() + "," + box.h());
    p.setProperty(prefix + "source", Integer.toString(source));
    StringBuilder parts = new StringBuilder();
    new TreeMap<>(record.parts())
        .forEach(
            (id, pt) -> {
              if (parts.length() > 0) {
                parts.append(';');
              }
              parts.append(id).append(':').append(pt.x()).append(',').append(pt.y());
            });
    p.setProperty(prefix + "parts", parts.toString());
  }

  /** Image {@code k} of a progress file; a missing or unreadable value names {@code file}. */
  static StoredImage get(Properties p, int k, Path file) {
    String prefix = "image." + k + ".";
    String box = StoreFiles.required(p, prefix + "box", file);
    String s = p.getProperty(prefix + "parts", "");
    try {
      String[] b = box.split(",");
      Map<Integer, Point> parts = new TreeMap<>();
      if (!s.isEmpty()) {
        for (String part : s.split(";")) {
          int colon = part.indexOf(':');
          String[] xy = part.substring(colon + 1).split(",");
          parts.put(
              Integer.parseInt(part.substring(0, colon)),
              new Point(Double.parseDouble(xy[0]), Double.parseDouble(xy[1])));
        }
      }
      return new StoredImage(
          new ImageRecord(
              StoreFiles.required(p, prefix + "id", file),
              StoreFiles.required(p, prefix + "split", file),
              parts),
          StoreFiles.required(p, prefix + "file", file),
          new Box(
              Double.parseDouble(b[0]),
              Double.parseDouble(b[1]),
              Double.parseDouble(b[2]),
              Double.parseDouble(b[3])),
          StoreFiles.requiredInt(p, prefix + "source", file));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw StoreFiles.damaged(
          file, "image " + k + " has box `" + box + "` and parts `" + s + "`, which do not parse");
    }
  }
}
