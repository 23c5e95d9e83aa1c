package io.xgraph.cypher.procedures.badinput;

import static io.xgraph.cypher.procedures.badinput.BadInputServer.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.cypher.testing.Harness;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The bad-call catalogue of every xg.* procedure: wrong types, negative and oversized counts, an
 * unknown model and unknown configuration keys get their exact message, and the stored graph is the
 * same after each refused call. The calls come from one table per procedure family ({@link
 * LookupBadCalls}, {@link ImageBadCalls}, {@link PartBadCalls}, {@link CompareBadCalls}, {@link
 * NullArgumentBadCalls}); inference runs the real SqueezeNet, so bad images are refused by the real
 * decoder.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcedureBadCallCatalogueTest extends WithBadInputServer {

  /**
   * Cypher call -> the exact root-cause message (its first line: Neo4j's own type errors add the
   * query and a caret below).
   */
  private static Map<String, String> cases() {
    Map<String, String> c = new LinkedHashMap<>();
    LookupBadCalls.addTo(c);
    ImageBadCalls.addTo(c, server.imageRoot);
    PartBadCalls.addTo(c, server.imageRoot);
    CompareBadCalls.addTo(c);
    NullArgumentBadCalls.addTo(c);
    return c;
  }

  /** Every case fails with its message and leaves the store as it was; all mismatches at once. */
  @Test
  @Order(1)
  void everyBadCallIsRefusedWithItsMessageAndChangesNothing() {
    List<String> mismatches = new ArrayList<>();
    for (Map.Entry<String, String> c : cases().entrySet()) {
      String got = Harness.failure(server.db, c.getKey(), Map.of()).split("\n")[0];
      if (!got.equals(c.getValue())) {
        mismatches.add(c.getKey() + "\n    got:  " + got + "\n    want: " + c.getValue());
      }
      server.assertUnchanged("store changed by " + c.getKey());
    }
    assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
  }

  /** A valid call still works after all the refused ones (the server is not wedged). */
  @Test
  @Order(2)
  void aGoodCallStillAnswers() {
    List<Map<String, Object>> rows =
        Harness.rows(
            server.db,
            "CALL xg.image.infer($m, 'bird.jpg', {onlyFired: false, wholeImage: true})",
            Map.of("m", MODEL));
    assertEquals(3, rows.size());
  }
}
