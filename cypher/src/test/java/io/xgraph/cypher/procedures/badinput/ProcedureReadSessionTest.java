package io.xgraph.cypher.procedures.badinput;

import static io.xgraph.cypher.procedures.badinput.BadInputServer.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.ClientException;

/**
 * The write procedures are mode WRITE: in a READ session over Bolt they are refused, reading
 * procedures still answer in the same session, and the stored graph is unchanged.
 */
class ProcedureReadSessionTest extends WithBadInputServer {

  /**
   * Write procedures are mode WRITE: a READ session over Bolt refuses them, the store unchanged.
   */
  @Test
  void inferAndStoreIsRefusedInAReadSessionOverBolt() {
    inReadSession(
        session -> {
          assertWriteRefused(
              session, "CALL xg.image.inferAndStore($m, 'bird.jpg', {imageId: 'x'})");
          // Reading procedures work in the same READ session.
          assertEquals(
              MODEL,
              session
                  .run("CALL xg.model.list() YIELD name RETURN name")
                  .single()
                  .get(0)
                  .asString());
        });
    server.assertUnchanged();
  }

  /** {@code xg.part.learn} is mode WRITE: refused in a READ session over Bolt, nothing written. */
  @Test
  void partLearnIsRefusedInAReadSessionOverBolt() {
    inReadSession(
        session -> {
          assertWriteRefused(
              session,
              "CALL xg.part.learn($m, 'head', [{image: 'bird.jpg', x: 100, y: 100}],"
                  + " {unannotated: 0})");
          assertEquals(0, session.run("CALL xg.part.list($m)", Map.of("m", MODEL)).list().size());
        });
    server.assertUnchanged();
  }

  /** Runs {@code body} in a READ session over the server's Bolt port. */
  private static void inReadSession(Consumer<Session> body) {
    try (Driver driver = GraphDatabase.driver(server.neo4j.boltURI(), AuthTokens.none());
        Session session =
            driver.session(
                SessionConfig.builder().withDefaultAccessMode(AccessMode.READ).build())) {
      body.accept(session);
    }
  }

  /** The call, given {@code $m} = the stored model, is refused as a write in read access mode. */
  private static void assertWriteRefused(Session session, String call) {
    ClientException e =
        assertThrows(ClientException.class, () -> session.run(call, Map.of("m", MODEL)).list());
    assertEquals(
        "Writing in read access mode not allowed. Attempted write to neo4j", e.getMessage());
  }
}
