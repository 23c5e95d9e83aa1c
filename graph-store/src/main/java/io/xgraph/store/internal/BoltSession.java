package io.xgraph.store.internal;

import io.xgraph.store.RemoteTarget;
import java.util.concurrent.TimeUnit;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.FatalDiscoveryException;
import org.neo4j.driver.exceptions.SecurityException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;

/** Cypher on a remote Neo4j server through the Java Driver (Bolt). */
public final class BoltSession implements CypherSession {

  private final Driver driver;
  private final RemoteTarget target;

  private BoltSession(Driver driver, RemoteTarget target) {
    this.driver = driver;
    this.target = target;
  }

  /**
   * Connects and checks that the server answers, the credentials work and the database exists.
   *
   * @throws IllegalArgumentException wrong user/password or unknown database (a user mistake)
   * @throws IllegalStateException the server cannot be reached
   */
  public static BoltSession connect(RemoteTarget target) {
    Config config =
        Config.builder()
            .withConnectionTimeout(5, TimeUnit.SECONDS)
            .withMaxTransactionRetryTime(15, TimeUnit.SECONDS)
            .withLogging(Logging.none())
            .build();
    Driver driver;
    try {
      driver =
          GraphDatabase.driver(
              target.uri(), AuthTokens.basic(target.user(), target.password()), config);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Value for `--uri` was `" + target.uri() + "`, but it is not usable: " + e.getMessage(),
          e);
    }
    try {
      driver.verifyConnectivity();
      try (Session s = driver.session(SessionConfig.forDatabase(target.database()))) {
        s.run("RETURN 1").consume();
      }
    } catch (AuthenticationException e) {
      driver.close();
      throw new IllegalArgumentException(
          "Neo4j at "
              + target.uri()
              + " refused user `"
              + target.user()
              + "`: wrong user or password. Fix --user/--password (or NEO4J_PASSWORD).",
          e);
    } catch (FatalDiscoveryException e) {
      driver.close();
      throw new IllegalArgumentException(
          "Neo4j at "
              + target.uri()
              + " has no database `"
              + target.database()
              + "`: fix --database or create it (CREATE DATABASE "
              + target.database()
              + ").",
          e);
    } catch (SecurityException e) {
      driver.close();
      throw new IllegalArgumentException(
          "Neo4j at "
              + target.uri()
              + " denied user `"
              + target.user()
              + "`: "
              + e.getMessage()
              + ". Fix the credentials or the user's roles.",
          e);
    } catch (ServiceUnavailableException e) {
      driver.close();
      throw new IllegalStateException(
          "Neo4j server at "
              + target.uri()
              + " is unreachable ("
              + e.getMessage()
              + "). Start the server, or fix --uri (host and Bolt port, usually 7687).",
          e);
    } catch (ClientException e) {
      driver.close();
      throw new IllegalArgumentException(
          "Neo4j at " + target.uri() + " rejected the connection: " + e.getMessage(), e);
    }
    return new BoltSession(driver, target);
  }

  @Override
  public <T> T write(Work<T> work) {
    try (Session s = session()) {
      return s.executeWrite(tx -> work.run(wrap(tx)));
    }
  }

  @Override
  public <T> T read(Work<T> work) {
    try (Session s = session()) {
      return s.executeRead(tx -> work.run(wrap(tx)));
    }
  }

  private Session session() {
    return driver.session(SessionConfig.forDatabase(target.database()));
  }

  private static Tx wrap(TransactionContext tx) {
    return (cypher, params, rows) -> {
      Result result = tx.run(cypher, params);
      while (result.hasNext()) {
        rows.accept(result.next().asMap());
      }
    };
  }

  @Override
  public String location() {
    return target.uri() + " database " + target.database();
  }

  @Override
  public String backend() {
    return "bolt";
  }

  @Override
  public void close() {
    driver.close();
  }
}
