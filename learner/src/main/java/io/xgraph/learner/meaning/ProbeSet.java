package io.xgraph.learner.meaning;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The probe images a descriptor was measured on: a dataset and image ids, in order. Two descriptors
 * are comparable only when their probe sets are equal, which the key (a digest of the dataset and
 * the ids) tells without storing the ids.
 *
 * @param dataset the dataset kind (e.g. {@code cub})
 * @param imageIds the probe images' ids, in descriptor order
 */
public record ProbeSet(String dataset, List<String> imageIds) {

  public ProbeSet {
    imageIds = List.copyOf(imageIds);
    if (imageIds.isEmpty()) {
      throw new IllegalArgumentException("a probe set needs at least one image");
    }
  }

  /** 16 hex digits of SHA-256 over the descriptor kind, the dataset and the ids. */
  public String key() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(("xgraph-descriptor/1\n" + dataset + "\n").getBytes(StandardCharsets.UTF_8));
      for (String id : imageIds) {
        md.update((id + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Descriptor length over this probe set. */
  public int dimensions() {
    return PatternDescriptor.dimensions(imageIds.size());
  }
}
